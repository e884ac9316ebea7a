import { z } from "zod";
import { LOCALES, ORG_ROLES } from "../../db/schema";

// Messages are i18n keys; the UI translates them (see translateError). Checks without an explicit message
// (an unexpected field, a wrong type) get a key too, so no raw zod English ever reaches a user.
z.setErrorMap((issue) => ({ message: issue.code === "unrecognized_keys" ? "validation.unexpectedField" : "validation.invalid" }));

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .max(254, "validation.tooLong")
  .email("validation.email")
  .transform((v) => v.toLowerCase());

export const nameField = z.string({ required_error: "validation.name" }).trim().min(1, "validation.name").max(80, "validation.name");

export const newPasswordField = z.string({ required_error: "validation.required" }).min(10, "validation.passwordLength").max(200, "validation.passwordLength");

export const anyPasswordField = z.string({ required_error: "validation.required" }).max(200, "validation.tooLong");

export const localeField = z.enum(LOCALES, { errorMap: () => ({ message: "validation.invalid" }) });
/** Absent means "follow the browser". */
export const optionalLocaleField = localeField.optional().transform((v) => v ?? null);

export const roleField = z.enum(ORG_ROLES, { errorMap: () => ({ message: "validation.invalid" }) });

export const redirectToField = z.string().max(2000).optional();

// No page is page 1 without a failed parse (a caught error costs more than the rest of the parse).
export const pageParam = z.coerce.number().int().min(1).max(100_000).default(1).catch(1);

/** A schema with password + confirm that must match. */
export function withConfirmation<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, password: newPasswordField, confirm: z.string({ required_error: "validation.required" }).max(200, "validation.tooLong") })
    .strict()
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "validation.passwordMismatch" });
}
