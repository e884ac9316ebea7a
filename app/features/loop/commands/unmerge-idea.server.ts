import { eq, sql } from "drizzle-orm";
import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { groupScope, requireWritable } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { preparedOnce } from "~/models/statements.server";
import { isOrgStaff } from "~/policy";
import { canUnmerge } from "../merge-policy";
import { ideaRow } from "../queries/ideas.server";
import { currentMerge } from "../queries/merges.server";
import { unmergeIdeaInput } from "../schemas";

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

const statements = preparedOnce((c) => ({
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
 * votes and followers (see the statements above for who), B loses exactly the rows that moved to it; both
 * timelines say so and the audit log has it. The board and queue counters follow from the status change (triggers
 * of migrations 0005 and 0007). A's author is told in the app by the ideas.unmerged subscriber.
 *
 * Refusals: outsiders 404; anyone but staff and admins 403; a read-only group 409; an unknown idea 404; an idea not
 * merged, a merge past its window, or one whose target was merged on since: 409 with why.
 */
export const unmergeIdea = defineCommand({
  name: "loop.unmergeIdea",
  input: unmergeIdeaInput,
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!isOrgStaff(ctx.actor.role)) throw fail.forbidden();
    requireWritable(scope);
    return scope;
  },
  run(ctx, input, scope) {
    const { tx, now, actor } = ctx;
    const group = scope.group;
    const from = ideaRow(tx, group.id, input.number);
    if (!from) throw fail.notFound();
    if (from.status !== "merged") throw fail.conflict("loop.error.unmerge.notMerged");
    const merge = currentMerge(tx, from);
    if (!merge) throw fail.conflict("loop.error.unmerge.notMerged");
    if (!canUnmerge({ orgRole: actor.role }, merge, false, now)) throw fail.conflict("loop.error.unmerge.expired");
    const into = tx.select().from(schema.ideas).where(eq(schema.ideas.id, merge.intoIdeaId)).get();
    if (!into) throw fail.conflict("loop.error.unmerge.notMerged");
    // B merged on into C since: A's votes are on C now. That merge is undone first.
    if (into.status === "merged") throw fail.conflict("loop.error.unmerge.targetMerged");
    const s = statements();
    const args = { merge: merge.id, from: from.id, into: into.id };
    const restoredVotes = s.restoreVotes.run(args).changes;
    const restoredFollows = s.restoreFollows.run(args).changes;
    const removedVotes = s.removeVotes.run(args).changes;
    const removedFollows = s.removeFollows.run(args).changes;
    s.passVotes.run({ merge: args.merge, into: args.into });
    s.passFollows.run({ merge: args.merge, into: args.into });
    tx.update(schema.ideas)
      .set({
        status: merge.fromStatus,
        mergedIntoId: null,
        firstResponseAt: merge.fromFirstResponseAt,
        voteCount: sql`${schema.ideas.voteCount} + ${restoredVotes}`,
        followerCount: sql`${schema.ideas.followerCount} + ${restoredFollows}`,
        lastActivityAt: now,
      })
      .where(eq(schema.ideas.id, from.id))
      .run();
    tx.update(schema.ideas)
      .set({ voteCount: sql`${schema.ideas.voteCount} - ${removedVotes}`, followerCount: sql`${schema.ideas.followerCount} - ${removedFollows}` })
      .where(eq(schema.ideas.id, into.id))
      .run();
    tx.update(schema.ideaMerges).set({ undoneAt: now, undoneBy: actor.id }).where(eq(schema.ideaMerges.id, merge.id)).run();
    const event = tx
      .insert(schema.ideaEvents)
      .values({
        ideaId: from.id,
        groupId: group.id,
        actorId: actor.id,
        kind: "unmerged",
        fromStatus: "merged",
        toStatus: merge.fromStatus,
        relatedIdeaId: into.id,
        createdAt: now,
      })
      .returning({ id: schema.ideaEvents.id })
      .get();
    tx.insert(schema.ideaEvents)
      .values({ ideaId: into.id, groupId: group.id, actorId: actor.id, kind: "unmerged_out", relatedIdeaId: from.id, createdAt: now })
      .run();
    recordAudit(tx, {
      actorId: actor.id,
      action: "idea.unmerge",
      targetType: "idea",
      targetId: String(from.id),
      groupId: group.id,
      details: { from: from.number, into: into.number, status: merge.fromStatus, restoredVotes, removedVotes, restoredFollows, removedFollows },
    });
    ctx.emit({
      type: "ideas.unmerged",
      groupId: group.id,
      payload: {
        mergeId: merge.id,
        ideaId: from.id,
        number: from.number,
        title: from.title,
        intoIdeaId: into.id,
        intoNumber: into.number,
        status: merge.fromStatus,
        ideaEventId: event.id,
        actorName: actor.name,
      },
    });
    return { intoNumber: into.number, restoredVotes, removedVotes, restoredFollows, removedFollows };
  },
});
