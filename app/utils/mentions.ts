// @mentions: shared by the server (which resolves and renders them) and the browser (which autocompletes them).

/** The @mention handle a name suggests: "Matti Meikäläinen" -> "matti-meikäläinen". */
export function handleFor(name: string): string {
  const base = name
    .normalize("NFC")
    .toLocaleLowerCase("fi")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30)
    .replace(/-+$/g, "");
  return base.length >= 2 ? base : `member${base ? `-${base}` : ""}`;
}

/** The name's handle, or the first free numbered variant of it (matti, matti-2, matti-3 …). */
export function freeHandle(name: string, isTaken: (handle: string) => boolean): string {
  const base = handleFor(name);
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) if (!isTaken(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * "@handle" where the @ does not follow a letter, digit or one of `.@/_-` (so e-mail addresses and paths are
 * not mentions). A handle ends with a letter or digit: "thanks @matti." mentions "matti".
 */
export const MENTION_PATTERN = /(?<![\p{L}\p{N}_.@/-])@([\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)/gu;

/**
 * The distinct handles mentioned in a markdown text, lower-cased, at most `limit` of them. Code and the text of
 * links are skipped, as the renderer skips them: what is not shown as a mention does not notify anyone.
 */
export function extractMentions(text: string, limit = 20): string[] {
  const found = new Set<string>();
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/\[[^\]]*\]\([^)]*\)/g, " ");
  for (const match of prose.matchAll(MENTION_PATTERN)) {
    found.add(match[1].toLocaleLowerCase("fi"));
    if (found.size >= limit) break;
  }
  return [...found];
}

/** The partial "@word" just before the caret, for autocomplete; null when the caret is not in one. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|[^\p{L}\p{N}_.@/-])@([\p{L}\p{N}-]{0,30})$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[1].length - 1, query: match[1] };
}
