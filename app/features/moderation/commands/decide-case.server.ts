import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { MODERATION_REASON_MAX } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { multiLine } from "~/schemas/fields";
import { openCaseOf, recordDecision } from "../cases.server";
import { auditDetailsOf, groupIdInput, itemIdInput, itemTypeInput, loadItem, optionalText, personOf, setHidden, type LoadedItem } from "../items.server";
import { canDecideOn, canEditOut, canReview } from "../rules";

export const REVIEW_DECISIONS = ["keep", "hide", "restore", "edit_out"] as const;
export const EDIT_OUT_DEFAULT = "[removed]";

/**
 * A reviewer decides on a reported or hidden item: keep (dismiss the reports; an auto-hidden item is shown again),
 * hide (with the reason the author sees), restore a hidden item, or edit out personal data (staff only: every
 * occurrence of `find` in the text, and an idea's title, becomes `replace`; the original is kept in
 * moderation_decisions.original_text for the audit). Closes the item's open case and its reports.
 *
 * Refuses: outsiders 404, members 403, a decision about one's own content or (for a moderator) staff content 403,
 * an item not in the group or gone 404 (keep still dismisses a gone item's reports), a held post 409, a case decided a moment ago 409 "already decided by X" (nothing repeated).
 */
export const decideCase = defineCommand({
  name: "moderation.decide",
  input: z
    .object({
      groupId: groupIdInput,
      itemType: itemTypeInput,
      itemId: itemIdInput,
      decision: z.enum(REVIEW_DECISIONS),
      caseId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      reason: optionalText,
      note: optionalText,
      find: multiLine({ max: MODERATION_REASON_MAX }).optional(),
      replace: multiLine({ max: MODERATION_REASON_MAX }).optional(),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canReview(scope.viewer)) throw fail.forbidden();
    const item = loadItem(ctx.tx, scope.group.id, input);
    // A gone item (deleted by its writer, withdrawn, merged, erased) has nothing left to hide or restore, but its
    // open reports can still be dismissed (keep), so the case leaves the queue.
    if (!item || (item.gone && input.decision !== "keep")) throw fail.notFound();
    // A newcomer's held post is approved or rejected (decideHeld), not kept or hidden.
    if (item.heldAt !== null) throw fail.conflict("moderation.decide.held");
    const actor = personOf(ctx.actor, scope);
    if (!canDecideOn(actor, item.author)) throw fail.forbidden();
    if (input.decision === "edit_out" && !canEditOut(ctx.actor.role)) throw fail.forbidden();
    if (input.caseId !== undefined) {
      const looked = ctx.tx
        .select()
        .from(schema.moderationCases)
        .where(and(eq(schema.moderationCases.id, input.caseId), eq(schema.moderationCases.groupId, scope.group.id)))
        .get();
      if (!looked || looked.itemType !== item.itemType || looked.itemId !== item.itemId) throw fail.notFound();
      if (looked.state === "decided") {
        const by = looked.decidedBy ? ctx.tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, looked.decidedBy)).get() : null;
        const name = by?.name ?? "?";
        throw fail.conflict("moderation.decide.already", { name }, { name, decision: looked.decision, decidedAt: looked.decidedAt });
      }
    }
    return { ...scope, item, openCase: openCaseOf(ctx.tx, item) };
  },
  run(ctx, input, { group, item, openCase }) {
    let originalText: string | null = null;
    switch (input.decision) {
      case "keep":
        if (!openCase) throw fail.conflict("moderation.decide.nothingOpen");
        // Kept after an auto-hide (nobody hid it by hand): shown again.
        if (!item.gone && item.hiddenAt !== null && item.hiddenBy === null && openCase.autoHiddenAt !== null) setHidden(ctx.tx, item, null);
        break;
      case "hide":
        if (!input.reason) throw fail.invalid({ fieldErrors: { reason: ["moderation.decide.reasonRequired"] } });
        if (item.hiddenAt !== null && item.hiddenBy !== null) throw fail.conflict("moderation.decide.alreadyHidden");
        // An auto-hidden item confirmed by hand: it now carries the reviewer and the reason.
        setHidden(ctx.tx, item, { at: item.hiddenAt ?? ctx.now, by: ctx.actor.id, reason: input.reason });
        break;
      case "restore":
        if (item.hiddenAt === null) throw fail.conflict("moderation.decide.notHidden");
        setHidden(ctx.tx, item, null);
        break;
      case "edit_out":
        originalText = editOut(ctx.tx, item, input.find ?? "", input.replace ?? EDIT_OUT_DEFAULT, ctx.now);
        break;
    }
    const { decisionId, reporterIds } = recordDecision(ctx.tx, {
      ...item,
      caseId: openCase?.id ?? null,
      authorId: item.authorId,
      actorId: ctx.actor.id,
      decision: input.decision,
      reason: input.reason,
      note: input.note,
      originalText,
      now: ctx.now,
    });
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: `moderation.${input.decision}`,
      targetType: item.itemType,
      targetId: item.itemId,
      groupId: group.id,
      details: { ...auditDetailsOf(item), decision: input.decision, reason: input.reason },
    });
    ctx.emit({
      type: "moderation.decided",
      groupId: group.id,
      payload: {
        caseId: openCase?.id ?? null,
        decisionId,
        itemType: item.itemType,
        itemId: item.itemId,
        authorId: item.authorId,
        decision: input.decision,
        reason: input.reason,
        reporterIds,
        actorName: ctx.actor.name,
      },
    });
    return { decisionId };
  },
});

/** Replaces every occurrence of `find` in the item's text (and an idea's or update's title); returns the original. */
function editOut(tx: Parameters<typeof setHidden>[0], item: LoadedItem, find: string, replace: string, now: number): string {
  const inBody = find !== "" && item.body.includes(find);
  const inTitle = find !== "" && item.title !== null && item.title.includes(find);
  if (!inBody && !inTitle) throw fail.invalid({ fieldErrors: { find: ["moderation.decide.findMissing"] } });
  const body = item.body.split(find).join(replace);
  const title = item.title === null ? null : item.title.split(find).join(replace);
  const original = item.title !== null ? JSON.stringify({ title: item.title, body: item.body }) : item.body;
  switch (item.itemType) {
    case "idea":
      tx.update(schema.ideas)
        .set({ title: title!, body })
        .where(eq(schema.ideas.id, Number(item.itemId)))
        .run();
      break;
    case "comment":
      tx.update(schema.comments)
        .set({ body })
        .where(eq(schema.comments.id, Number(item.itemId)))
        .run();
      break;
    case "update":
      tx.update(schema.groupPosts).set({ title: title!, body, updatedAt: now }).where(eq(schema.groupPosts.id, item.itemId)).run();
      break;
    case "intro":
      tx.update(schema.memberships)
        .set({ intro: body })
        .where(and(eq(schema.memberships.groupId, item.groupId), eq(schema.memberships.userId, item.itemId)))
        .run();
      break;
  }
  return original;
}
