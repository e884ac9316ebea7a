import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { openCaseOf, recordDecision } from "../cases.server";
import { MODERATION_REASON_MAX } from "~/domain/constants";
import { singleLine } from "~/schemas/fields";
import { groupIdInput, itemIdInput, loadItem } from "../items.server";
import type { Conn } from "~/models/types";
import { canErase } from "../rules";

export const ERASABLE_TYPES = ["idea", "comment"] as const;

/**
 * Staff or an admin deletes a member's idea or comment for good (personal data, a legal request): the text is
 * erased from the row (the search index and the counters follow by triggers), an idea's tags go, the text kept in
 * earlier edit-out decisions is cleared, the item's open case is closed with a "delete" decision, and the audit
 * keeps who, when and why — the item's number, never its text. The author is told (moderation.decided).
 *
 * Refuses: outsiders 404, members and moderators 403, an item not in the group 404, an already erased item 409.
 */
export const eraseItem = defineCommand({
  name: "moderation.erase",
  input: z
    .object({
      groupId: groupIdInput,
      itemType: z.enum(ERASABLE_TYPES),
      itemId: itemIdInput,
      // One line: it is shown in the group log and told to the author.
      reason: singleLine({ min: 1, max: MODERATION_REASON_MAX, message: "moderation.erase.reasonTooLong", minMessage: "moderation.erase.reasonRequired" }),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canErase(ctx.actor.role)) throw fail.forbidden();
    const item = loadItem(ctx.tx, scope.group.id, input);
    if (!item) throw fail.notFound();
    if (item.erasedAt !== null) throw fail.conflict("moderation.erase.already");
    return { ...scope, item, openCase: openCaseOf(ctx.tx, item) };
  },
  run(ctx, input, { group, item, openCase }) {
    const id = Number(item.itemId);
    if (item.itemType === "idea") {
      ctx.tx.update(schema.ideas).set({ erasedAt: ctx.now, title: "", body: "" }).where(eq(schema.ideas.id, id)).run();
      ctx.tx.delete(schema.ideaTags).where(eq(schema.ideaTags.ideaId, id)).run();
    } else {
      ctx.tx.update(schema.comments).set({ erasedAt: ctx.now, body: "" }).where(eq(schema.comments.id, id)).run();
      ctx.tx
        .update(schema.comments)
        .set({ deletedAt: ctx.now })
        .where(and(eq(schema.comments.id, id), isNull(schema.comments.deletedAt)))
        .run();
    }
    // The text an earlier edit-out kept for the audit goes too.
    ctx.tx
      .update(schema.moderationDecisions)
      .set({ originalText: null })
      .where(and(eq(schema.moderationDecisions.itemType, item.itemType), eq(schema.moderationDecisions.itemId, item.itemId)))
      .run();
    forgetCopies(ctx.tx, input.itemType, id, group.id);
    const { decisionId, reporterIds } = recordDecision(ctx.tx, {
      itemType: item.itemType,
      itemId: item.itemId,
      groupId: group.id,
      caseId: openCase?.id ?? null,
      authorId: item.authorId,
      actorId: ctx.actor.id,
      decision: "delete",
      reason: input.reason,
      now: ctx.now,
    });
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "moderation.delete",
      targetType: item.itemType,
      targetId: item.itemId,
      groupId: group.id,
      details: { number: item.ideaNumber, decision: "delete", reason: input.reason },
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
        decision: "delete",
        reason: input.reason,
        reporterIds,
        actorName: ctx.actor.name,
      },
    });
    return { decisionId, ideaNumber: item.ideaNumber };
  },
});

/**
 * The copies of the text kept beside the row: the idea's title in the audit details, event payloads and notices
 * about it (and its comments); a comment's excerpt in its events and notices. json_replace touches only keys that
 * are there. E-mails already sent are out of reach; pending ones are withheld at send time (the item is not listed).
 */
function forgetCopies(tx: Conn, itemType: "idea" | "comment", id: number, groupId: string): void {
  if (itemType === "idea") {
    tx.run(sql`UPDATE audit_log SET details = json_replace(details, '$.title', '')
      WHERE group_id = ${groupId} AND ((target_type = 'idea' AND target_id = ${String(id)})
        OR (target_type = 'comment' AND target_id IN (SELECT CAST(id AS TEXT) FROM comments WHERE idea_id = ${id})))`);
    tx.run(sql`UPDATE domain_events SET payload = json_replace(payload, '$.title', '') WHERE json_extract(payload, '$.ideaId') = ${id}`);
    tx.run(sql`UPDATE domain_events SET payload = json_replace(payload, '$.fromTitle', '') WHERE json_extract(payload, '$.fromIdeaId') = ${id}`);
    tx.run(sql`UPDATE domain_events SET payload = json_replace(payload, '$.intoTitle', '') WHERE json_extract(payload, '$.intoIdeaId') = ${id}`);
    tx.run(sql`UPDATE notifications SET data = json_replace(data, '$.title', '') WHERE idea_id = ${id}`);
  } else {
    tx.run(sql`UPDATE domain_events SET payload = json_replace(payload, '$.excerpt', '') WHERE json_extract(payload, '$.commentId') = ${id}`);
    tx.run(sql`UPDATE notifications SET data = json_replace(data, '$.excerpt', '') WHERE comment_id = ${id}`);
  }
}
