import type { DomainError } from "~/domain/errors";
import type { Translate } from "~/i18n";
import { messageOf } from "~/http/command-reply.server";

/**
 * The refusal's text; a rate limit's message says in how many minutes the person may try again ("{minutes}" in
 * auth.login.rateLimited and auth.forgot.rateLimited), counted from the error's retryAfterMs.
 */
export function refusalText(error: DomainError, t: Translate): string {
  if (error.code === "rate_limited" && error.messageKey)
    return t(error.messageKey, { minutes: Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 60_000)), ...error.params });
  return messageOf(error, t);
}
