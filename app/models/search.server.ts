import { ftsTerm, words } from "../../db/fts";
import type { SimilarIdea } from "./types";
import { preparedOnce } from "./statements.server";

// Full-text search over ideas: SQLite FTS5 with each group's words apart (migrations/0006, db/fts.ts), bm25
// ranking with the title weighing ten times the body, accents and case folded by the tokenizer, a prefix match
// on the last word (it is usually half-typed).

const MAX_TERMS = 12;
// Words too common to tell ideas apart; dropped from "similar idea" queries when other words remain.
const STOP_WORDS = new Set(
  (
    "a an and are as at be but by can could do for from has have how i if in into is it its me my no not of on or our should so " +
    "than that the their them there this to too was we what when where which who why will with would you your " +
    "ei en et ja jos jotta kun kuin mutta myös niin nyt ole olisi on ovat pitäisi se sekä siis tai tämä tuo että voisi voi " +
    "minä sinä hän me te he mikä miksi miten missä sen sitä kanssa koska vaan vai jo ettei"
  ).split(" "),
);

/** The words of a query, cut as the index cuts them: letters and digits only, so nothing typed can be FTS5 syntax. */
export function queryTerms(text: string): string[] {
  return words(text.toLocaleLowerCase("fi")).slice(0, MAX_TERMS);
}

/**
 * An FTS5 MATCH expression limited to one group: every word ("all", for search) or any word ("any", for
 * similar ideas, ranked by how much they share). Null when the text has no words.
 */
export function ftsMatch(groupId: string, text: string, mode: "all" | "any"): string | null {
  let terms = queryTerms(text);
  if (mode === "any") {
    // Common words and single letters tell nothing apart, unless they are all there is. The last word is
    // kept even when short: it may be half-typed.
    const telling = terms.filter((t, i) => !STOP_WORDS.has(t) && (t.length > 1 || i === terms.length - 1));
    if (telling.length > 0) terms = telling;
  }
  if (terms.length === 0) return null;
  const quoted = terms.map((t, i) => `"${ftsTerm(groupId, t)}"${i === terms.length - 1 ? "*" : ""}`);
  return quoted.join(mode === "all" ? " AND " : " OR ");
}

/** SQL fragment ranking ideas_fts rows: lower is better (bm25 is negative). */
export const FTS_RANK = "bm25(ideas_fts, 10.0, 1.0)";

const similarStatement = preparedOnce((c) =>
  c.prepare<{ match: string; limit: number; viewerId: string; groupId: string }, SimilarIdea>(
    `SELECT i.id, i.number, i.title, i.status, i.vote_count AS voteCount,
            EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = @viewerId) AS voted
     FROM ideas_fts JOIN ideas i ON i.id = ideas_fts.rowid
     WHERE ideas_fts MATCH @match AND +i.group_id = @groupId AND i.withdrawn_at IS NULL AND i.status <> 'merged'
     ORDER BY ${FTS_RANK}
     LIMIT @limit`,
  ),
);

/** Up to `limit` live ideas of the group that share the most words with the text, best first. */
export function similarIdeas({ groupId, text, viewerId, limit = 5 }: { groupId: string; text: string; viewerId: string; limit?: number }): SimilarIdea[] {
  const match = ftsMatch(groupId, text, "any");
  if (!match) return [];
  // The group's keyed words already keep the match inside the group; the group condition is a second guard.
  return similarStatement().all({ match, limit, viewerId, groupId });
}

