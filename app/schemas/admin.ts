import { z } from "zod";
import { isValidTimeZone } from "~/utils/time-zone";
import { emailField, localeField, nameField, optionalLocaleField, roleField } from "./fields";

export const adminUsersSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), email: emailField, name: nameField, role: roleField, locale: optionalLocaleField }).strict(),
  z.object({ intent: z.literal("role"), userId: z.string().min(1).max(40), role: roleField }).strict(),
]);

export const settingsSchema = z
  .object({
    name: z.string({ required_error: "validation.orgName" }).trim().min(1, "validation.orgName").max(100, "validation.orgName"),
    defaultLocale: localeField,
    timeZone: z.string({ required_error: "validation.timeZone" }).trim().max(64, "validation.timeZone").refine(isValidTimeZone, "validation.timeZone"),
  })
  .strict();
