import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { canViewGroupWhere } from "~/domain/visibility.server";
import { fail } from "~/domain/errors";
import { isIdeaLive, isOrgStaff } from "~/policy";
import { renderMarkdown, type MentionTarget } from "~/utils/markdown.server";
import { extractMentions } from "~/utils/mentions";
import type { Group, GroupRole, OrgRole } from "../../db/schema";
import { follow } from "./idea.server";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

export type Author = { id: string; name: string; role: OrgRole };

/** People a comment in the group may mention: its active members, and staff and admins (who see every group). */
export function mentionable(conn: Conn, groupId: string, handles: string[]) {
  if (handles.length === 0) return [];
  return conn
    .select({ id: schema.users.id, name: schema.users.name, handle: schema.users.handle, role: schema.users.role, state: schema.memberships.state })
    .from(schema.users)
    .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, schema.users.id)))
    .where(and(inArray(schema.users.handle, handles), canViewGroupWhere()))
    .all();
}

/** Resolved mentions for rendering: members link to their profile in the group, staff are shown by name. */
export function mentionTargets(group: Pick<Group, "id" | "slug">, texts: string[]): Map<string, MentionTarget> {
  const handles = [...new Set(texts.flatMap((t) => extractMentions(t)))];
  return new Map(
    mentionable(db(), group.id, handles).map((u) => [u.handle!, { name: u.name, href: u.state === "active" ? `/g/${group.slug}/members/${u.id}` : null }]),
  );
}

/** Markdown written in the group (an idea, a preview) to safe HTML, with its @mentions resolved. */
export function renderGroupMarkdown(group: Pick<Group, "id" | "slug">, body: string): string {
  return renderMarkdown(body, { mentions: mentionTargets(group, [body]) });
}

/**
 * Adds a comment or a reply, inside the command's transaction (app/features/ideas/commands/add-comment.server.ts).
 * Replies are one level deep: answering a reply attaches to its top-level comment. The comment counter, the
 * idea's activity time and the writer's follow land together. A comment by staff is the idea's first response if
 * it has none yet. Who is told is decided by the subscriber of `comment.added`, after the commit.
 * `replyTo`: the writer of the comment a reply answers.
 */
export function insertComment(tx: Conn, input: { groupId: string; number: number; author: Author; body: string; parentId: number | null; now: number }) {
  const now = input.now;
  const idea = tx
    .select()
    .from(schema.ideas)
    .where(and(eq(schema.ideas.groupId, input.groupId), eq(schema.ideas.number, input.number)))
    .get();
  if (!idea) throw fail.notFound();
  if (!isIdeaLive(idea)) throw fail.closed("ideas.closedForComments");
  let parentId: number | null = null;
  let replyTo: string | null = null;
  if (input.parentId !== null) {
    const parent = tx
      .select()
      .from(schema.comments)
      .where(and(eq(schema.comments.id, input.parentId), eq(schema.comments.ideaId, idea.id)))
      .get();
    if (!parent || parent.deletedAt !== null) throw fail.notFound();
    parentId = parent.parentId ?? parent.id;
    replyTo = parent.authorId;
  }
  const comment = tx
    .insert(schema.comments)
    .values({ ideaId: idea.id, groupId: input.groupId, parentId, authorId: input.author.id, body: input.body, createdAt: now })
    .returning({ id: schema.comments.id })
    .get();
  tx.update(schema.ideas)
    .set({
      // comment_count follows from the row by trigger (migration 0014): a held comment is not counted yet.
      lastActivityAt: now,
      ...(isOrgStaff(input.author.role) && idea.firstResponseAt === null ? { firstResponseAt: now } : {}),
    })
    .where(eq(schema.ideas.id, idea.id))
    .run();
  follow(tx, idea.id, input.author.id, now);
  // Who follows the idea as this comment is written (the writer included): the subscriber tells only them, however
  // many follow between the commit and its run (rowids only grow while the newest row stays).
  const followsUpTo = (tx.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM follows`)?.n ?? 0) as number;
  return { id: comment.id, parentId, replyTo, idea, followsUpTo };
}

/** The writer edits their own comment, inside the command's transaction; it is marked edited. `changed`: the text differed. */
export function updateCommentBody(tx: Conn, input: { ideaId: number; commentId: number; authorId: string; body: string; now: number }) {
  const found = ownComment(tx, input.ideaId, input.commentId, input.authorId, "edit");
  if (found.comment.body === input.body) return { id: found.comment.id, idea: found.idea, changed: false };
  tx.update(schema.comments).set({ body: input.body, editedAt: input.now }).where(eq(schema.comments.id, found.comment.id)).run();
  return { id: found.comment.id, idea: found.idea, changed: true };
}

/** The writer deletes their own comment, inside the command's transaction. The row stays (replies hang on it); the text is no longer shown. */
export function markCommentDeleted(tx: Conn, input: { ideaId: number; commentId: number; authorId: string; now: number }) {
  const found = ownComment(tx, input.ideaId, input.commentId, input.authorId, "delete");
  // ideas.comment_count follows by trigger (migration 0014).
  tx.update(schema.comments).set({ deletedAt: input.now }).where(eq(schema.comments.id, found.comment.id)).run();
  return { id: found.comment.id, idea: found.idea };
}

/**
 * A comment on this idea (the page it was addressed through), not deleted, written by `authorId`. Editing needs
 * a live idea; deleting one's own words is always possible.
 */
function ownComment(tx: Conn, ideaId: number, commentId: number, authorId: string, purpose: "edit" | "delete") {
  const row = tx
    .select({ comment: schema.comments, idea: schema.ideas })
    .from(schema.comments)
    .innerJoin(schema.ideas, eq(schema.ideas.id, schema.comments.ideaId))
    .where(and(eq(schema.comments.id, commentId), eq(schema.comments.ideaId, ideaId), isNull(schema.comments.deletedAt)))
    .get();
  if (!row) throw fail.notFound();
  if (row.comment.authorId !== authorId) throw fail.forbidden();
  if (purpose === "edit" && !isIdeaLive(row.idea)) throw fail.closed("ideas.closedForComments");
  return row;
}

export type CommentView = {
  id: number;
  parentId: number | null;
  authorId: string | null;
  authorName: string | null;
  authorHandle: string | null;
  authorOrgRole: OrgRole | null;
  authorGroupRole: GroupRole | null;
  html: string;
  /** The markdown source, only for the viewer's own comments (for editing). */
  body: string | null;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /**
   * Moderation, as the viewer may see it: "hidden" or "held" only for the comment's author and reviewers (null
   * otherwise); `hiddenReason` with "hidden". `hiddenByModerator`: a placeholder shown to everyone else in place of a
   * hidden or held comment that has replies (html "", body null, no author), like a deleted one.
   */
  moderation: "hidden" | "held" | null;
  hiddenReason: string | null;
  hiddenByModerator: boolean;
};

export type CommentThread = CommentView & { replies: CommentView[] };

/** How many conversations (a comment with its replies) an idea page shows before "show earlier comments". */
export const THREADS_SHOWN = 30;
/** The most conversations one page of a discussion holds (the earlier and later pages). */
export const THREADS_PER_PAGE = 100;
/**
 * A page also stops before its comments pass this many (conversations are never cut, so one page holds at least
 * one conversation, however many replies it has): a hundred conversations of twenty replies each would be as
 * heavy as the whole discussion the pages replaced.
 */
export const COMMENTS_PER_PAGE = 200;

type CommentRow = {
  id: number;
  parentId: number | null;
  authorId: string | null;
  authorName: string | null;
  authorHandle: string | null;
  authorOrgRole: OrgRole | null;
  authorGroupRole: GroupRole | null;
  body: string;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  hiddenAt: number | null;
  hiddenReason: string | null;
  heldAt: number | null;
};

/** `deleted`: deleted by its writer or erased by staff (erasing sets deleted_at); `moderated`: hidden or held. */
type Skeleton = { id: number; parentId: number | null; deleted: number; moderated: number; authorId: string | null; createdAt: number };
const commentStatements = preparedOnce((c) => ({
  // The shape of the whole discussion, without its text: which conversations there are and what they hold.
  skeleton: c.prepare<[number], Skeleton>(
    `SELECT id, parent_id AS parentId, deleted_at IS NOT NULL AS deleted, (hidden_at IS NOT NULL OR held_at IS NOT NULL) AS moderated, author_id AS authorId,
       created_at AS createdAt FROM comments WHERE idea_id = ? ORDER BY id`,
  ),
  // Exactly the comments of the page (its conversations and their replies), by id: one statement for any page.
  page: c.prepare<[string, number, string], CommentRow>(
    `SELECT c.id, c.parent_id AS parentId, c.author_id AS authorId, u.name AS authorName, u.handle AS authorHandle, u.role AS authorOrgRole, m.role AS authorGroupRole,
       c.body, c.created_at AS createdAt, c.edited_at AS editedAt, c.deleted_at AS deletedAt,
       c.hidden_at AS hiddenAt, c.hidden_reason AS hiddenReason, c.held_at AS heldAt
     FROM comments c LEFT JOIN users u ON u.id = c.author_id LEFT JOIN memberships m ON m.group_id = ? AND m.user_id = c.author_id
     WHERE c.idea_id = ? AND c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`,
  ),
}));

/**
 * Which part of a discussion to show: the latest conversations (the default), the page before or after a
 * conversation, the first page (old `?comments=all` links), or the page from a linked comment's conversation.
 */
export type DiscussionView = { show?: "latest" | "first"; before?: number | null; after?: number | null; around?: number | null };

export type CommentPage = {
  threads: CommentThread[];
  /** Conversations and comments before the page. */
  hiddenThreads: number;
  hiddenComments: number;
  /** Conversations and comments after it. */
  laterThreads: number;
  laterComments: number;
  /** For the "earlier" link (?before=) and the "later" link (?after=): the first and last conversation shown. */
  firstId: number | null;
  lastId: number | null;
  /**
   * The time span the page covers, so the idea's history (status changes, responses) is shown on the page it
   * happened in: from the first conversation shown (null: from the start) to the first one after the page (null:
   * to now). Consecutive pages tile the discussion.
   */
  since: number | null;
  until: number | null;
};

/**
 * The idea's discussion in order: top-level comments oldest first, each with its replies. A deleted comment
 * stays as a "deleted" placeholder while it has replies and disappears otherwise.
 *
 * A long discussion shows its latest THREADS_SHOWN conversations and says how many earlier ones there are, as
 * GitHub or Discourse do: an idea with hundreds of comments is a heavy page on a phone, and rendering it was
 * three quarters of the page's cost (measured: 20 ms for 250 comments). Earlier conversations come in pages of
 * at most THREADS_PER_PAGE conversations (and about COMMENTS_PER_PAGE comments), addressed by the conversation
 * they come before or after, so a page stays the same while new comments arrive. The whole discussion is never
 * read or rendered at once (it was: 1.4–2.2 s and 2.9 MB for 2,293 comments, and a crowd of such requests
 * starved the server). `around` (a comment's id: a link to it, a reply being written) shows the latest page
 * when its conversation is on it, and otherwise the page that starts with that conversation.
 *
 * Moderation: a hidden or held comment is shown only to its writer and to reviewers (`reviewer`: canReview),
 * marked; for everyone else it is treated as deleted (a "hidden by a moderator" placeholder while it has replies
 * shown, absent otherwise). An erased comment is deleted (erasing sets deleted_at).
 */
export function listComments({
  group,
  ideaId,
  viewerId,
  show = "latest",
  before = null,
  after = null,
  around = null,
  reviewer = false,
}: { group: Pick<Group, "id" | "slug">; ideaId: number; viewerId: string; reviewer?: boolean } & DiscussionView): CommentPage {
  const s = commentStatements();
  // Which conversations to show is decided on the discussion's shape; only those are read in full and rendered.
  // For this viewer, a comment moderated away that they may not see counts as deleted (`gone`).
  const skeleton = s.skeleton.all(ideaId).map((r) => ({
    ...r,
    deleted: r.deleted || (r.moderated && !reviewer && r.authorId !== viewerId) ? 1 : 0,
    byModerator: !r.deleted && r.moderated && !reviewer && r.authorId !== viewerId,
  }));
  const liveReplies = new Map<number, number[]>();
  for (const r of skeleton) {
    if (r.parentId === null || r.deleted) continue;
    const list = liveReplies.get(r.parentId) ?? [];
    list.push(r.id);
    liveReplies.set(r.parentId, list);
  }
  const tops = skeleton.filter((r) => r.parentId === null && (!r.deleted || liveReplies.has(r.id)));
  // What a conversation weighs on a page: its shown comments (a deleted top with replies is only a placeholder).
  const weight = (t: Skeleton) => (t.deleted ? 0 : 1) + (liveReplies.get(t.id)?.length ?? 0);
  const n = tops.length;
  const back = (end: number, max: number) => {
    let start = end;
    let comments = 0;
    while (start > 0 && end - start < max && (start === end || comments + weight(tops[start - 1]) <= COMMENTS_PER_PAGE)) comments += weight(tops[--start]);
    return start;
  };
  const forward = (start: number, max: number) => {
    let end = start;
    let comments = 0;
    while (end < n && end - start < max && (end === start || comments + weight(tops[end]) <= COMMENTS_PER_PAGE)) comments += weight(tops[end++]);
    return end;
  };
  // The first conversation at or after an id (a conversation's position, also for ids that are not one).
  const indexFrom = (id: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tops[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const latestStart = back(n, THREADS_SHOWN);
  let start = latestStart;
  let end = n;
  const target = around !== null ? skeleton.find((r) => r.id === around) : undefined;
  const linked = target ? tops.findIndex((t) => t.id === (target.parentId ?? target.id)) : -1;
  if (before !== null) {
    end = indexFrom(before);
    start = back(end, THREADS_PER_PAGE);
  } else if (after !== null) {
    start = indexFrom(after + 1);
    end = forward(start, THREADS_PER_PAGE);
  } else if (linked !== -1 && linked < latestStart) {
    start = linked;
    end = forward(start, THREADS_PER_PAGE);
  } else if (show === "first") {
    start = 0;
    end = forward(0, THREADS_PER_PAGE);
  }
  // A page past either end (a stale or made-up ?before= / ?after=) would show an empty discussion with no link
  // out of it (its links are drawn from the conversations shown): the nearest real page instead.
  if (start === end && n > 0) {
    if (end === 0) end = forward(0, THREADS_PER_PAGE);
    else start = latestStart;
  }
  const page = tops.slice(start, end);
  const ids = page.flatMap((t) => [t.id, ...(liveReplies.get(t.id) ?? [])]);
  const rows = ids.length > 0 ? s.page.all(group.id, ideaId, JSON.stringify(ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const gone = new Set(skeleton.filter((r) => r.deleted).map((r) => r.id));
  const byModerator = new Set(skeleton.filter((r) => r.byModerator).map((r) => r.id));
  const live = rows.filter((r) => !gone.has(r.id));
  const mentions = mentionTargets(
    group,
    live.map((r) => r.body),
  );
  const view = (r: CommentRow): CommentView => {
    const hiddenByModerator = byModerator.has(r.id);
    const deleted = gone.has(r.id) && !hiddenByModerator;
    const blank = gone.has(r.id);
    const moderation = blank ? null : r.heldAt !== null ? "held" : r.hiddenAt !== null ? "hidden" : null;
    return {
      ...shown(r, blank),
      deleted,
      moderation,
      hiddenReason: moderation === "hidden" ? r.hiddenReason : null,
      hiddenByModerator,
    };
  };
  const shown = (r: CommentRow, deleted: boolean) => {
    return {
      id: r.id,
      parentId: r.parentId,
      authorId: deleted ? null : r.authorId,
      authorName: deleted ? null : r.authorName,
      authorHandle: deleted ? null : r.authorHandle,
      authorOrgRole: deleted ? null : r.authorOrgRole,
      authorGroupRole: deleted ? null : r.authorGroupRole,
      html: deleted ? "" : renderMarkdown(r.body, { mentions }),
      body: !deleted && r.authorId === viewerId ? r.body : null,
      createdAt: r.createdAt,
      editedAt: deleted ? null : r.editedAt,
    };
  };
  const sum = (list: Skeleton[]) => list.reduce((total, t) => total + weight(t), 0);
  const earlier = tops.slice(0, start);
  const later = tops.slice(end);
  return {
    threads: page.flatMap((t) => {
      const row = byId.get(t.id);
      return row ? [{ ...view(row), replies: (liveReplies.get(t.id) ?? []).flatMap((id) => (byId.has(id) ? [view(byId.get(id)!)] : [])) }] : [];
    }),
    hiddenThreads: earlier.length,
    hiddenComments: sum(earlier),
    laterThreads: later.length,
    laterComments: sum(later),
    firstId: page[0]?.id ?? null,
    lastId: page.at(-1)?.id ?? null,
    since: start > 0 ? page[0].createdAt : null,
    until: end < n ? tops[end].createdAt : null,
  };
}

/**
 * Members and staff whose name or handle has a word starting with the text, for @mention autocomplete. The
 * handle is lower-cased by the app (SQLite's lower() folds only ASCII), so "Öhm" finds "Pekka Öhman".
 */
export function suggestMentions({ groupId, q, limit = 8 }: { groupId: string; q: string; limit?: number }) {
  const prefix = `${q.toLocaleLowerCase("fi").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const word = `% ${prefix}`;
  const handleWord = `%-${prefix}`;
  return db()
    .select({ id: schema.users.id, name: schema.users.name, handle: schema.users.handle })
    .from(schema.users)
    .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, schema.users.id)))
    .where(
      and(
        sql`${schema.users.handle} IS NOT NULL`,
        canViewGroupWhere(),
        sql`(${schema.users.handle} LIKE ${prefix} ESCAPE '\\' OR ${schema.users.handle} LIKE ${handleWord} ESCAPE '\\' OR lower(${schema.users.name}) LIKE ${prefix} ESCAPE '\\' OR lower(${schema.users.name}) LIKE ${word} ESCAPE '\\')`,
      ),
    )
    .orderBy(asc(schema.users.name))
    .limit(limit)
    .all() as { id: string; name: string; handle: string }[];
}
