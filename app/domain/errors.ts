import type { MessageKey } from "~/i18n/en";

/**
 * The fixed set of ways a command can refuse. Every transport maps them the same way (app/http/command-reply.server.ts):
 * a form gets the status and a translated message beside the form, JSON gets `{ error: { code, message, fields } }`.
 */
export const DOMAIN_ERROR_CODES = ["not_found", "forbidden", "read_only", "closed", "conflict", "rate_limited", "invalid"] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export const HTTP_STATUS: Record<DomainErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  read_only: 409,
  closed: 409,
  conflict: 409,
  rate_limited: 429,
  invalid: 400,
};

type Params = Record<string, string | number>;
export type FieldErrors = Record<string, MessageKey[]>;

/**
 * A refusal in the domain's words. `message` is a message key (translated by the transport, in the reader's language);
 * without one, not_found and forbidden become the plain 404 and 403 pages.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly messageKey: MessageKey | null;
  readonly params: Params | undefined;
  readonly fieldErrors: FieldErrors | undefined;
  readonly retryAfterMs: number | undefined;
  /** What else the caller needs to show the refusal (for example who decided first); never shown raw. */
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: DomainErrorCode,
    options: { message?: MessageKey; params?: Params; fieldErrors?: FieldErrors; retryAfterMs?: number; detail?: Record<string, unknown> } = {},
  ) {
    super(options.message ? `${code}: ${options.message}` : code);
    this.name = "DomainError";
    this.code = code;
    this.messageKey = options.message ?? null;
    this.params = options.params;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail;
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

/** Constructors, to be thrown from a command's authorize or run: `throw fail.closed("ideas.closedForComments")`. */
export const fail = {
  notFound: (message?: MessageKey) => new DomainError("not_found", { message }),
  forbidden: (message?: MessageKey, params?: Params) => new DomainError("forbidden", { message, params }),
  readOnly: (message: MessageKey = "groups.readOnlyError") => new DomainError("read_only", { message }),
  closed: (message: MessageKey, params?: Params) => new DomainError("closed", { message, params }),
  conflict: (message: MessageKey, params?: Params, detail?: Record<string, unknown>) => new DomainError("conflict", { message, params, detail }),
  rateLimited: (message: MessageKey, retryAfterMs: number) => new DomainError("rate_limited", { message, retryAfterMs }),
  invalid: (options: { message?: MessageKey; params?: Params; fieldErrors?: FieldErrors }) => new DomainError("invalid", options),
};
