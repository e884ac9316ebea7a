import { z } from "zod";
import { EMAIL_CHOICES } from "~/domain/constants";
import { anyPasswordField, emailField, localeField, nameField, optionalLocaleField } from "~/schemas/fields";

// The inputs of the account commands (the forms parse their own fields first, with the same field rules).
export { anyPasswordField, emailField, localeField, nameField, optionalLocaleField };
/** A language, or none (the browser's): what the forms' optionalLocaleField gives, as a command's input. */
export const nullableLocale = localeField.nullable();
export const emailChoice = z.enum(EMAIL_CHOICES, { errorMap: () => ({ message: "validation.invalid" }) });
/** A client's address as the server saw it: the key of the per-IP limits. */
export const ipField = z.string().min(1).max(100);
/** An argon2 hash computed before the command (hashing is asynchronous, a transaction is not). */
export const passwordHashField = z.string().min(1).max(500);
/** A token from a link: single-use secrets are long random strings. */
export const linkTokenField = z.string().min(1).max(200);
