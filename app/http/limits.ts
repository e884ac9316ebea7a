/**
 * How much a request may send. Counted as the bytes arrive (chunked bodies have no Content-Length), before
 * anything parses them: a 50 MB form to /login used to exhaust the heap, and 40,000 repeats of one field in
 * 320 KB froze the server for 28 s inside conform's parser, which copies an array per repeated name.
 */
export const FORM_BODY_LIMIT = 256 * 1024; // the longest text field (10,000 characters) percent-encoded is under 120 KB
export const UPLOAD_BODY_LIMIT = 1024 * 1024; // the invitation form's CSV file and its fields
export const MAX_FORM_ENTRIES = 1000; // the largest real form (a tag picker, a board order) has well under 100
/** A refused body is still read (and thrown away) up to this much, so the browser shows the 413 page instead of a reset connection. */
export const DRAIN_LIMIT = 64 * 1024 * 1024;

const UPLOAD_ROUTES = [/^\/g\/[^/]+\/invitations(?:\.data)?\/?$/];

export function bodyLimitFor(pathname: string): number {
  return UPLOAD_ROUTES.some((r) => r.test(pathname)) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT;
}
