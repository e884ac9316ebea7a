import type { AuthorContext, QueueItem } from "~/models/types";
import { preparedOnce } from "~/models/statements.server";
import type { IdeaStatus } from "~/domain/constants";
import type { Group } from "../../../../db/schema";
import { listSavedReplies } from "./saved-replies.server";

// The response queue

export const QUEUE_PAGE_SIZE = 30;
const DAY = 86_400_000;

// Waiting: the generated column (app/domain/predicates.ts); the partial indexes ideas_waiting_idx and
// ideas_group_waiting_idx hold exactly these. Writable: not archived, not ended.
const WAITING = "i.waiting = 1";
const WRITABLE = "g.archived_at IS NULL AND (g.ends_at IS NULL OR g.ends_at > @now)";
const QUEUE_COLUMNS = `i.id, i.number, i.title, substr(i.body, 1, 300) AS excerpt, i.status, i.vote_count AS voteCount, i.comment_count AS commentCount,
  i.created_at AS createdAt, i.author_id AS authorId, u.name AS authorName, g.id AS groupId, g.slug AS groupSlug, g.name AS groupName, g.response_target_days AS targetDays`;
type QueueRow = Omit<QueueItem, "waitedMs" | "overdue">;
type QueueParams = { now: number; day: number; limit: number; offset: number; groupId?: string };
const queueStatements = preparedOnce((c) => ({
  // Every group: the oldest waiting ideas first, read in that order from the waiting index, skipping read-only groups.
  all: c.prepare<QueueParams, QueueRow>(
    `SELECT ${QUEUE_COLUMNS} FROM ideas i INDEXED BY ideas_waiting_idx JOIN groups g ON g.id = i.group_id LEFT JOIN users u ON u.id = i.author_id
     WHERE ${WAITING} AND ${WRITABLE} ORDER BY i.created_at, i.id LIMIT @limit OFFSET @offset`,
  ),
  // The totals from the groups' waiting counters (kept by triggers): overdue are the waiting ones minus those
  // still within the target, a short range of the group's waiting index. Counting a backlog of 49,000 waiting
  // ideas took 2.6 ms; this reads only the recent ones.
  allTotals: c.prepare<QueueParams, { total: number; overdue: number }>(
    `SELECT coalesce(sum(g.waiting_count), 0) AS total,
       coalesce(sum(g.waiting_count - (SELECT count(*) FROM ideas i INDEXED BY ideas_group_waiting_idx WHERE i.group_id = g.id AND ${WAITING} AND i.created_at >= @now - g.response_target_days * @day)), 0) AS overdue
     FROM groups g WHERE ${WRITABLE}`,
  ),
  group: c.prepare<QueueParams, QueueRow>(
    `SELECT ${QUEUE_COLUMNS} FROM ideas i INDEXED BY ideas_group_waiting_idx JOIN groups g ON g.id = i.group_id LEFT JOIN users u ON u.id = i.author_id
     WHERE i.group_id = @groupId AND ${WAITING} AND ${WRITABLE} ORDER BY i.created_at, i.id LIMIT @limit OFFSET @offset`,
  ),
  groupTotals: c.prepare<QueueParams, { total: number; overdue: number }>(
    `SELECT g.waiting_count AS total,
       g.waiting_count - (SELECT count(*) FROM ideas i INDEXED BY ideas_group_waiting_idx WHERE i.group_id = g.id AND ${WAITING} AND i.created_at >= @now - g.response_target_days * @day) AS overdue
     FROM groups g WHERE g.id = @groupId AND ${WRITABLE}`,
  ),
}));

/**
 * Ideas still waiting for a first staff response, oldest first, in one group or in every group that still takes
 * writes (archived and ended pilots are read-only). Read through the partial indexes of the waiting ideas only.
 */
export function listQueue({ groupId, page, now = Date.now() }: { groupId: string | null; page: number; now?: number }) {
  const s = queueStatements();
  const params: QueueParams = { now, day: DAY, limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE, ...(groupId ? { groupId } : {}) };
  const rows = (groupId ? s.group : s.all).all(params);
  const totals = (groupId ? s.groupTotals : s.allTotals).get(params) ?? { total: 0, overdue: 0 };
  const items: QueueItem[] = rows.map((r) => ({ ...r, waitedMs: now - r.createdAt, overdue: now - r.createdAt > r.targetDays * DAY }));
  return { items, total: totals.total, overdue: totals.overdue, pages: Math.max(1, Math.ceil(totals.total / QUEUE_PAGE_SIZE)) };
}

/**
 * The author beside the response composer: who they are in the group and what became of their latest other
 * ideas there. For a page of the queue: two indexed lookups per person and group, each reading only what is shown
 * (measured at 100 groups: 6 ms for a queue page when all of the authors' ideas were read, 0.5 ms now).
 */
const contextStatements = preparedOnce((c) => ({
  person: c.prepare<[string, string], { name: string; joinedAt: number | null; intro: string | null }>(
    "SELECT u.name, m.joined_at AS joinedAt, m.intro FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.group_id = ? WHERE u.id = ?",
  ),
  // Newest first from (author_id, group_id, created_at): one more than shown, in case it is the idea itself.
  recent: c.prepare<[string, string], { id: number; number: number; title: string; status: IdeaStatus; voteCount: number }>(
    `SELECT id, number, title, status, vote_count AS voteCount FROM ideas WHERE author_id = ? AND group_id = ? AND withdrawn_at IS NULL ORDER BY created_at DESC LIMIT ${CONTEXT_IDEAS + 1}`,
  ),
}));
const CONTEXT_IDEAS = 8;

export function authorContexts(items: { id: number; groupId: string; authorId: string | null }[]): Map<number, AuthorContext | null> {
  const s = contextStatements();
  const result = new Map<number, AuthorContext | null>();
  // One person in one group is looked up once, however many of their ideas are on the page.
  const seen = new Map<
    string,
    {
      person: { name: string; joinedAt: number | null; intro: string | null } | undefined;
      recent: { id: number; number: number; title: string; status: IdeaStatus; voteCount: number }[];
    }
  >();
  for (const item of items) {
    if (item.authorId === null) {
      result.set(item.id, null);
      continue;
    }
    const key = `${item.authorId} ${item.groupId}`;
    let found = seen.get(key);
    if (!found) seen.set(key, (found = { person: s.person.get(item.groupId, item.authorId), recent: s.recent.all(item.authorId, item.groupId) }));
    if (!found.person) {
      result.set(item.id, null);
      continue;
    }
    const ideas = found.recent
      .filter((o) => o.id !== item.id)
      .slice(0, CONTEXT_IDEAS)
      .map(({ number, title, status, voteCount }) => ({ number, title, status, voteCount }));
    result.set(item.id, { id: item.authorId, name: found.person.name, joinedAt: found.person.joinedAt, intro: found.person.intro, ideas });
  }
  return result;
}

export function authorContext({ group, authorId, exceptIdeaId }: { group: Pick<Group, "id">; authorId: string; exceptIdeaId: number }): AuthorContext | null {
  return authorContexts([{ id: exceptIdeaId, groupId: group.id, authorId }]).get(exceptIdeaId) ?? null;
}

/** One page of the queue (one group's, or every group's), each idea with its author's context, and the saved replies. */
export function queuePage({ groupId, page }: { groupId: string | null; page: number }) {
  const queue = listQueue({ groupId, page });
  const contexts = authorContexts(queue.items);
  return {
    ...queue,
    items: queue.items.map((item) => ({ ...item, context: contexts.get(item.id) ?? null })),
    savedReplies: listSavedReplies().map((r) => ({ id: r.id, title: r.title, body: r.body })),
  };
}
