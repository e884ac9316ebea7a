// One definition per domain rule: the SQL expression the database computes and its TypeScript twin, side by
// side, so they change together. The SQL is a generated column on `ideas` (db/schema.ts, migration 0013): every
// query, partial index and counter trigger reads the column and none spells the rule again. The TypeScript
// twin decides the same thing for a row already in memory (policy.ts, the pages). tests/integration/
// domain-rules.test.ts checks that both agree over every combination of the facts they read.
//
// Queries test the columns as `i.listed = 1` and `i.waiting = 1`: an equality the planner uses as a key of the
// status indexes, and the very term of the partial waiting indexes' WHERE, which a query must repeat for SQLite
// to use them (INDEXED BY fails otherwise, so a mismatch shows at once).
//
// Browser-safe: imports nothing but the domain's constants (no drizzle, no schema), so pages may use it.
//
// Changing a rule (as moderation added "hidden", "held" and "erased" to "listed" in 0014): edit LISTED_SQL and isListed here, then write a
// migration as 0013 is written: drop the dependents (the partial indexes and triggers that read the column),
// drop and re-add the generated columns (`waiting` reads `listed`, so both), create the dependents again with
// the same text, and recount boards.idea_count and groups.waiting_count, whose meaning changed.
import type { IdeaStatus, OrgRole } from "./constants";

/** The facts "listed" reads. */
export type ListedFacts = { status: IdeaStatus; withdrawnAt: number | null; hiddenAt: number | null; heldAt: number | null; erasedAt: number | null };
/** The facts "waiting" reads. */
export type WaitingFacts = ListedFacts & { firstResponseAt: number | null };

/**
 * Listed: the idea is on its board and still in play: not withdrawn by its author, not merged into another, not
 * hidden by a moderator, not held for a moderator's approval, not erased by staff (migration 0014).
 * Boards list and count these (boards.idea_count), the duplicate search offers them, and only these take
 * votes, comments, follows and status changes (policy.isIdeaLive). A merged idea is still shown under the
 * board's "merged" filter (unless hidden, held or erased); a withdrawn one nowhere.
 *
 * SQL: the generated column `ideas.listed` (0/1), over the columns of the same row, unqualified.
 */
export const LISTED_SQL = "withdrawn_at IS NULL AND status <> 'merged' AND hidden_at IS NULL AND held_at IS NULL AND erased_at IS NULL";
export const isListed = (idea: ListedFacts): boolean => idea.withdrawnAt === null && idea.status !== "merged" && isModeratedAway(idea) === false;

/**
 * Moderated away: hidden by a moderator, held for approval or erased by staff. Such an idea or comment is shown
 * only to its author (hidden, held: with the reason) and to those who moderate the group, marked; everyone else
 * gets a 404 or, for a comment with replies, the "hidden by a moderator" placeholder. `alias`: the table's alias
 * in the query (an idea or a comment row), for joins.
 */
export const moderatedSql = (alias = ""): string => {
  const a = alias ? `${alias}.` : "";
  return `(${a}hidden_at IS NOT NULL OR ${a}held_at IS NOT NULL OR ${a}erased_at IS NOT NULL)`;
};
/** moderatedSql over the row's own columns, unqualified (a literal, so the browser's bundle drops it with the SQL). */
export const MODERATED_SQL = "(hidden_at IS NOT NULL OR held_at IS NOT NULL OR erased_at IS NOT NULL)";
export const isModeratedAway = (item: { hiddenAt: number | null; heldAt: number | null; erasedAt: number | null }): boolean =>
  item.hiddenAt !== null || item.heldAt !== null || item.erasedAt !== null;

/** The facts "comment listed" reads. */
export type CommentListedFacts = { deletedAt: number | null; hiddenAt: number | null; heldAt: number | null; erasedAt: number | null };

/**
 * Comment listed: shown to members and counted in ideas.comment_count (triggers on `comments`, migration 0014): not
 * deleted by its writer, not hidden, not held, not erased. Staff erasing a comment sets deleted_at too.
 *
 * SQL: the generated column `comments.listed` (0/1).
 */
export const COMMENT_LISTED_SQL = "deleted_at IS NULL AND hidden_at IS NULL AND held_at IS NULL AND erased_at IS NULL";
export const isCommentListed = (c: CommentListedFacts): boolean => c.deletedAt === null && isModeratedAway(c) === false;

/**
 * Waiting: listed and not yet answered by staff (no first response). The response queue lists these, oldest
 * first, from the partial indexes ideas_waiting_idx and ideas_group_waiting_idx (which hold exactly these), and
 * groups.waiting_count counts them. The author may still edit an idea while it waits (policy.canEditIdea).
 *
 * SQL: the generated column `ideas.waiting` (0/1), defined over `listed`, so a change of "listed" carries over.
 */
export const WAITING_SQL = "first_response_at IS NULL AND listed";
export const isWaiting = (idea: WaitingFacts): boolean => idea.firstResponseAt === null && isListed(idea);

/**
 * The organisation roles that see every group and run the feedback loop (policy.isOrgStaff). The SQL twin of
 * group visibility (app/domain/visibility.server.ts) builds its `IN (...)` list from this.
 */
export const ORG_STAFF_ROLES = ["staff", "admin"] as const satisfies readonly OrgRole[];
