import { z } from "zod";
import { isValidTimeZone } from "~/utils/time-zone";
import { emailField, localeField, nameField, optionalLocaleField, roleField, singleLine, textId } from "./fields";

export const adminUsersSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), email: emailField, name: nameField, role: roleField, locale: optionalLocaleField }).strict(),
  z.object({ intent: z.literal("role"), userId: textId, role: roleField }).strict(),
]);

export const settingsSchema = z
  .object({
    name: singleLine({ min: 1, max: 100, message: "validation.orgName" }),
    defaultLocale: localeField,
    timeZone: singleLine({ max: 64, message: "validation.timeZone" }).refine(isValidTimeZone, "validation.timeZone"),
  })
  .strict();
