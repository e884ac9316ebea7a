import { data } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import { HTTP_STATUS, type DomainError } from "~/domain/errors";
import type { Translate } from "~/i18n";

/**
 * The one mapping from a command's refusal to HTTP. Pages: not_found and a forbidden without a message are the
 * plain 404 and 403 pages (thrown); every other refusal is the status with a translated message beside the form
 * (conform's submission.reply), and a Retry-After for 429. JSON: `{ error: { code, message, fields } }`.
 */
export function statusOf(error: DomainError): number {
  return HTTP_STATUS[error.code];
}

/** The refusal in the reader's language (the generic 400 text when the command gave no message). */
export function messageOf(error: DomainError, t: Translate): string {
  if (error.messageKey) return t(error.messageKey, error.params);
  if (error.code === "not_found") return t("errors.404.text");
  if (error.code === "forbidden") return t("errors.403.text");
  return t("errors.400.text");
}

export function headersOf(error: DomainError): Record<string, string> | undefined {
  if (error.code !== "rate_limited") return undefined;
  return { "Retry-After": String(Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 1000))) };
}

/** Throws the plain 404 or 403 page for refusals that have no place beside a form. */
export function throwIfPageError(error: DomainError): void {
  if (error.code === "not_found") throw new Response("Not found", { status: 404 });
  if (error.code === "forbidden" && !error.messageKey) throw new Response("Forbidden", { status: 403 });
}

/** Field errors translated, keyed by field name ("" holds form-level ones). */
export function translatedFields(error: DomainError, t: Translate): Record<string, string[]> | undefined {
  if (!error.fieldErrors) return undefined;
  return Object.fromEntries(Object.entries(error.fieldErrors).map(([field, keys]) => [field, keys.map((k) => t(k))]));
}

/**
 * A refusal as conform's reply to the form that was submitted: field errors beside their fields, anything else as
 * the form's error. Throws for 404 and a bare 403.
 */
export function submissionFailure<T extends Record<string, unknown>>(submission: Submission<unknown>, error: DomainError, t: Translate, extra?: T) {
  throwIfPageError(error);
  const fields = translatedFields(error, t);
  const formErrors = fields?.[""] ?? (fields ? undefined : [messageOf(error, t)]);
  const fieldErrors = fields ? Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "")) : undefined;
  return data(
    { ...(extra ?? ({} as T)), result: submission.reply({ formErrors, fieldErrors }), ok: false as const },
    { status: statusOf(error), headers: headersOf(error) },
  );
}

/** A refusal for a JSON client (resource routes now, the API later). */
export function jsonFailure(error: DomainError, t: Translate): Response {
  return Response.json(
    { error: { code: error.code, message: messageOf(error, t), fields: translatedFields(error, t) } },
    { status: statusOf(error), headers: headersOf(error) },
  );
}
