import { composerParams } from "~/schemas/idea";

/**
 * The query of an address on this page that keeps what the reader is looking at (a merged idea's own page, the
 * earlier conversations, a linked comment's conversation), with `set` applied. Used for the page's own links and
 * for the redirect after deleting a comment, so neither drops the reader somewhere else.
 */
export function viewSearch(current: URLSearchParams, set: { before?: number; after?: number; comment?: number } = {}): string {
  const shown = composerParams.parse(Object.fromEntries(current));
  const next = new URLSearchParams();
  if (shown.original) next.set("original", "1");
  // A new page of the discussion replaces the one shown; otherwise the page shown is kept.
  const page = set.before || set.after || set.comment ? set : shown;
  if (page === shown && shown.comments) next.set("comments", "all");
  for (const key of ["before", "after", "comment"] as const) if (page[key]) next.set(key, String(page[key]));
  const search = next.toString();
  return search ? `?${search}` : "";
}
