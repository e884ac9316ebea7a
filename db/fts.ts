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
  return text.normalize("NFC").split(/[^\p{L}\p{N}\p{Co}]+/u).filter(Boolean);
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
