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
// Changing a rule (moderation will add "hidden" to "listed"): edit LISTED_SQL and isListed here, then write a
// migration as 0013 is written: drop the dependents (the partial indexes and triggers that read the column),
// drop and re-add the generated columns (`waiting` reads `listed`, so both), create the dependents again with
// the same text, and recount boards.idea_count and groups.waiting_count, whose meaning changed.
import type { IdeaStatus, OrgRole } from "./constants";

/** The facts "listed" reads. */
export type ListedFacts = { status: IdeaStatus; withdrawnAt: number | null };
/** The facts "waiting" reads. */
export type WaitingFacts = ListedFacts & { firstResponseAt: number | null };

/**
 * Listed: the idea is on its board and still in play: not withdrawn by its author, not merged into another.
 * Boards list and count these (boards.idea_count), the duplicate search offers them, and only these take
 * votes, comments, follows and status changes (policy.isIdeaLive). A merged idea is still shown under the
 * board's "merged" filter; a withdrawn one nowhere.
 *
 * SQL: the generated column `ideas.listed` (0/1), over the columns of the same row, unqualified.
 */
export const LISTED_SQL = "withdrawn_at IS NULL AND status <> 'merged'";
export const isListed = (idea: ListedFacts): boolean => idea.withdrawnAt === null && idea.status !== "merged";

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
