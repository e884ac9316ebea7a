import { and, asc, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { mergedEmail, statusEmail } from "~/email/templates.server";
import { env } from "~/env.server";
import { translate } from "~/i18n";
import { canUnmerge, isCommittedIdea, UNMERGE_WINDOW_MS } from "~/merge-policy";
import { isIdeaLive, isOrgStaff, isReadOnly } from "~/policy";
import { RESPONSE_REQUIRED, type SETTABLE_STATUSES } from "~/schemas/idea";
import type { Group, IdeaStatus, OrgRole } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { notify, notifyAndEmail, reachable } from "./notification.server";
import { getOrgSettings } from "./org.server";
import { preparedOnce } from "./statements.server";
import { listSavedReplies } from "./saved-reply.server";
import type { AuthorContext, Conn, QueueItem } from "./types";

// The staff feedback loop: status changes with official responses, merges, the response queue and its metrics.

export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

type Actor = { id: string; name: string; role: OrgRole };
type IdeaRow = typeof schema.ideas.$inferSelect;

/** Rows changed by a statement run on the better-sqlite3 driver (typed `unknown` through the generic Conn). */
const changes = (result: unknown) => (result as { changes: number }).changes;

const ideaRow = (conn: Conn, groupId: string, number: number) =>
  conn.select().from(schema.ideas).where(and(eq(schema.ideas.groupId, groupId), eq(schema.ideas.number, number))).get() ?? null;

/**
 * Everyone who cared about an idea: its author, voters and followers, each once, never the actor, and only
 * people who can still see the group. With how each one relates to it, for a personal e-mail.
 */
const caredStatement = preparedOnce((c) =>
  c.prepare<{ ideaId: number }, { userId: string; relation: "author" | "voter" | "follower" }>(
    `SELECT user_id AS userId, min(rank) AS rank,
            CASE min(rank) WHEN 0 THEN 'author' WHEN 1 THEN 'voter' ELSE 'follower' END AS relation
     FROM (
       SELECT author_id AS user_id, 0 AS rank FROM ideas WHERE id = @ideaId AND author_id IS NOT NULL
       UNION ALL SELECT user_id, 1 FROM votes WHERE idea_id = @ideaId
       UNION ALL SELECT user_id, 2 FROM follows WHERE idea_id = @ideaId
     )
     GROUP BY user_id`,
  ),
);

function peopleWhoCared(conn: Conn, groupId: string, ideaId: number, actorId: string) {
  const relations = new Map(caredStatement().all({ ideaId }).map((r) => [r.userId, r.relation]));
  relations.delete(actorId);
  return reachable(conn, groupId, relations.keys()).map((r) => ({ ...r, relation: relations.get(r.id)! }));
}

export type StatusResult = { ok: true } | { ok: false; error: "notFound" | "closed" | "responseRequired" | "unchanged" };

/**
 * Staff change an idea's status, with an official response (required for done and declined), or respond without
 * changing it. One immediate transaction: the idea, its history, the first-response time, the audit entry, and a
 * notification (and e-mail) to everyone who cared, each exactly once.
 */
export function changeStatus(input: { group: Group; number: number; actor: Actor; status: SettableStatus; response: string | null; now?: number }): StatusResult {
  const now = input.now ?? Date.now();
  if (isReadOnly(input.group, now)) return { ok: false, error: "closed" };
  return db().transaction(
    (tx): StatusResult => {
      const idea = ideaRow(tx, input.group.id, input.number);
      if (!idea) return { ok: false, error: "notFound" };
      if (!isIdeaLive(idea)) return { ok: false, error: "closed" };
      if ((RESPONSE_REQUIRED as readonly IdeaStatus[]).includes(input.status) && !input.response) return { ok: false, error: "responseRequired" };
      if (input.status === idea.status && !input.response) return { ok: false, error: "unchanged" };
      // The same response sent again (a double submit, a retried request) would tell everyone twice.
      const latest = tx
        .select({ toStatus: schema.ideaEvents.toStatus, response: schema.ideaEvents.response })
        .from(schema.ideaEvents)
        .where(and(eq(schema.ideaEvents.ideaId, idea.id), eq(schema.ideaEvents.kind, "status")))
        .orderBy(desc(schema.ideaEvents.id))
        .limit(1)
        .get();
      if (latest && latest.toStatus === input.status && latest.toStatus === idea.status && latest.response === input.response) return { ok: false, error: "unchanged" };
      tx.update(schema.ideas)
        .set({ status: input.status, lastActivityAt: now, firstResponseAt: idea.firstResponseAt ?? now })
        .where(eq(schema.ideas.id, idea.id))
        .run();
      const event = tx
        .insert(schema.ideaEvents)
        .values({ ideaId: idea.id, groupId: input.group.id, actorId: input.actor.id, kind: "status", fromStatus: idea.status, toStatus: input.status, response: input.response, createdAt: now })
        .returning({ id: schema.ideaEvents.id })
        .get();
      recordAudit(tx, { actorId: input.actor.id, action: "idea.status", targetType: "idea", targetId: String(idea.id), groupId: input.group.id, details: { number: idea.number, from: idea.status, to: input.status, responded: Boolean(input.response) } });
      tellWhoCared(tx, { group: input.group, idea, actor: input.actor, from: idea.status, to: input.status, response: input.response, eventId: event.id });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

function tellWhoCared(tx: Conn, input: { group: Group; idea: IdeaRow; actor: Actor; from: IdeaStatus; to: IdeaStatus; response: string | null; eventId: number }) {
  const org = getOrgSettings();
  const url = `${env.APP_URL}/g/${input.group.slug}/ideas/${input.idea.number}#event-${input.eventId}`;
  notifyAndEmail(tx, {
    recipients: peopleWhoCared(tx, input.group.id, input.idea.id, input.actor.id),
    kind: "status",
    groupId: input.group.id,
    data: { name: input.actor.name, title: input.idea.title, number: String(input.idea.number), from: input.from, status: input.to, eventId: String(input.eventId) },
    emailKind: "status",
    render: (r, unsubscribeUrl) => {
      const locale = r.locale ?? org.defaultLocale;
      const status = (s: IdeaStatus) => translate(locale, `ideas.status.${s}`);
      return statusEmail({ locale, org: org.name, name: r.name, group: input.group.name, title: input.idea.title, url, unsubscribeUrl, actor: input.actor.name, from: status(input.from), to: status(input.to), response: input.response, relation: r.relation });
    },
  });
}

export type MergeError = "notFound" | "same" | "closed" | "staffOnly";
export type MergeResult = { ok: true; intoNumber: number; movedVotes: number; movedFollows: number; mergeId: number } | { ok: false; error: MergeError };

/** One side of a merge as the confirmation shows it. */
export type MergeSide = { number: number; title: string; status: IdeaStatus; voteCount: number; followerCount: number; authorName: string | null };
/** What a merge would do: both ideas, and of the source's votes and followers how many move and how many B already has. */
export type MergePreview = { from: MergeSide; into: MergeSide; votes: { move: number; already: number }; follows: { move: number; already: number } };

type MergeInput = { group: Group; fromNumber: number; intoNumber: number; actor: Actor; now?: number };

/** The checks a merge and its preview share: both ideas in the group, live, different, and the actor allowed. */
function checkMerge(tx: Conn, input: MergeInput): { ok: true; from: IdeaRow; into: IdeaRow } | { ok: false; error: MergeError } {
  if (isReadOnly(input.group, input.now ?? Date.now())) return { ok: false, error: "closed" };
  const from = ideaRow(tx, input.group.id, input.fromNumber);
  const into = ideaRow(tx, input.group.id, input.intoNumber);
  if (!from || !into) return { ok: false, error: "notFound" };
  if (from.id === into.id) return { ok: false, error: "same" };
  if (!isIdeaLive(from) || !isIdeaLive(into)) return { ok: false, error: "closed" };
  // Moderators merge duplicates nobody has answered yet; what staff committed to or answered is staff's to merge.
  if (!isOrgStaff(input.actor.role) && isCommittedIdea(from)) return { ok: false, error: "staffOnly" };
  return { ok: true, from, into };
}

const mergeStatements = preparedOnce((c) => ({
  // Of the source's rows, how many the target already has (that person counts once after the merge).
  overlap: c.prepare<{ from: number; into: number }, { votes: number; votesAlready: number; follows: number; followsAlready: number }>(
    `SELECT (SELECT count(*) FROM votes WHERE idea_id = @from) AS votes,
       (SELECT count(*) FROM votes a WHERE a.idea_id = @from AND EXISTS (SELECT 1 FROM votes b WHERE b.idea_id = @into AND b.user_id = a.user_id)) AS votesAlready,
       (SELECT count(*) FROM follows WHERE idea_id = @from) AS follows,
       (SELECT count(*) FROM follows a WHERE a.idea_id = @from AND EXISTS (SELECT 1 FROM follows b WHERE b.idea_id = @into AND b.user_id = a.user_id)) AS followsAlready`,
  ),
  authorName: c.prepare<[string | null], { name: string }>("SELECT name FROM users WHERE id = ?"),
  // Written before anything moves: every row of the source, and whether the target lacks that person's (it moves).
  recordVotes: c.prepare<{ merge: number; from: number; into: number }>(
    `INSERT INTO idea_merge_moves (merge_id, kind, user_id, moved, created_at)
     SELECT @merge, 'vote', a.user_id, NOT EXISTS (SELECT 1 FROM votes b WHERE b.idea_id = @into AND b.user_id = a.user_id), a.created_at FROM votes a WHERE a.idea_id = @from`,
  ),
  recordFollows: c.prepare<{ merge: number; from: number; into: number }>(
    `INSERT INTO idea_merge_moves (merge_id, kind, user_id, moved, created_at)
     SELECT @merge, 'follow', a.user_id, NOT EXISTS (SELECT 1 FROM follows b WHERE b.idea_id = @into AND b.user_id = a.user_id), a.created_at FROM follows a WHERE a.idea_id = @from`,
  ),
}));

/** What merging A into B would move, for the confirmation step; refuses exactly as mergeIdeas would. Writes nothing. */
export function previewMerge(input: MergeInput): { ok: true; preview: MergePreview } | { ok: false; error: MergeError } {
  const conn = db();
  const checked = checkMerge(conn, input);
  if (!checked.ok) return checked;
  const { from, into } = checked;
  const s = mergeStatements();
  const o = s.overlap.get({ from: from.id, into: into.id })!;
  const side = (i: IdeaRow): MergeSide => ({ number: i.number, title: i.title, status: i.status, voteCount: i.voteCount, followerCount: i.followerCount, authorName: i.authorId ? (s.authorName.get(i.authorId)?.name ?? null) : null });
  return { ok: true, preview: { from: side(from), into: side(into), votes: { move: o.votes - o.votesAlready, already: o.votesAlready }, follows: { move: o.follows - o.followsAlready, already: o.followsAlready } } };
}

/**
 * Merges duplicate idea A into B (same group): A's votes and followers move to B, a member who had voted for
 * both counting once; A becomes "merged" with a link to B; A's author, voters and followers are told. One
 * immediate transaction, with B's counters raised by exactly the rows that moved. What moved is recorded
 * (idea_merges, idea_merge_moves) so staff can undo the merge exactly (unmergeIdea).
 */
export function mergeIdeas(input: MergeInput & { response: string | null }): MergeResult {
  const now = input.now ?? Date.now();
  return db().transaction(
    (tx): MergeResult => {
      const checked = checkMerge(tx, { ...input, now });
      if (!checked.ok) return checked;
      const { from, into } = checked;
      // Who to tell is read before anything moves.
      const recipients = peopleWhoCared(tx, input.group.id, from.id, input.actor.id);
      const merge = tx
        .insert(schema.ideaMerges)
        .values({ groupId: input.group.id, fromIdeaId: from.id, intoIdeaId: into.id, actorId: input.actor.id, fromStatus: from.status, fromFirstResponseAt: from.firstResponseAt, createdAt: now })
        .returning({ id: schema.ideaMerges.id })
        .get();
      const s = mergeStatements();
      s.recordVotes.run({ merge: merge.id, from: from.id, into: into.id });
      s.recordFollows.run({ merge: merge.id, from: from.id, into: into.id });
      // A member who voted for both keeps one vote on B: the insert skips rows B already has.
      const movedVotes = changes(tx.run(sql`INSERT INTO votes (idea_id, user_id, created_at) SELECT ${into.id}, user_id, created_at FROM votes WHERE idea_id = ${from.id} ON CONFLICT DO NOTHING`));
      const movedFollows = changes(tx.run(sql`INSERT INTO follows (idea_id, user_id, created_at) SELECT ${into.id}, user_id, created_at FROM follows WHERE idea_id = ${from.id} ON CONFLICT DO NOTHING`));
      tx.delete(schema.votes).where(eq(schema.votes.ideaId, from.id)).run();
      tx.delete(schema.follows).where(eq(schema.follows.ideaId, from.id)).run();
      tx.update(schema.ideas)
        .set({ voteCount: sql`${schema.ideas.voteCount} + ${movedVotes}`, followerCount: sql`${schema.ideas.followerCount} + ${movedFollows}`, lastActivityAt: now })
        .where(eq(schema.ideas.id, into.id))
        .run();
      tx.update(schema.ideas)
        .set({ status: "merged", mergedIntoId: into.id, voteCount: 0, followerCount: 0, lastActivityAt: now, firstResponseAt: from.firstResponseAt ?? now })
        .where(eq(schema.ideas.id, from.id))
        .run();
      tx.insert(schema.ideaEvents).values({ ideaId: from.id, groupId: input.group.id, actorId: input.actor.id, kind: "status", fromStatus: from.status, toStatus: "merged", response: input.response, relatedIdeaId: into.id, createdAt: now }).run();
      // The notification leads to B's page, so it points at B's "merged in" line.
      const mergedIn = tx.insert(schema.ideaEvents).values({ ideaId: into.id, groupId: input.group.id, actorId: input.actor.id, kind: "merged_in", relatedIdeaId: from.id, createdAt: now }).returning({ id: schema.ideaEvents.id }).get();
      recordAudit(tx, { actorId: input.actor.id, action: "idea.merge", targetType: "idea", targetId: String(from.id), groupId: input.group.id, details: { from: from.number, into: into.number, movedVotes, movedFollows, fromStatus: from.status } });
      const org = getOrgSettings();
      const url = `${env.APP_URL}/g/${input.group.slug}/ideas/${into.number}`;
      notifyAndEmail(tx, {
        recipients,
        kind: "merged",
        groupId: input.group.id,
        data: { name: input.actor.name, title: from.title, number: String(into.number), intoTitle: into.title, eventId: String(mergedIn.id) },
        emailKind: "status",
        render: (r, unsubscribeUrl) => mergedEmail({ locale: r.locale ?? org.defaultLocale, org: org.name, name: r.name, group: input.group.name, title: from.title, intoTitle: into.title, url, unsubscribeUrl, actor: input.actor.name, response: input.response, relation: r.relation }),
      });
      return { ok: true, intoNumber: into.number, movedVotes, movedFollows, mergeId: merge.id };
    },
    { behavior: "immediate" },
  );
}

export type MergeRecord = typeof schema.ideaMerges.$inferSelect;

/** The merge that made this idea "merged" (its latest one), or null: merges from before migration 0010 recorded nothing. */
export function currentMerge(conn: Conn, idea: Pick<IdeaRow, "id" | "status" | "mergedIntoId">): MergeRecord | null {
  if (idea.status !== "merged") return null;
  const merge = conn.select().from(schema.ideaMerges).where(eq(schema.ideaMerges.fromIdeaId, idea.id)).orderBy(desc(schema.ideaMerges.id)).limit(1).get();
  return merge && merge.undoneAt === null && merge.intoIdeaId === idea.mergedIntoId ? merge : null;
}

/** The current merge of an idea (see currentMerge), for its page. */
export function findCurrentMerge(idea: Pick<IdeaRow, "id" | "status" | "mergedIntoId">): MergeRecord | null {
  return currentMerge(db(), idea);
}

/** Merges into this idea that staff can still undo (not undone, within the window), by the source idea's number. */
export function undoableMergesInto(ideaId: number, now = Date.now()): { fromNumber: number; createdAt: number }[] {
  return db()
    .select({ fromNumber: schema.ideas.number, createdAt: schema.ideaMerges.createdAt })
    .from(schema.ideaMerges)
    .innerJoin(schema.ideas, eq(schema.ideas.id, schema.ideaMerges.fromIdeaId))
    .where(and(eq(schema.ideaMerges.intoIdeaId, ideaId), isNull(schema.ideaMerges.undoneAt), eq(schema.ideas.status, "merged"), eq(schema.ideas.mergedIntoId, ideaId), gte(schema.ideaMerges.createdAt, now - UNMERGE_WINDOW_MS)))
    .all();
}

export type UnmergeError = "notFound" | "closed" | "notAllowed" | "notMerged" | "expired" | "targetMerged";
export type UnmergeResult = { ok: true; intoNumber: number; restoredVotes: number; removedVotes: number; restoredFollows: number; removedFollows: number } | { ok: false; error: UnmergeError };

/** The people whose row of `kind` on the target another merge into it, not undone, recorded (it came from that source too). */
const OTHER_MERGES_HOLD = (kind: "vote" | "follow") =>
  `SELECT o.user_id FROM idea_merge_moves o JOIN idea_merges g ON g.id = o.merge_id
   WHERE g.into_idea_id = @into AND g.id <> @merge AND g.undone_at IS NULL AND o.kind = '${kind}'`;

/** A moved row the undone merge leaves on the target (see removeVotes) becomes the earliest such other merge's to take back. */
const PASS_ON = (kind: "vote" | "follow") =>
  `UPDATE idea_merge_moves SET moved = 1
   WHERE kind = '${kind}' AND moved = 0
     AND user_id IN (SELECT user_id FROM idea_merge_moves WHERE merge_id = @merge AND kind = '${kind}' AND moved = 1)
     AND merge_id = (SELECT min(g.id) FROM idea_merges g JOIN idea_merge_moves o ON o.merge_id = g.id
                     WHERE g.into_idea_id = @into AND g.id <> @merge AND g.undone_at IS NULL AND o.kind = '${kind}' AND o.user_id = idea_merge_moves.user_id)`;

const unmergeStatements = preparedOnce((c) => ({
  // The source gets back each of its rows whose person still has one on the target: the moved ones come back, and
  // those the target already had are given back to the source too (that person had voted for both). Someone who
  // removed their vote or follow from the target since the merge has said they no longer want it: nothing returns.
  restoreVotes: c.prepare<{ merge: number; from: number; into: number }>(
    `INSERT INTO votes (idea_id, user_id, created_at)
     SELECT @from, m.user_id, m.created_at FROM idea_merge_moves m
     WHERE m.merge_id = @merge AND m.kind = 'vote' AND EXISTS (SELECT 1 FROM votes b WHERE b.idea_id = @into AND b.user_id = m.user_id)
     ON CONFLICT DO NOTHING`,
  ),
  restoreFollows: c.prepare<{ merge: number; from: number; into: number }>(
    `INSERT INTO follows (idea_id, user_id, created_at)
     SELECT @from, m.user_id, m.created_at FROM idea_merge_moves m
     WHERE m.merge_id = @merge AND m.kind = 'follow' AND EXISTS (SELECT 1 FROM follows b WHERE b.idea_id = @into AND b.user_id = m.user_id)
     ON CONFLICT DO NOTHING`,
  ),
  // The target loses exactly the rows that moved to it, never the ones it had before, and never one that another
  // merge into it still in force also brought (that person had voted for both sources: the row is their vote for
  // the other one now). Such a row passes to that merge (moved = 1), so undoing it later takes the row away.
  removeVotes: c.prepare<{ merge: number; into: number }>(
    `DELETE FROM votes WHERE idea_id = @into
       AND user_id IN (SELECT user_id FROM idea_merge_moves WHERE merge_id = @merge AND kind = 'vote' AND moved = 1)
       AND user_id NOT IN (${OTHER_MERGES_HOLD("vote")})`,
  ),
  removeFollows: c.prepare<{ merge: number; into: number }>(
    `DELETE FROM follows WHERE idea_id = @into
       AND user_id IN (SELECT user_id FROM idea_merge_moves WHERE merge_id = @merge AND kind = 'follow' AND moved = 1)
       AND user_id NOT IN (${OTHER_MERGES_HOLD("follow")})`,
  ),
  passVotes: c.prepare<{ merge: number; into: number }>(PASS_ON("vote")),
  passFollows: c.prepare<{ merge: number; into: number }>(PASS_ON("follow")),
}));

/**
 * Staff undo a merge within UNMERGE_WINDOW_MS: A gets back its previous status and first-response time, its
 * votes and followers (see unmergeStatements for who), B loses exactly the rows that moved to it; both timelines
 * say so, the audit log has it, and A's author is told in the app (see below). One immediate transaction; the
 * board and queue counters follow from the status change (triggers of migrations 0005 and 0007).
 */
export function unmergeIdea(input: { group: Group; number: number; actor: Actor; now?: number }): UnmergeResult {
  const now = input.now ?? Date.now();
  if (isReadOnly(input.group, now)) return { ok: false, error: "closed" };
  if (!isOrgStaff(input.actor.role)) return { ok: false, error: "notAllowed" };
  return db().transaction(
    (tx): UnmergeResult => {
      const from = ideaRow(tx, input.group.id, input.number);
      if (!from) return { ok: false, error: "notFound" };
      if (from.status !== "merged") return { ok: false, error: "notMerged" };
      const merge = currentMerge(tx, from);
      if (!canUnmerge({ orgRole: input.actor.role }, merge, false, now)) return { ok: false, error: merge ? "expired" : "notMerged" };
      const into = tx.select().from(schema.ideas).where(eq(schema.ideas.id, merge!.intoIdeaId)).get();
      if (!into) return { ok: false, error: "notMerged" };
      // B merged on into C since: A's votes are on C now. That merge is undone first.
      if (into.status === "merged") return { ok: false, error: "targetMerged" };
      const s = unmergeStatements();
      const args = { merge: merge!.id, from: from.id, into: into.id };
      const restoredVotes = s.restoreVotes.run(args).changes;
      const restoredFollows = s.restoreFollows.run(args).changes;
      const removedVotes = s.removeVotes.run(args).changes;
      const removedFollows = s.removeFollows.run(args).changes;
      s.passVotes.run({ merge: args.merge, into: args.into });
      s.passFollows.run({ merge: args.merge, into: args.into });
      tx.update(schema.ideas)
        .set({ status: merge!.fromStatus, mergedIntoId: null, firstResponseAt: merge!.fromFirstResponseAt, voteCount: sql`${schema.ideas.voteCount} + ${restoredVotes}`, followerCount: sql`${schema.ideas.followerCount} + ${restoredFollows}`, lastActivityAt: now })
        .where(eq(schema.ideas.id, from.id))
        .run();
      tx.update(schema.ideas)
        .set({ voteCount: sql`${schema.ideas.voteCount} - ${removedVotes}`, followerCount: sql`${schema.ideas.followerCount} - ${removedFollows}` })
        .where(eq(schema.ideas.id, into.id))
        .run();
      tx.update(schema.ideaMerges).set({ undoneAt: now, undoneBy: input.actor.id }).where(eq(schema.ideaMerges.id, merge!.id)).run();
      const event = tx
        .insert(schema.ideaEvents)
        .values({ ideaId: from.id, groupId: input.group.id, actorId: input.actor.id, kind: "unmerged", fromStatus: "merged", toStatus: merge!.fromStatus, relatedIdeaId: into.id, createdAt: now })
        .returning({ id: schema.ideaEvents.id })
        .get();
      tx.insert(schema.ideaEvents).values({ ideaId: into.id, groupId: input.group.id, actorId: input.actor.id, kind: "unmerged_out", relatedIdeaId: from.id, createdAt: now }).run();
      recordAudit(tx, { actorId: input.actor.id, action: "idea.unmerge", targetType: "idea", targetId: String(from.id), groupId: input.group.id, details: { from: from.number, into: into.number, status: merge!.fromStatus, restoredVotes, removedVotes, restoredFollows, removedFollows } });
      // Only A's author is told, in the app: the merge told everyone their idea had gone, and it is back, but a
      // second round of notices and e-mails to every voter and follower would be noise about a correction (their
      // votes are simply where they were). The author is the one who would otherwise think their idea was taken.
      const author = from.authorId && from.authorId !== input.actor.id ? reachable(tx, input.group.id, [from.authorId]) : [];
      notify(tx, { userIds: author.map((r) => r.id), kind: "status", groupId: input.group.id, data: { name: input.actor.name, title: from.title, number: String(from.number), from: "merged", status: merge!.fromStatus, eventId: String(event.id) } });
      return { ok: true, intoNumber: into.number, restoredVotes, removedVotes, restoredFollows, removedFollows };
    },
    { behavior: "immediate" },
  );
}

/** The idea's history for its timeline: status changes (with responses) and ideas merged into it. */
export function listEvents(ideaId: number) {
  const related = sql`(SELECT json_object('number', r.number, 'title', r.title) FROM ideas r WHERE r.id = ${schema.ideaEvents.relatedIdeaId})`;
  return db()
    .select({
      id: schema.ideaEvents.id,
      kind: schema.ideaEvents.kind,
      fromStatus: schema.ideaEvents.fromStatus,
      toStatus: schema.ideaEvents.toStatus,
      response: schema.ideaEvents.response,
      createdAt: schema.ideaEvents.createdAt,
      actorName: schema.users.name,
      related: sql<string | null>`${related}`,
    })
    .from(schema.ideaEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.ideaEvents.actorId))
    .where(eq(schema.ideaEvents.ideaId, ideaId))
    .orderBy(asc(schema.ideaEvents.id))
    .all()
    .map((e) => ({ ...e, related: e.related ? (JSON.parse(e.related) as { number: number; title: string }) : null }));
}

// ---------------------------------------------------------------------------------------------------------
// The response queue and loop metrics

export const QUEUE_PAGE_SIZE = 30;
const DAY = 86_400_000;

// Waiting: no staff response yet, not withdrawn, not merged (the partial indexes ideas_waiting_idx and
// ideas_group_waiting_idx hold exactly these). Writable: not archived, not ended.
const WAITING = "i.first_response_at IS NULL AND i.withdrawn_at IS NULL AND i.status <> 'merged'";
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
 * How well the group's loop closes: the share of ideas with a staff response, the median time to the first one,
 * how many wait past the target, and ideas by status (withdrawn ones aside).
 */
export function loopMetrics({ group, now = Date.now() }: { group: Group; now?: number }) {
  const live = and(eq(schema.ideas.groupId, group.id), sql`${schema.ideas.withdrawnAt} IS NULL`);
  const byStatus = db().select({ status: schema.ideas.status, n: sql<number>`count(*)` }).from(schema.ideas).where(live).groupBy(schema.ideas.status).all();
  const counted = and(live, sql`${schema.ideas.status} <> 'merged'`);
  const { total, responded, overdue, waiting } = db()
    .select({
      total: sql<number>`count(*)`,
      responded: sql<number>`coalesce(sum(${schema.ideas.firstResponseAt} IS NOT NULL), 0)`,
      waiting: sql<number>`coalesce(sum(${schema.ideas.firstResponseAt} IS NULL), 0)`,
      overdue: sql<number>`coalesce(sum(${schema.ideas.firstResponseAt} IS NULL AND ${schema.ideas.createdAt} < ${now - group.responseTargetDays * DAY}), 0)`,
    })
    .from(schema.ideas)
    .where(counted)
    .get()!;
  const times = db()
    .select({ ms: sql<number>`${schema.ideas.firstResponseAt} - ${schema.ideas.createdAt}` })
    .from(schema.ideas)
    .where(and(counted, sql`${schema.ideas.firstResponseAt} IS NOT NULL`))
    .orderBy(sql`1`)
    .all()
    .map((r) => r.ms);
  const median = times.length === 0 ? null : times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  const withinTarget = times.filter((ms) => ms <= group.responseTargetDays * DAY).length;
  return { total, responded, waiting, overdue, share: total ? responded / total : null, medianMs: median, withinTarget, byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<IdeaStatus, number>> };
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
  const seen = new Map<string, { person: { name: string; joinedAt: number | null; intro: string | null } | undefined; recent: { id: number; number: number; title: string; status: IdeaStatus; voteCount: number }[] }>();
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
  return { ...queue, items: queue.items.map((item) => ({ ...item, context: contexts.get(item.id) ?? null })), savedReplies: listSavedReplies().map((r) => ({ id: r.id, title: r.title, body: r.body })) };
}
