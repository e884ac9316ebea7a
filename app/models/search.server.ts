import { foldText, ftsTerm, letterCount, TRIGRAM_MIN, trigramRange, words } from "../../db/fts";
import type { SimilarIdea } from "./types";
import { preparedOnce } from "./statements.server";

// Full-text search over ideas: SQLite FTS5 with each group's words apart (migrations/0006, db/fts.ts), bm25
// ranking with the title weighing ten times the body, accents and case folded by the tokenizer, a prefix match
// on the last word (it is usually half-typed). Beside it a trigram index (migration 0011) finds words inside
// compounds ("lippu" in "Kausilippu"); its matches rank below every whole-word and prefix match.

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

/** The words of a "similar idea" query that tell ideas apart (all of them when none does). */
function tellingTerms(text: string): { terms: string[]; allCommon: boolean } {
  const terms = queryTerms(text);
  // Common words and single letters tell nothing apart, unless they are all there is. The last word is kept even
  // when short: it may be half-typed.
  const telling = terms.filter((t, i) => !STOP_WORDS.has(t) && (t.length > 1 || i === terms.length - 1));
  return telling.length > 0 ? { terms: telling, allCommon: false } : { terms, allCommon: true };
}

/** A word-index MATCH of these terms, the last one as a prefix unless `exact`. Null without terms. */
function wordMatch(groupId: string, terms: string[], join: " AND " | " OR ", { exact = false, lastIsPrefix = true } = {}): string | null {
  if (terms.length === 0) return null;
  return terms.map((t, i) => `"${ftsTerm(groupId, t)}"${!exact && lastIsPrefix && i === terms.length - 1 ? "*" : ""}`).join(join);
}

/** A trigram-index MATCH: each term a phrase of its trigrams (letters and digits only, so quoting is enough). */
function trigramMatch(terms: string[], join: " AND " | " OR "): string | null {
  return terms.length === 0 ? null : terms.map((t) => `"${t}"`).join(join);
}

const isLong = (t: string) => letterCount(t) >= TRIGRAM_MIN;

/**
 * An FTS5 MATCH expression limited to one group: every word ("all", for search) or any word ("any", for
 * similar ideas, ranked by how much they share). Null when the text has no words.
 */
export function ftsMatch(groupId: string, text: string, mode: "all" | "any"): string | null {
  const terms = mode === "any" ? tellingTerms(text).terms : queryTerms(text);
  return wordMatch(groupId, terms, mode === "all" ? " AND " : " OR ");
}

/** SQL fragment ranking ideas_fts rows: lower is better (bm25 is negative). */
export const FTS_RANK = "bm25(ideas_fts, 10.0, 1.0)";
// bm25 is always below zero, so adding these keeps every match of a better tier above every match of the next.
// Matches inside words are not ranked by bm25: on the trigram index it counts each trigram's documents in every
// group, not only in the range asked for (measured: 18 ms for one word at the benchmark's scale, against 0.14 ms
// for the match itself). A match in the title comes first instead (kaiku_contained_terms, db/fts.ts), then the newest.
const PREFIX_TIER = 1e6;
const INSIDE_TITLE_TIER = 2e6;
const INSIDE_TIER = 3e6;

export type BoardSearch = {
  join: string;
  params: { exact: string; prefix: string; inside: string; insideTerms: string; insideCount: number; short: string; lo: bigint; hi: bigint };
};

/**
 * The board's search as a join on `s` (columns id, score; lower score is better) for `listIdeas`, and its
 * parameters; null when the text has no words (the board then shows nothing, not everything).
 *
 * Every word must match. An idea matches in the best of four tiers, in this order: every word as a whole word;
 * the same with the last word as a prefix (both ranked by bm25, the title weighing ten times the body); every
 * word of three or more letters inside a longer word of the title; the same anywhere (trigram index); in the last
 * two, shorter words are still matched by the word index. The SQL text depends only on which tiers the query
 * has, so each shape is prepared once.
 */
export function boardSearch(groupId: string, text: string): BoardSearch | null {
  const terms = queryTerms(text);
  if (terms.length === 0) return null;
  const long = terms.filter(isLong);
  // Short words are only in the word index; the last keeps its prefix match there.
  const lastIndex = terms.length - 1;
  const short = terms.map((t, i) => ({ t, last: i === lastIndex })).filter(({ t }) => !isLong(t));
  const tiers = [
    `SELECT rowid AS id, ${FTS_RANK} AS score FROM ideas_fts WHERE ideas_fts MATCH @exact`,
    `SELECT rowid, ${PREFIX_TIER} + ${FTS_RANK} FROM ideas_fts WHERE ideas_fts MATCH @prefix`,
  ];
  if (long.length > 0) {
    tiers.push(
      `SELECT t.rowid - @lo, CASE WHEN kaiku_contained_terms(ti.title, @insideTerms) = @insideCount THEN ${INSIDE_TITLE_TIER} ELSE ${INSIDE_TIER} END
       FROM ideas_trigram t JOIN ideas ti ON ti.id = t.rowid - @lo
       WHERE ideas_trigram MATCH @inside AND t.rowid BETWEEN @lo AND @hi` +
        (short.length > 0 ? " AND ti.id IN (SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH @short)" : ""),
    );
  }
  return {
    join: `JOIN (SELECT id, min(score) AS score FROM (${tiers.join(" UNION ALL ")}) GROUP BY id) s ON s.id = i.id`,
    params: {
      exact: wordMatch(groupId, terms, " AND ", { exact: true })!,
      prefix: wordMatch(groupId, terms, " AND ")!,
      inside: trigramMatch(long, " AND ") ?? "",
      insideTerms: foldedTerms(long),
      insideCount: long.length,
      short: short.map(({ t, last }) => `"${ftsTerm(groupId, t)}"${last ? "*" : ""}`).join(" AND "),
      ...bigRange(groupId),
    },
  };
}

/** Terms folded for kaiku_contained_terms. */
const foldedTerms = (terms: string[]) => terms.map(foldText).join(" ");

const SIMILAR_COLUMNS = `i.id, i.number, i.title, i.status, i.vote_count AS voteCount,
            EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = @viewerId) AS voted`;
const LIVE = "+i.group_id = @groupId AND i.listed = 1";

const similarStatement = preparedOnce((c) =>
  c.prepare<{ match: string; limit: number; viewerId: string; groupId: string }, SimilarIdea>(
    `SELECT ${SIMILAR_COLUMNS}
     FROM ideas_fts JOIN ideas i ON i.id = ideas_fts.rowid
     WHERE ideas_fts MATCH @match AND ${LIVE}
     ORDER BY ${FTS_RANK}
     LIMIT @limit`,
  ),
);

// Ideas with a word inside one of theirs: those with more of the words in the title first, then the most voted
// (likelier the duplicate).
const similarInsideStatement = preparedOnce((c) =>
  c.prepare<{ match: string; terms: string; lo: bigint; hi: bigint; limit: number; viewerId: string; groupId: string }, SimilarIdea>(
    `SELECT ${SIMILAR_COLUMNS}
     FROM ideas_trigram JOIN ideas i ON i.id = ideas_trigram.rowid - @lo
     WHERE ideas_trigram MATCH @match AND ideas_trigram.rowid BETWEEN @lo AND @hi AND ${LIVE}
     ORDER BY kaiku_contained_terms(i.title, @terms) DESC, i.vote_count DESC, i.id DESC
     LIMIT @limit`,
  ),
);

/**
 * Up to `limit` live ideas of the group that share the most words with the text, best first. When the word index
 * finds fewer than `limit`, ideas with the words inside compounds fill the rest (below every whole-word match),
 * so the trigram index costs nothing when the words alone fill the list, which is the usual case.
 */
export function similarIdeas({ groupId, text, viewerId, limit = 5 }: { groupId: string; text: string; viewerId: string; limit?: number }): SimilarIdea[] {
  const { terms, allCommon } = tellingTerms(text);
  const match = wordMatch(groupId, terms, " OR ");
  if (!match) return [];
  // The group's keyed words already keep the match inside the group; the group condition is a second guard.
  const found = similarStatement().all({ match, limit, viewerId, groupId });
  // Common words inside other words ("the" in "there") would match nearly everything.
  const long = allCommon ? [] : terms.filter(isLong);
  if (found.length >= limit || long.length === 0) return found;
  const seen = new Set(found.map((f) => f.id));
  const more = similarInsideStatement()
    .all({ match: trigramMatch(long, " OR ")!, terms: foldedTerms(long), ...bigRange(groupId), limit: limit + found.length, viewerId, groupId })
    .filter((f) => !seen.has(f.id));
  return [...found, ...more.slice(0, limit - found.length)];
}

function bigRange(groupId: string): { lo: bigint; hi: bigint } {
  const { lo, hi } = trigramRange(groupId);
  return { lo: BigInt(lo), hi: BigInt(hi) };
}
