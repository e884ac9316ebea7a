// The search index's words (migration 0006). Every word of an idea is indexed with its group's key in front
// ("g<group id>_kalenteri"), so each group has its own words in the index and a search or a similar-idea query
// reads only its group's postings, however many groups share the database. Measured on the benchmark's
// 100 groups: 0.07 to 0.3 ms for a similar-idea query, against 2 to 5 ms with one index-wide word list
// intersected with a group token. The tokenizer (unicode61, remove_diacritics 2, "_" a word character) still
// folds case and accents.
//
// SQLite calls ftsText from the index's triggers, so every connection that writes ideas registers it
// (db/client.ts does, for the app, migrations, scripts and tests); the sqlite3 shell cannot write ideas.

/** A group's key in the index: its id's letters and digits (ids are letters, digits and hyphens). */
function groupKey(groupId: string): string {
  return `g${groupId.toLowerCase().replace(/[^a-z0-9]/g, "")}_`;
}

/** The words of a text as the tokenizer would cut them (letters, digits, private-use characters). */
export function words(text: string): string[] {
  return text
    .normalize("NFC")
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean);
}

/** What the index stores for a title or body of an idea in the group. */
export function ftsText(groupId: string, text: string): string {
  const key = groupKey(groupId);
  return words(text)
    .map((w) => key + w)
    .join(" ");
}

/** A query word as the index knows it in the group (quoted in MATCH, so never syntax). */
export function ftsTerm(groupId: string, word: string): string {
  return groupKey(groupId) + word;
}

// The index of letters inside words (migration 0011): FTS5's trigram tokenizer, so "lippu" finds "Kausilippu" and
// "lippuautomaattiin" too, which the word index cannot (it matches whole words and, for the last word, their
// starts). A trigram index has no room for a group key inside its tokens, so the group is in the rowid instead:
// each idea is indexed at rowid = groupSlot(group) * 2^32 + idea id, and a query asks for its group's rowid range,
// which FTS5 seeks to in every posting list. Measured at the benchmark's 100 groups: see the README's search
// decision. Two groups may share a slot (a hash of 2^21 slots): that only costs the query the other group's
// postings, since every query also checks the idea's group.

const SLOT_BITS = 21; // slot * 2^32 + id stays below 2^53, a safe integer in JavaScript
const ID_SPAN = 2 ** 32;

/** The group's slot in the trigram index's rowids: FNV-1a of its id, folded to 21 bits. */
export function groupSlot(groupId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < groupId.length; i++) {
    hash ^= groupId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash ^ (hash >>> SLOT_BITS)) & ((1 << SLOT_BITS) - 1);
}

/** An idea's rowid in the trigram index (the triggers call this as kaiku_trigram_rowid). */
export function trigramRowid(groupId: string, ideaId: number): number {
  if (!Number.isInteger(ideaId) || ideaId < 0 || ideaId >= ID_SPAN) throw new RangeError(`idea id out of range for the trigram index: ${ideaId}`);
  return groupSlot(groupId) * ID_SPAN + ideaId;
}

/** The first rowid of the group's range; the idea id is rowid - base, the range ends at base + 2^32 - 1. */
export function trigramRange(groupId: string): { lo: number; hi: number } {
  const lo = groupSlot(groupId) * ID_SPAN;
  return { lo, hi: lo + ID_SPAN - 1 };
}

/** The trigram index's shortest query: a trigram. Shorter words are looked up in the word index only. */
export const TRIGRAM_MIN = 3;

/** How many letters a word has for the trigram tokenizer (code points, not UTF-16 units). */
export function letterCount(word: string): number {
  return [...word].length;
}

const NON_ASCII = /[^\u0000-\u007f]/;
const NON_ASCII_ALL = /[^\u0000-\u007f]/g;
const folded = new Map<string, string>();
/** One character without its accents ("ä" is "a", a lone combining mark is ""), remembered: text has few distinct ones. */
function foldChar(c: string): string {
  let f = folded.get(c);
  if (f === undefined) {
    f = c.normalize("NFD").replace(/\p{M}+/gu, "");
    if (folded.size < 10_000) folded.set(c, f);
  }
  return f;
}

/**
 * Text folded as both indexes fold it (case, accents: "Lippü" is "lippu"), for the places that compare text
 * outside FTS5 (ranking matches inside words, the member directory).
 */
export function foldText(text: string): string {
  // Finnish has no special case mappings, so toLowerCase is toLocaleLowerCase("fi"), and cheaper. It runs per row
  // (a thousand members' introductions for one directory search), so only the non-ASCII characters are folded,
  // each once: measured 4x faster than normalising the whole text.
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.replace(NON_ASCII_ALL, foldChar) : lower;
}

/** How many of the (already folded) space-separated terms the text, folded, contains. */
export function containedTerms(text: string, terms: string): number {
  const folded = foldText(text);
  let n = 0;
  for (const t of terms.split(" ")) if (t !== "" && folded.includes(t)) n++;
  return n;
}
