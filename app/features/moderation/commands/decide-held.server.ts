import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { plainExcerpt } from "~/models/idea.server";
import { extractMentions } from "~/utils/mentions";
import { recordDecision } from "../cases.server";
import { auditDetailsOf, groupIdInput, loadItem, optionalText, personOf } from "../items.server";
import { canDecideOn, canReview } from "../rules";

/**
 * A reviewer approves or rejects a newcomer's held idea or comment (origin "held"). Approving publishes it now, as
 * if posted at this moment: held_at is cleared (the counters follow by trigger), created_at and the activity time
 * move to now, the member's approved posts grow by one (after N of them they post freely), and the events a post
 * has are emitted now, so mentions, replies and followers are told on approval, not before. Rejecting keeps it away
 * as hidden, with the reason its author sees. A case decided a moment ago: 409 "already decided by X".
 */
export const decideHeld = defineCommand({
  name: "moderation.decide_held",
  input: z
    .object({
      groupId: groupIdInput,
      caseId: z.number().int().positive(),
      decision: z.enum(["approve", "reject"]),
      reason: optionalText,
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canReview(scope.viewer)) throw fail.forbidden();
    const found = ctx.tx
      .select()
      .from(schema.moderationCases)
      .where(and(eq(schema.moderationCases.id, input.caseId), eq(schema.moderationCases.groupId, scope.group.id)))
      .get();
    if (!found || (found.itemType !== "idea" && found.itemType !== "comment")) throw fail.notFound();
    if (found.state === "decided") {
      const by = found.decidedBy ? ctx.tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, found.decidedBy)).get() : null;
      const name = by?.name ?? "?";
      throw fail.conflict("moderation.decide.already", { name }, { name, decision: found.decision, decidedAt: found.decidedAt });
    }
    const item = loadItem(ctx.tx, scope.group.id, { itemType: found.itemType, itemId: found.itemId });
    if (!item) throw fail.notFound();
    if (item.heldAt === null) throw fail.conflict("moderation.held.notHeld");
    if (!canDecideOn(personOf(ctx.actor, scope), item.author)) throw fail.forbidden();
    if (input.decision === "reject" && !input.reason) throw fail.invalid({ fieldErrors: { reason: ["moderation.decide.reasonRequired"] } });
    return { ...scope, item, found };
  },
  run(ctx, input, { group, item, found }) {
    const id = Number(item.itemId);
    if (input.decision === "approve") {
      const table = item.itemType === "idea" ? schema.ideas : schema.comments;
      ctx.tx.update(table).set({ heldAt: null, createdAt: ctx.now }).where(eq(table.id, id)).run();
      if (item.ideaId !== null) ctx.tx.update(schema.ideas).set({ lastActivityAt: ctx.now }).where(eq(schema.ideas.id, item.ideaId)).run();
      if (item.authorId)
        ctx.tx
          .update(schema.memberships)
          .set({ approvedPostCount: sql`${schema.memberships.approvedPostCount} + 1` })
          .where(and(eq(schema.memberships.groupId, group.id), eq(schema.memberships.userId, item.authorId)))
          .run();
    } else {
      const table = item.itemType === "idea" ? schema.ideas : schema.comments;
      ctx.tx
        .update(table)
        .set({ heldAt: null, hiddenAt: ctx.now, hiddenBy: ctx.actor.id, hiddenReason: input.reason ?? null })
        .where(eq(table.id, id))
        .run();
    }
    const { decisionId, reporterIds } = recordDecision(ctx.tx, {
      ...item,
      caseId: found.id,
      actorId: ctx.actor.id,
      decision: input.decision,
      reason: input.reason ?? null,
      now: ctx.now,
    });
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: `moderation.${input.decision}`,
      targetType: item.itemType,
      targetId: item.itemId,
      groupId: group.id,
      details: { ...auditDetailsOf(item), decision: input.decision, reason: input.reason ?? null },
    });
    if (input.decision === "approve") emitPublished(ctx, group.id, item.itemType as "idea" | "comment", id);
    ctx.emit({
      type: "moderation.decided",
      groupId: group.id,
      payload: {
        caseId: found.id,
        decisionId,
        itemType: item.itemType,
        itemId: item.itemId,
        authorId: item.authorId,
        decision: input.decision,
        reason: input.reason ?? null,
        reporterIds,
        actorName: ctx.actor.name,
      },
    });
    return { decisionId };
  },
});

/** The event the post would have had when written (the subscribers tell mentioned people, the replied-to and followers). */
function emitPublished(ctx: Parameters<typeof decideHeld.run>[0], groupId: string, itemType: "idea" | "comment", id: number) {
  if (itemType === "idea") {
    const idea = ctx.tx.select().from(schema.ideas).where(eq(schema.ideas.id, id)).get()!;
    ctx.emit({
      type: "idea.submitted",
      groupId,
      payload: { ideaId: idea.id, number: idea.number, title: idea.title, boardId: idea.boardId, authorId: idea.authorId, recorded: null },
    });
    return;
  }
  const comment = ctx.tx.select().from(schema.comments).where(eq(schema.comments.id, id)).get()!;
  const idea = ctx.tx.select().from(schema.ideas).where(eq(schema.ideas.id, comment.ideaId)).get()!;
  const author = comment.authorId ? ctx.tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, comment.authorId)).get() : null;
  const parent = comment.parentId
    ? ctx.tx.select({ authorId: schema.comments.authorId }).from(schema.comments).where(eq(schema.comments.id, comment.parentId)).get()
    : null;
  const followsUpTo = (ctx.tx.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM follows`)?.n ?? 0) as number;
  ctx.emit({
    type: "comment.added",
    groupId,
    payload: {
      ideaId: idea.id,
      number: idea.number,
      title: idea.title,
      commentId: comment.id,
      parentId: comment.parentId,
      authorName: author?.name ?? "",
      mentioned: extractMentions(comment.body),
      replyTo: parent?.authorId ?? null,
      excerpt: plainExcerpt(comment.body, 500),
      followsUpTo,
    },
  });
}
