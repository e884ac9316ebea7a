import { z } from "zod";
import { LOCALES, ORG_ROLES } from "~/domain/constants";

// Messages are i18n keys; the UI translates them (see translateError). Checks without an explicit message
// (an unexpected field, a wrong type) get a key too, so no raw zod English ever reaches a user.
z.setErrorMap((issue) => ({ message: issue.code === "unrecognized_keys" ? "validation.unexpectedField" : "validation.invalid" }));

// ---------------------------------------------------------------------------------------------------------
// Text. Every user string goes through one of these, so what is stored is what a person could have typed.

/**
 * Not allowed in a single-line field: C0 controls (TAB, CR and LF included: a name or a title is one line, and a
 * tab in it is a paste accident rather than layout), DEL, C1 controls, the Unicode line and paragraph separators,
 * and the bidirectional embedding, override and isolate controls, which can make a name read as someone else's.
 */
export const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
/** Not allowed in multi-line text once its line endings are normalised: C0 controls except TAB and LF, DEL and C1. */
export const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** CRLF, a lone CR and the Unicode line and paragraph separators all become LF. */
export const normaliseNewlines = (value: string) => value.replace(/\r\n?|[\u2028\u2029]/g, "\n");

type TextOptions = {
  max: number;
  min?: number;
  /** The key shown when the text is too long, and too short or missing unless `minMessage` says otherwise. */
  message?: string;
  minMessage?: string;
};

function boundedString({ max, min, message = "validation.tooLong", minMessage = message }: TextOptions) {
  let s = z.string({ required_error: minMessage, invalid_type_error: "validation.invalid" }).trim();
  if (min !== undefined) s = s.min(min, minMessage);
  return s.max(max, message);
}

/** One line of text (names, titles, handles, subjects): trimmed, bounded, and no control characters inside. */
export function singleLine(options: TextOptions) {
  return boundedString(options).refine((v) => !SINGLE_LINE_FORBIDDEN.test(v), "validation.controlCharacters");
}

/** Text of several lines (descriptions, comments, responses): line endings become LF, NUL and other controls are refused. */
export function multiLine(options: TextOptions) {
  const checked = boundedString(options).refine((v) => !MULTI_LINE_FORBIDDEN.test(v), "validation.invalidCharacters");
  // preprocess types its input as unknown; a form field is a string, and conform's field types need to see that.
  return z.preprocess((v) => (typeof v === "string" ? normaliseNewlines(v) : v), checked) as unknown as z.ZodEffects<typeof checked, string, string>;
}

/**
 * A search box's query: never stored, so controls and line breaks become spaces instead of an error page, and an
 * unreadable value is an empty query (the page then shows its default list).
 */
export function searchQuery(max: number) {
  return z
    .string()
    .max(max)
    .transform((v) => v.replace(new RegExp(SINGLE_LINE_FORBIDDEN.source, "g"), " ").trim())
    .catch("");
}

/** A text id (users, groups, invitations): what the app generates, nothing else. */
export const textId = z
  .string({ required_error: "validation.invalid", invalid_type_error: "validation.invalid" })
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "validation.invalid");

// ---------------------------------------------------------------------------------------------------------
// Numbers. Number(), parseInt and z.coerce.number read "0x10" as 16, "1e1" as 10, " 7 " as 7 and "" as 0, so a
// form could name a different row than it shows. Ids and counts are plain decimal digits and nothing else.

const DIGITS = /^[0-9]+$/;
/** The canonical spelling of a non-negative integer: no sign, no leading zero, no spaces. */
const CANONICAL = /^(?:0|[1-9][0-9]*)$/;
const MAX_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

type IntOptions = { min?: number; max?: number; message?: string };

function digitsToInt(pattern: RegExp, { min = 0, max = Number.MAX_SAFE_INTEGER, message = "validation.number" }: IntOptions) {
  return z
    .string({ required_error: message, invalid_type_error: message })
    .max(MAX_DIGITS, message)
    .regex(pattern, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(Math.min(max, Number.MAX_SAFE_INTEGER), message));
}

/** A number a person types (days, a member limit): decimal digits only, leading zeros allowed, within [min, max]. */
export const decimalInt = (options: IntOptions = {}) => digitsToInt(DIGITS, options);

/** A row id or a number the app wrote into a form or a link: canonical decimal digits, 1 or more. */
export const decimalId = (options: IntOptions = {}) => digitsToInt(CANONICAL, { min: 1, message: "validation.invalid", ...options });

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .max(254, "validation.tooLong")
  .email("validation.email")
  .transform((v) => v.toLowerCase());

export const nameField = singleLine({ min: 1, max: 80, message: "validation.name" });

export const newPasswordField = z.string({ required_error: "validation.required" }).min(10, "validation.passwordLength").max(200, "validation.passwordLength");

export const anyPasswordField = z.string({ required_error: "validation.required" }).max(200, "validation.tooLong");

export const localeField = z.enum(LOCALES, { errorMap: () => ({ message: "validation.invalid" }) });
/** Absent means "follow the browser". */
export const optionalLocaleField = localeField.optional().transform((v) => v ?? null);

export const roleField = z.enum(ORG_ROLES, { errorMap: () => ({ message: "validation.invalid" }) });

export const redirectToField = z.string().max(2000).optional();

// No page is page 1 without a failed parse (a caught error costs more than the rest of the parse); "0x2" is no page.
export const pageParam = decimalInt({ min: 1, max: 100_000 }).default("1").catch(1);

/** A schema with password + confirm that must match. */
export function withConfirmation<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, password: newPasswordField, confirm: z.string({ required_error: "validation.required" }).max(200, "validation.tooLong") })
    .strict()
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "validation.passwordMismatch" });
}
