import { and, desc, eq, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { MODERATED_SQL, moderatedSql } from "~/domain/predicates";
import { viewerCanViewGroupSql } from "~/domain/visibility.server";
import { canWithdrawIdea, isIdeaLive } from "~/policy";
import type { Group, Idea, IdeaSource, IdeaStatus, OrgRole, TagColor } from "../../db/schema";
import { replaceIdeaTags } from "./tag.server";
import { boardSearch } from "./search.server";
import { preparedOnce, prepareCached } from "./statements.server";
import type { IdeaSort } from "~/schemas/idea";
import type { Conn, IdeaListItem } from "./types";

/** The moderation rule over the ideas table aliased `i` (app/domain/predicates.ts MODERATED_SQL, qualified). */
export const I_MODERATED_SQL = moderatedSql("i");

/** How an item moderated away is marked for those who still see it (its author, reviewers); null: not moderated. */
export type ModerationMark = "hidden" | "held" | "erased" | null;
export const moderationMark = (r: { hiddenAt: number | null; heldAt: number | null; erasedAt?: number | null }): ModerationMark =>
  r.erasedAt ? "erased" : r.heldAt !== null ? "held" : r.hiddenAt !== null ? "hidden" : null;

export type IdeaInput = { title: string; body: string; tagIds: number[] };
export const IDEAS_PAGE_SIZE = 50;

/** Trending: each vote of the last 14 days counts, halving in weight every 3.5 days. */
export const TRENDING_WINDOW_MS = 14 * 86_400_000;
const TRENDING_TAU_MS = (3.5 * 86_400_000) / Math.LN2;

// ---------------------------------------------------------------------------------------------------------
// Writing

/** Follows the idea unless already following; keeps follower_count exact. Inside the caller's transaction. */
export function follow(conn: Conn, ideaId: number, userId: string, now = Date.now()): void {
  const added = conn.insert(schema.follows).values({ ideaId, userId, createdAt: now }).onConflictDoNothing().returning({ ideaId: schema.follows.ideaId }).get();
  if (added)
    conn
      .update(schema.ideas)
      .set({ followerCount: sql`${schema.ideas.followerCount} + 1` })
      .where(eq(schema.ideas.id, ideaId))
      .run();
}

/** Only the group's own tags: any other id throws UnknownTagError and the caller's transaction writes nothing. */
const replaceTags = replaceIdeaTags;

export type CreateIdeaResult = { ok: true; id: number; number: number } | { ok: false; error: "boardClosed" | "boardNotFound" };

/** Where staff heard an idea they record on a member's behalf. */
export type Recording = { by: { id: string; name: string }; source: IdeaSource };

/**
 * Inside the caller's transaction (the submitIdea command, seeds, tests): numbers the idea in its group, tags it,
 * and makes the author follow it. Telling a member that staff recorded their idea is the subscriber's job.
 */
export function insertIdea(
  conn: Conn,
  input: { groupId: string; boardId: number; authorId: string | null; now?: number; recording?: Recording } & IdeaInput,
): CreateIdeaResult {
  const now = input.now ?? Date.now();
  const board = conn
    .select()
    .from(schema.boards)
    .where(and(eq(schema.boards.id, input.boardId), eq(schema.boards.groupId, input.groupId)))
    .get();
  if (!board) return { ok: false, error: "boardNotFound" };
  if (board.closedAt !== null) return { ok: false, error: "boardClosed" };
  const number =
    (conn
      .select({ max: sql<number | null>`max(${schema.ideas.number})` })
      .from(schema.ideas)
      .where(eq(schema.ideas.groupId, input.groupId))
      .get()?.max ?? 0) + 1;
  const idea = conn
    .insert(schema.ideas)
    .values({
      groupId: input.groupId,
      boardId: board.id,
      number,
      authorId: input.authorId,
      title: input.title,
      body: input.body,
      createdAt: now,
      lastActivityAt: now,
      source: input.recording?.source ?? null,
      recordedBy: input.recording?.by.id ?? null,
    })
    .returning({ id: schema.ideas.id })
    .get();
  replaceTags(conn, input.groupId, idea.id, input.tagIds);
  if (input.authorId) follow(conn, idea.id, input.authorId, now);
  return { ok: true, id: idea.id, number };
}

/**
 * The author's edit of title, body and tags, inside the command's transaction (who may edit is the command's
 * rule: app/features/ideas/commands/edit-idea.server.ts). Throws UnknownTagError (nothing written). `changed`:
 * the title or the body differed.
 */
export function updateIdeaText(conn: Conn, input: { groupId: string; ideaId: number; now: number } & IdeaInput): { changed: boolean } {
  const idea = conn.select({ title: schema.ideas.title, body: schema.ideas.body }).from(schema.ideas).where(eq(schema.ideas.id, input.ideaId)).get();
  const changed = !!idea && (idea.title !== input.title || idea.body !== input.body);
  if (changed)
    conn
      .update(schema.ideas)
      .set({ title: input.title, body: input.body, editedAt: input.now, lastActivityAt: input.now })
      .where(eq(schema.ideas.id, input.ideaId))
      .run();
  replaceTags(conn, input.groupId, input.ideaId, input.tagIds);
  return { changed };
}

/** The idea's tags become exactly `tagIds`, inside the command's transaction. Throws UnknownTagError (nothing written). */
export function setIdeaTags(conn: Conn, input: { groupId: string; ideaId: number; tagIds: number[] }): void {
  replaceTags(conn, input.groupId, input.ideaId, input.tagIds);
}

/** Inside the caller's transaction: the idea leaves the board and takes no more votes; its page and history stay. */
export function markWithdrawn(conn: Conn, ideaId: number, now: number): void {
  conn.update(schema.ideas).set({ withdrawnAt: now, lastActivityAt: now }).where(eq(schema.ideas.id, ideaId)).run();
}

type EditError = "notFound" | "notAllowed";

/**
 * The author takes the idea back (for tests and seeds that set the scene; the app runs the withdrawIdea command,
 * app/features/ideas/commands/withdraw-idea.server.ts, which holds the same rule).
 */
export function withdrawIdea(input: { group: Group; number: number; userId: string; readOnly: boolean }): { ok: true } | { ok: false; error: EditError } {
  return db().transaction(
    (tx) => {
      const idea = ideaRow(tx, input.group.id, input.number);
      if (!idea) return { ok: false as const, error: "notFound" as const };
      if (!canWithdrawIdea(input.userId, idea, input.readOnly)) return { ok: false as const, error: "notAllowed" as const };
      markWithdrawn(tx, idea.id, Date.now());
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** The idea's row by its number in the group, read in the caller's transaction (commands check their rules on it). */
export function ideaRow(conn: Conn, groupId: string, number: number): Idea | null {
  return (
    conn
      .select()
      .from(schema.ideas)
      .where(and(eq(schema.ideas.groupId, groupId), eq(schema.ideas.number, number)))
      .get() ?? null
  );
}

// ---------------------------------------------------------------------------------------------------------
// Votes and follows: idempotent "set" operations, so a repeated or late request cannot flip the state back.

const voteStatements = preparedOnce((c) => ({
  // `listed` is the domain's rule computed by the database (app/domain/predicates.ts).
  idea: c.prepare<[string, number], { id: number; listed: 0 | 1 }>("SELECT id, listed FROM ideas WHERE group_id = ? AND number = ?"),
  insert: c.prepare<[number, string, number]>("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
  remove: c.prepare<[number, string]>("DELETE FROM votes WHERE idea_id = ? AND user_id = ?"),
  bump: c.prepare<[number, number]>("UPDATE ideas SET vote_count = vote_count + ? WHERE id = ?"),
  follow: c.prepare<[number, string, number]>("INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
  bumpFollowers: c.prepare<[number]>("UPDATE ideas SET follower_count = follower_count + 1 WHERE id = ?"),
  count: c.prepare<[number], { vote_count: number }>("SELECT vote_count FROM ideas WHERE id = ?"),
}));

export type VoteResult = { ok: true; voted: boolean; voteCount: number } | { ok: false; error: "notFound" | "closed" };

/**
 * Sets the member's vote on or off. The vote row and the counter change in one immediate transaction, so the
 * counter equals COUNT(*) however many members vote at once. Voting also follows the idea.
 */
export function castVote({
  groupId,
  number,
  userId,
  voted,
  now = Date.now(),
}: {
  groupId: string;
  number: number;
  userId: string;
  voted: boolean;
  now?: number;
}): VoteResult {
  const s = voteStatements();
  return db()
    .$client.transaction((): VoteResult => {
      const idea = s.idea.get(groupId, number);
      if (!idea) return { ok: false, error: "notFound" };
      if (idea.listed !== 1) return { ok: false, error: "closed" };
      if (voted) {
        if (s.insert.run(idea.id, userId, now).changes > 0) s.bump.run(1, idea.id);
        if (s.follow.run(idea.id, userId, now).changes > 0) s.bumpFollowers.run(idea.id);
      } else if (s.remove.run(idea.id, userId).changes > 0) {
        s.bump.run(-1, idea.id);
      }
      return { ok: true, voted, voteCount: s.count.get(idea.id)!.vote_count };
    })
    .immediate();
}

/** Follow or unfollow. A withdrawn or merged idea takes no new followers (nothing will happen to it); leaving is always possible. */
export function setFollow({
  groupId,
  number,
  userId,
  following,
}: {
  groupId: string;
  number: number;
  userId: string;
  following: boolean;
}): { ok: true; following: boolean } | { ok: false } {
  return db().transaction(
    (tx) => {
      const idea = ideaRow(tx, groupId, number);
      if (!idea || (following && !isIdeaLive(idea))) return { ok: false as const };
      if (following) follow(tx, idea.id, userId);
      else {
        const gone = tx
          .delete(schema.follows)
          .where(and(eq(schema.follows.ideaId, idea.id), eq(schema.follows.userId, userId)))
          .run();
        if (gone.changes > 0)
          tx.update(schema.ideas)
            .set({ followerCount: sql`${schema.ideas.followerCount} - 1` })
            .where(eq(schema.ideas.id, idea.id))
            .run();
      }
      return { ok: true as const, following };
    },
    { behavior: "immediate" },
  );
}

/** Who voted, newest first (for moderators and staff). */
export function listVoters(ideaId: number, limit = 200) {
  return db()
    .select({ id: schema.users.id, name: schema.users.name, votedAt: schema.votes.createdAt })
    .from(schema.votes)
    .innerJoin(schema.users, eq(schema.users.id, schema.votes.userId))
    .where(eq(schema.votes.ideaId, ideaId))
    .orderBy(desc(schema.votes.createdAt))
    .limit(limit)
    .all();
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export type IdeaTag = { id: number; name: string; color: TagColor };

/** Tags of several ideas in one query. */
export function tagsOfIdeas(ideaIds: number[]): Map<number, IdeaTag[]> {
  const map = new Map<number, IdeaTag[]>();
  if (ideaIds.length === 0) return map;
  // One statement per list length (a page is usually 50), prepared once.
  const rows = prepareCached(
    `SELECT it.idea_id AS ideaId, t.id, t.name, t.color FROM idea_tags it JOIN tags t ON t.id = it.tag_id WHERE it.idea_id IN (${ideaIds.map(() => "?").join(",")}) ORDER BY t.name`,
  ).all(...ideaIds) as ({ ideaId: number } & IdeaTag)[];
  for (const { ideaId, ...tag } of rows) {
    const list = map.get(ideaId) ?? [];
    list.push(tag);
    map.set(ideaId, list);
  }
  return map;
}

export type IdeaListQuery = {
  groupId: string;
  viewerId: string;
  boardId: number | null;
  sort: IdeaSort;
  status: IdeaStatus | null;
  tagId: number | null;
  mine: boolean;
  voted: boolean;
  q: string;
  page: number;
  pageSize?: number;
  now?: number;
};

const ORDER: Record<IdeaSort, string> = {
  top: "i.vote_count DESC, i.id DESC",
  new: "i.created_at DESC, i.id DESC",
  updated: "i.last_activity_at DESC, i.id DESC",
  trending: "trend DESC, i.vote_count DESC, i.id DESC",
  relevance: "s.score ASC, i.id DESC",
};

const ORDER_INDEX = {
  top: ["ideas_board_votes_idx", "ideas_group_votes_idx"],
  new: ["ideas_board_created_idx", "ideas_group_created_idx"],
  updated: ["ideas_board_activity_idx", "ideas_group_activity_idx"],
} as const;

/**
 * One page of a board (or of every board in the group) with the viewer's own votes, in one query plus one for
 * the total. Every filter is an indexed column or an EXISTS on a primary key; the SQL text depends only on
 * which filters are set, so each shape is prepared once.
 */
export function listIdeas(query: IdeaListQuery): { rows: IdeaListItem[]; total: number; pages: number; sort: IdeaSort } {
  const pageSize = query.pageSize ?? IDEAS_PAGE_SIZE;
  const now = query.now ?? Date.now();
  const match = query.q ? boardSearch(query.groupId, query.q) : null;
  const sort: IdeaSort = query.sort === "relevance" && !match ? "top" : query.sort;
  // With a board, the board's indexes should drive the query: "+" keeps the planner off the group's (the group
  // condition stays, as a guard).
  const where = [
    query.boardId !== null ? "+i.group_id = @groupId" : "i.group_id = @groupId",
    // Merged ideas are not listed; a hidden, held or erased one stays away from the merged filter too.
    query.status === "merged" ? `i.withdrawn_at IS NULL AND i.status = 'merged' AND NOT ${I_MODERATED_SQL}` : "i.listed = 1",
  ];
  if (query.status && query.status !== "merged") where.push("i.status = @status");
  if (query.boardId !== null) where.push("i.board_id = @boardId");
  if (query.mine) where.push("i.author_id = @viewerId");
  if (query.voted) where.push("EXISTS (SELECT 1 FROM votes mv WHERE mv.idea_id = i.id AND mv.user_id = @viewerId)");
  if (query.tagId !== null) where.push("EXISTS (SELECT 1 FROM idea_tags it WHERE it.idea_id = i.id AND it.tag_id = @tagId)");
  // Whole words first, then prefixes, then words inside compounds (search.server.ts).
  const search = match ? match.join : "";
  // A query with no words ("!!!") matches nothing rather than everything.
  if (query.q && !match) where.push("0");
  const params = {
    groupId: query.groupId,
    viewerId: query.viewerId,
    status: query.status,
    boardId: query.boardId,
    tagId: query.tagId,
    ...match?.params,
    now,
    cutoff: now - TRENDING_WINDOW_MS,
    tau: TRENDING_TAU_MS,
    limit: pageSize,
    offset: (query.page - 1) * pageSize,
  };
  const trend =
    sort === "trending"
      ? ", (SELECT coalesce(sum(exp((v.created_at - @now) / @tau)), 0) FROM votes v WHERE v.idea_id = i.id AND v.created_at > @cutoff) AS trend"
      : "";
  // The unfiltered views, by far the most read, walk the index in the page's order and stop after the page.
  // The planner, judging by ANALYZE's statistics, may otherwise read the whole board by its status index and
  // sort it: measured 350 µs instead of 190 µs for a page of a 300-idea board, growing with the board.
  const unfiltered = !query.q && !query.status && query.tagId === null && !query.mine && !query.voted;
  const indexed = unfiltered && sort in ORDER_INDEX ? ` INDEXED BY ${ORDER_INDEX[sort as keyof typeof ORDER_INDEX][query.boardId !== null ? 0 : 1]}` : "";
  const listSql = `SELECT i.id, i.number, i.title, substr(i.body, 1, 300) AS excerpt, i.status, i.vote_count AS voteCount, i.comment_count AS commentCount,
      i.created_at AS createdAt, i.last_activity_at AS lastActivityAt, b.slug AS boardSlug, b.name AS boardName, u.name AS authorName,
      EXISTS (SELECT 1 FROM votes vv WHERE vv.idea_id = i.id AND vv.user_id = @viewerId) AS voted${trend}
    FROM ideas i${indexed} ${search}
    JOIN boards b ON b.id = i.board_id
    LEFT JOIN users u ON u.id = i.author_id
    WHERE ${where.join(" AND ")}
    ORDER BY ${ORDER[sort]}
    LIMIT @limit OFFSET @offset`;
  // Unfiltered, the total is the boards' own counters (kept by triggers); filtered, it is counted.
  const countSql = !unfiltered
    ? `SELECT count(*) AS n FROM ideas i ${search} WHERE ${where.join(" AND ")}`
    : query.boardId !== null
      ? "SELECT coalesce(sum(idea_count), 0) AS n FROM boards WHERE id = @boardId AND group_id = @groupId"
      : "SELECT coalesce(sum(idea_count), 0) AS n FROM boards WHERE group_id = @groupId";
  const rows = prepareCached(listSql).all(params) as (Omit<IdeaListItem, "tags"> & { trend?: number })[];
  const total = (prepareCached(countSql).get(params) as { n: number }).n;
  const tags = tagsOfIdeas(rows.map((r) => r.id));
  return {
    rows: rows.map(({ trend: _trend, ...r }) => ({ ...r, excerpt: listExcerpt(r.excerpt), tags: tags.get(r.id) ?? [] })),
    total,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    sort,
  };
}

const excerpts = new Map<string, string>();
const EXCERPTS_KEPT = 5_000;

/**
 * The board's excerpt of a body's first 300 characters, remembered: the same ideas are listed again and again,
 * and the regular expressions below cost more than the query that read them (measured: a quarter of a
 * millisecond per board page of 50). The text itself is the key, so an edited idea simply gets a new entry;
 * the oldest entries go first (about 3 MB at most).
 */
function listExcerpt(start: string): string {
  let excerpt = excerpts.get(start);
  if (excerpt === undefined) {
    excerpt = plainExcerpt(start);
    if (excerpts.size >= EXCERPTS_KEPT) excerpts.delete(excerpts.keys().next().value!);
    excerpts.set(start, excerpt);
  }
  return excerpt;
}

/**
 * A plain-text preview of markdown for lists, without rendering it: code blocks, line markers (headings,
 * quotes, list bullets), emphasis and link syntax go; dashes, stars and signs inside the text stay.
 */
export function plainExcerpt(markdown: string, max = 200): string {
  const text = markdown
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)/gm, "")
    .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/(^|[^\p{L}\p{N}*_])[*_](?=\S)([^*_\n]*?\S)[*_](?![\p{L}\p{N}*_])/gu, "$1$2")
    .replace(/`([^`\n]*)`/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const findIdeaStatement = preparedOnce((c) =>
  c.prepare<
    { groupId: string; number: number; viewerId: string },
    Idea & {
      boardSlug: string;
      boardName: string;
      boardClosedAt: number | null;
      authorName: string | null;
      authorRole: OrgRole | null;
      recorderName: string | null;
      mergedIntoNumber: number | null;
      voted: number;
      following: number;
    }
  >(
    `SELECT i.id, i.group_id AS groupId, i.board_id AS boardId, i.number, i.author_id AS authorId, i.title, i.body, i.status, i.vote_count AS voteCount,
       i.comment_count AS commentCount, i.follower_count AS followerCount, i.first_response_at AS firstResponseAt, i.withdrawn_at AS withdrawnAt,
       i.edited_at AS editedAt, i.last_activity_at AS lastActivityAt, i.created_at AS createdAt, i.merged_into_id AS mergedIntoId, i.source,
       i.recorded_by AS recordedBy, i.hidden_at AS hiddenAt, i.hidden_reason AS hiddenReason, i.held_at AS heldAt, i.erased_at AS erasedAt,
       b.slug AS boardSlug, b.name AS boardName, b.closed_at AS boardClosedAt, u.name AS authorName, u.role AS authorRole,
       (SELECT r.name FROM users r WHERE r.id = i.recorded_by) AS recorderName,
       (SELECT m.number FROM ideas m WHERE m.id = i.merged_into_id) AS mergedIntoNumber,
       EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = @viewerId) AS voted,
       EXISTS (SELECT 1 FROM follows f WHERE f.idea_id = i.id AND f.user_id = @viewerId) AS following
     FROM ideas i JOIN boards b ON b.id = i.board_id LEFT JOIN users u ON u.id = i.author_id
     WHERE i.group_id = @groupId AND i.number = @number`,
  ),
);

/** Everything the idea page shows about the idea itself, with the viewer's vote and follow. */
export function findIdea({ groupId, number, viewerId }: { groupId: string; number: number; viewerId: string }) {
  const row = findIdeaStatement().get({ groupId, number, viewerId });
  if (!row) return null;
  const { boardClosedAt, voted, following, ...idea } = row;
  return {
    ...idea,
    boardClosed: boardClosedAt !== null,
    voted: Boolean(voted),
    following: Boolean(following),
    tags: tagsOfIdeas([idea.id]).get(idea.id) ?? [],
  };
}

/**
 * The ideas a member wrote in the group, newest first (for their profile). An idea moderated away (hidden, held)
 * is listed only for its author and for reviewers (`seeModerated`), marked; an erased one for reviewers only.
 */
export function listIdeasByAuthor({
  groupId,
  authorId,
  limit = 10,
  viewer,
}: {
  groupId: string;
  authorId: string;
  limit?: number;
  /** Who looks: `id` and whether they review the group (canReview). Absent: a member's view (moderated ideas left out). */
  viewer?: { id: string; canReview: boolean };
}) {
  const seeModerated = viewer?.canReview ? "all" : viewer?.id === authorId ? "own" : "none";
  const moderated = sql.raw(moderatedSql('"ideas"'));
  const rows = db()
    .select({
      number: schema.ideas.number,
      title: schema.ideas.title,
      status: schema.ideas.status,
      voteCount: schema.ideas.voteCount,
      commentCount: schema.ideas.commentCount,
      createdAt: schema.ideas.createdAt,
      hiddenAt: schema.ideas.hiddenAt,
      hiddenReason: schema.ideas.hiddenReason,
      heldAt: schema.ideas.heldAt,
      erasedAt: schema.ideas.erasedAt,
    })
    .from(schema.ideas)
    .where(
      and(
        eq(schema.ideas.groupId, groupId),
        eq(schema.ideas.authorId, authorId),
        sql`${schema.ideas.withdrawnAt} IS NULL`,
        seeModerated === "all" ? undefined : seeModerated === "own" ? sql`${schema.ideas.erasedAt} IS NULL` : sql`NOT ${moderated}`,
      ),
    )
    .orderBy(desc(schema.ideas.createdAt))
    .limit(limit)
    .all();
  return rows.map(({ hiddenAt, hiddenReason, heldAt, erasedAt, ...r }) => {
    const moderation = moderationMark({ hiddenAt, heldAt, erasedAt });
    return { ...r, moderation, hiddenReason: moderation === "hidden" ? hiddenReason : null };
  });
}

/**
 * Whether the author already asked for a review of this item (an appeal is allowed once per item): a case of
 * origin "appeal", or an appeal note on any of its cases.
 */
export function appealedBefore(itemType: "idea" | "comment" | "update" | "intro", itemId: string): boolean {
  return Boolean(
    prepareCached("SELECT 1 FROM moderation_cases WHERE item_type = ? AND item_id = ? AND (origin = 'appeal' OR appeal_note IS NOT NULL) LIMIT 1").get(
      itemType,
      itemId,
    ),
  );
}

export const MY_IDEAS_PAGE_SIZE = 30;

/**
 * "What became of my ideas": the ideas a person wrote or voted for, in every group they can still see, most
 * recently active first, each with its status and the latest official response. Reads the author index and
 * the person's votes, never every idea.
 */
export function listMemberIdeas({ userId, isStaff, show, page }: { userId: string; isStaff: boolean; show: "all" | "wrote" | "voted"; page: number }) {
  const voted = "EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = @userId)";
  const ids =
    show === "wrote"
      ? "SELECT id FROM ideas WHERE author_id = @userId"
      : show === "voted"
        ? "SELECT idea_id FROM votes WHERE user_id = @userId"
        : "SELECT id FROM ideas WHERE author_id = @userId UNION SELECT idea_id FROM votes WHERE user_id = @userId";
  const from = `FROM ideas i JOIN groups g ON g.id = i.group_id
    LEFT JOIN memberships m ON m.group_id = i.group_id AND m.user_id = @userId
    WHERE i.id IN (${ids}) AND i.withdrawn_at IS NULL AND ${viewerCanViewGroupSql(isStaff, "m")}
      -- Moderated away: only the author still sees their own hidden or held idea here (marked); an erased one is gone.
      AND (NOT ${I_MODERATED_SQL} OR (i.author_id = @userId AND i.erased_at IS NULL))`;
  const rows = prepareCached(
    `SELECT i.id, i.number, i.title, i.status, i.vote_count AS voteCount, i.comment_count AS commentCount, i.created_at AS createdAt, i.last_activity_at AS lastActivityAt,
        g.id AS groupId, g.slug AS groupSlug, g.name AS groupName, (i.author_id = @userId) AS wrote, ${voted} AS voted,
        i.hidden_at AS hiddenAt, i.hidden_reason AS hiddenReason, i.held_at AS heldAt,
        (SELECT m2.number FROM ideas m2 WHERE m2.id = i.merged_into_id) AS mergedIntoNumber,
        -- A merge's message no longer answers an idea whose merge was undone.
        (SELECT json_object('response', e.response, 'at', e.created_at, 'by', u.name) FROM idea_events e LEFT JOIN users u ON u.id = e.actor_id
           WHERE e.idea_id = i.id AND e.response IS NOT NULL AND NOT (e.to_status = 'merged' AND i.status <> 'merged') ORDER BY e.id DESC LIMIT 1) AS latest
     ${from}
     ORDER BY i.last_activity_at DESC, i.id DESC
     LIMIT @limit OFFSET @offset`,
  ).all({ userId, limit: MY_IDEAS_PAGE_SIZE, offset: (page - 1) * MY_IDEAS_PAGE_SIZE }) as {
    id: number;
    number: number;
    title: string;
    status: IdeaStatus;
    voteCount: number;
    commentCount: number;
    createdAt: number;
    lastActivityAt: number;
    groupId: string;
    groupSlug: string;
    groupName: string;
    wrote: number;
    voted: number;
    mergedIntoNumber: number | null;
    latest: string | null;
    hiddenAt: number | null;
    hiddenReason: string | null;
    heldAt: number | null;
  }[];
  const total = (prepareCached(`SELECT count(*) AS n ${from}`).get({ userId }) as { n: number }).n;
  return {
    rows: rows.map(({ hiddenAt, hiddenReason, heldAt, ...r }) => ({
      ...r,
      moderation: moderationMark({ hiddenAt, heldAt }),
      hiddenReason: hiddenAt !== null ? hiddenReason : null,
      wrote: Boolean(r.wrote),
      voted: Boolean(r.voted),
      latest: r.latest ? (JSON.parse(r.latest) as { response: string; at: number; by: string | null }) : null,
    })),
    total,
    pages: Math.max(1, Math.ceil(total / MY_IDEAS_PAGE_SIZE)),
  };
}
