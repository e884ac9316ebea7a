import { sql } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope, requireWritable } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { REPORT_NOTE_MAX } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import type { Conn } from "~/models/types";
import { multiLine } from "~/schemas/fields";
import { ensureOpenCase, type ItemRef } from "../cases.server";
import { auditDetailsOf, groupIdInput, itemIdInput, loadItem } from "../items.server";
import { canReview } from "../rules";

export const APPEAL_NOTE_MAX = REPORT_NOTE_MAX;

/**
 * Whether the item was appealed before (once per item, ever): a case of origin "appeal", or an appeal note on any
 * of its cases (an appeal on a case already open for reports sets its appeal_note, "" without a note). The idea
 * page's `canAppeal` (appealedBefore in app/models/idea.server.ts) reads the same rule.
 */
export function wasAppealed(tx: Conn, item: ItemRef): boolean {
  return (
    tx.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM moderation_cases WHERE item_type = ${item.itemType} AND item_id = ${item.itemId} AND (origin = 'appeal' OR appeal_note IS NOT NULL)`,
    )!.n > 0
  );
}

/**
 * The author of a hidden idea or comment asks for a review, once per item: the item returns to the review queue
 * marked "appeal" (with the author's note). Muted members may still appeal (it is about their own content).
 *
 * Refuses: outsiders 404; someone else than the author 404 when they cannot see the item (a hidden item for a
 * member), 403 when they can (a reviewer, or a shown item); a deleted/withdrawn/merged item 404; an erased, held or
 * not hidden item 409; a second appeal 409 "moderation.appeal.already"; a read-only group 409.
 */
export const appealItem = defineCommand({
  name: "moderation.appeal",
  input: z
    .object({
      groupId: groupIdInput,
      itemType: z.enum(["idea", "comment"]),
      itemId: itemIdInput,
      note: multiLine({ max: APPEAL_NOTE_MAX, message: "moderation.appeal.noteTooLong" })
        .optional()
        .transform((v) => (v ? v : null)),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    const item = loadItem(ctx.tx, scope.group.id, input);
    if (!item) throw fail.notFound();
    if (item.authorId !== ctx.actor.id) {
      const moderatedAway = item.hiddenAt !== null || item.heldAt !== null || item.erasedAt !== null;
      const canSee = canReview(scope.viewer) || (!moderatedAway && !item.gone);
      throw canSee ? fail.forbidden() : fail.notFound();
    }
    if (item.erasedAt !== null) throw fail.conflict("moderation.appeal.erased");
    if (item.gone) throw fail.notFound();
    if (item.heldAt !== null) throw fail.conflict("moderation.appeal.held");
    if (item.hiddenAt === null) throw fail.conflict("moderation.appeal.notHidden");
    if (wasAppealed(ctx.tx, item)) throw fail.conflict("moderation.appeal.already");
    requireWritable(scope);
    return { ...scope, item };
  },
  run(ctx, input, { group, item }) {
    const { row: kase, created } = ensureOpenCase(ctx.tx, { ...item, origin: "appeal", appealNote: input.note, now: ctx.now });
    if (!created) {
      // A case already open (reports, an auto-hide) keeps its origin; the appeal is its appeal_note ("" without a
      // note, so the once-per-item rule still sees it and the queue shows no empty note).
      ctx.tx
        .update(schema.moderationCases)
        .set({ appealNote: input.note ?? "" })
        .where(sql`${schema.moderationCases.id} = ${kase.id}`)
        .run();
    }
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "moderation.appeal",
      targetType: item.itemType,
      targetId: item.itemId,
      groupId: group.id,
      details: { ...auditDetailsOf(item), decision: "appeal", reason: null },
    });
    ctx.emit({ type: "appeal.filed", groupId: group.id, payload: { caseId: kase.id, itemType: item.itemType, itemId: item.itemId, authorId: ctx.actor.id } });
    return { caseId: kase.id, reopened: !created };
  },
});
