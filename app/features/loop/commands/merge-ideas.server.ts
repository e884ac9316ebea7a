import { eq, sql } from "drizzle-orm";
import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { groupScope, requireWritable } from "~/commands/scope.server";
import { fail, type DomainError } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { preparedOnce } from "~/models/statements.server";
import { canMergeIdeas } from "~/policy";
import { checkMerge, type MergeError } from "../queries/merge-preview.server";
import { mergeIdeasInput } from "../schemas";

/** Rows changed by a statement run on the better-sqlite3 driver (typed `unknown` through the generic Conn). */
const changes = (result: unknown) => (result as { changes: number }).changes;

const statements = preparedOnce((c) => ({
  // Written before anything moves: every row of the source, and whether the target lacks that person's (it moves).
  // The ideas.merged subscriber reads who to tell from these rows too (the source has none left by then).
  recordVotes: c.prepare<{ merge: number; from: number; into: number }>(
    `INSERT INTO idea_merge_moves (merge_id, kind, user_id, moved, created_at)
     SELECT @merge, 'vote', a.user_id, NOT EXISTS (SELECT 1 FROM votes b WHERE b.idea_id = @into AND b.user_id = a.user_id), a.created_at FROM votes a WHERE a.idea_id = @from`,
  ),
  recordFollows: c.prepare<{ merge: number; from: number; into: number }>(
    `INSERT INTO idea_merge_moves (merge_id, kind, user_id, moved, created_at)
     SELECT @merge, 'follow', a.user_id, NOT EXISTS (SELECT 1 FROM follows b WHERE b.idea_id = @into AND b.user_id = a.user_id), a.created_at FROM follows a WHERE a.idea_id = @from`,
  ),
}));

/** A merge's refusal as the idea page showed it: the other idea missing or the same 400, a closed one 409, a moderator on a committed idea 403 with why. */
export function mergeFailure(error: MergeError): DomainError {
  if (error === "closed") return fail.closed("loop.error.merge.closed");
  if (error === "staffOnly") return fail.forbidden("loop.error.merge.staffOnly");
  return fail.invalid({ message: `loop.error.merge.${error}` });
}

/**
 * Merges duplicate idea A into B (same group): A's votes and followers move to B, a member who had voted for
 * both counting once; A becomes "merged" with a link to B. B's counters rise by exactly the rows that moved. What
 * moved is recorded (idea_merges, idea_merge_moves) so staff can undo the merge exactly (unmergeIdea). A's author,
 * voters and followers are told by the ideas.merged subscriber after the commit.
 *
 * Refusals: outsiders 404; anyone but the group's moderators, staff and admins 403; a read-only group 409; then
 * as mergeFailure says (checkMerge's order).
 */
export const mergeIdeas = defineCommand({
  name: "loop.mergeIdeas",
  input: mergeIdeasInput,
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canMergeIdeas(scope.viewer, false)) throw fail.forbidden();
    requireWritable(scope);
    return scope;
  },
  run(ctx, input, scope) {
    const { tx, now, actor } = ctx;
    const group = scope.group;
    const checked = checkMerge(tx, { group, fromNumber: input.fromNumber, intoNumber: input.intoNumber, actor, now });
    if (!checked.ok) throw mergeFailure(checked.error);
    const { from, into } = checked;
    const merge = tx
      .insert(schema.ideaMerges)
      .values({
        groupId: group.id,
        fromIdeaId: from.id,
        intoIdeaId: into.id,
        actorId: actor.id,
        fromStatus: from.status,
        fromFirstResponseAt: from.firstResponseAt,
        createdAt: now,
      })
      .returning({ id: schema.ideaMerges.id })
      .get();
    const s = statements();
    s.recordVotes.run({ merge: merge.id, from: from.id, into: into.id });
    s.recordFollows.run({ merge: merge.id, from: from.id, into: into.id });
    // A member who voted for both keeps one vote on B: the insert skips rows B already has.
    const movedVotes = changes(
      tx.run(
        sql`INSERT INTO votes (idea_id, user_id, created_at) SELECT ${into.id}, user_id, created_at FROM votes WHERE idea_id = ${from.id} ON CONFLICT DO NOTHING`,
      ),
    );
    const movedFollows = changes(
      tx.run(
        sql`INSERT INTO follows (idea_id, user_id, created_at) SELECT ${into.id}, user_id, created_at FROM follows WHERE idea_id = ${from.id} ON CONFLICT DO NOTHING`,
      ),
    );
    tx.delete(schema.votes).where(eq(schema.votes.ideaId, from.id)).run();
    tx.delete(schema.follows).where(eq(schema.follows.ideaId, from.id)).run();
    tx.update(schema.ideas)
      .set({
        voteCount: sql`${schema.ideas.voteCount} + ${movedVotes}`,
        followerCount: sql`${schema.ideas.followerCount} + ${movedFollows}`,
        lastActivityAt: now,
      })
      .where(eq(schema.ideas.id, into.id))
      .run();
    tx.update(schema.ideas)
      .set({ status: "merged", mergedIntoId: into.id, voteCount: 0, followerCount: 0, lastActivityAt: now, firstResponseAt: from.firstResponseAt ?? now })
      .where(eq(schema.ideas.id, from.id))
      .run();
    tx.insert(schema.ideaEvents)
      .values({
        ideaId: from.id,
        groupId: group.id,
        actorId: actor.id,
        kind: "status",
        fromStatus: from.status,
        toStatus: "merged",
        response: input.response,
        relatedIdeaId: into.id,
        createdAt: now,
      })
      .run();
    // The notification leads to B's page, so it points at B's "merged in" line.
    const mergedIn = tx
      .insert(schema.ideaEvents)
      .values({ ideaId: into.id, groupId: group.id, actorId: actor.id, kind: "merged_in", relatedIdeaId: from.id, createdAt: now })
      .returning({ id: schema.ideaEvents.id })
      .get();
    recordAudit(tx, {
      actorId: actor.id,
      action: "idea.merge",
      targetType: "idea",
      targetId: String(from.id),
      groupId: group.id,
      details: { from: from.number, into: into.number, movedVotes, movedFollows, fromStatus: from.status },
    });
    ctx.emit({
      type: "ideas.merged",
      groupId: group.id,
      payload: {
        mergeId: merge.id,
        fromIdeaId: from.id,
        fromNumber: from.number,
        fromTitle: from.title,
        intoIdeaId: into.id,
        intoNumber: into.number,
        intoTitle: into.title,
        response: input.response,
        mergedInEventId: mergedIn.id,
        actorName: actor.name,
      },
    });
    return { intoNumber: into.number, movedVotes, movedFollows, mergeId: merge.id };
  },
});
