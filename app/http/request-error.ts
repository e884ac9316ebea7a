/**
 * A request the HTTP layer refused before any route read it: a body too large or malformed, or a legacy
 * `?_data=` request. The request still goes through Remix (with an empty body), so the refusal is the route's
 * own translated error page, in the visitor's language and the usual layout; the route's action (or, for a
 * GET, its loaders below the root) throws the status instead of running. See app/http/build.server.ts.
 */
export type RequestError = { status: 400 | 413; phase: "action" | "loader" };

/** The reason a 503 gives, read by the error page (thrown as the body of the Response). */
export type UnavailableReason = "busy" | "damaged";

export function requestErrorOf(context: unknown): RequestError | undefined {
  return (context as { requestError?: RequestError } | undefined)?.requestError;
}
