import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { REPORT_NOTE_MAX, REPORT_REASONS, REPORTS_PER_DAY } from "~/domain/constants";
import { DomainError, fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { multiLine } from "~/schemas/fields";
import { ensureOpenCase, recordDecision, recountReports } from "../cases.server";
import { auditDetailsOf, groupIdInput, itemIdInput, itemTypeInput, loadItem, setHidden } from "../items.server";
import { requireNotMuted } from "../mute-guard.server";
import { canAutoHide } from "../rules";

const DAY_MS = 86_400_000;

/**
 * A member reports an idea, a comment, an update or an introduction. One open report per person per item:
 * reporting again updates the reason and note (and does not count against the daily limit). 20 new reports in 24
 * hours per person, counted from the reports table. When the distinct reporters reach the group's threshold the
 * item is hidden pending review, exactly once per case (the check of auto_hidden_at runs in the command's immediate
 * transaction); content by staff and admins is never auto-hidden (it waits in the queue).
 *
 * Refuses: outsiders 404, muted 403, an item not in the group / deleted / withdrawn / merged / erased / held 404,
 * one's own content 409, an item already hidden 409, over the limit 429.
 */
export const reportItem = defineCommand({
  name: "moderation.report",
  input: z
    .object({
      groupId: groupIdInput,
      itemType: itemTypeInput,
      itemId: itemIdInput,
      reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: "moderation.report.reasonInvalid" }) }),
      note: multiLine({ max: REPORT_NOTE_MAX, message: "moderation.report.noteTooLong" })
        .optional()
        .transform((v) => (v ? v : null)),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    requireNotMuted(ctx, scope.group.id);
    const item = loadItem(ctx.tx, scope.group.id, input);
    if (!item || item.gone || item.heldAt !== null) throw fail.notFound();
    if (item.authorId === ctx.actor.id) throw fail.conflict("moderation.report.own");
    if (item.hiddenAt !== null) throw fail.conflict("moderation.report.alreadyHidden");
    return { ...scope, item };
  },
  run(ctx, input, { group, item }) {
    const r = schema.reports;
    const mine = ctx.tx
      .select()
      .from(r)
      .where(and(eq(r.itemType, item.itemType), eq(r.itemId, item.itemId), eq(r.reporterId, ctx.actor.id), isNull(r.withdrawnAt), isNull(r.closedAt)))
      .get();
    if (!mine) {
      // The daily limit, from the reports themselves: new reports in the last 24 hours (withdrawn ones count too).
      const recent = ctx.tx
        .select({ createdAt: r.createdAt })
        .from(r)
        .where(and(eq(r.reporterId, ctx.actor.id), gt(r.createdAt, ctx.now - DAY_MS)))
        .orderBy(asc(r.createdAt))
        .all();
      if (recent.length >= REPORTS_PER_DAY) {
        const oldest = recent[recent.length - REPORTS_PER_DAY]!.createdAt;
        throw new DomainError("rate_limited", {
          message: "moderation.report.rateLimited",
          params: { max: REPORTS_PER_DAY },
          retryAfterMs: Math.max(1000, oldest + DAY_MS - ctx.now),
        });
      }
    }
    const { row: kase } = ensureOpenCase(ctx.tx, { ...item, authorId: item.authorId, origin: "reports", now: ctx.now });
    if (mine) {
      ctx.tx.update(r).set({ reason: input.reason, note: input.note, updatedAt: ctx.now }).where(eq(r.id, mine.id)).run();
    } else {
      ctx.tx
        .insert(r)
        .values({
          caseId: kase.id,
          groupId: group.id,
          itemType: item.itemType,
          itemId: item.itemId,
          reporterId: ctx.actor.id,
          reason: input.reason,
          note: input.note,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .run();
    }
    const reportCount = recountReports(ctx.tx, kase.id);
    ctx.emit({
      type: "report.filed",
      groupId: group.id,
      payload: { caseId: kase.id, itemType: item.itemType, itemId: item.itemId, reporterId: ctx.actor.id, reason: input.reason, reportCount },
    });

    let autoHidden = false;
    const threshold = group.autoHideThreshold;
    if (threshold !== null && reportCount >= threshold && kase.autoHiddenAt === null && canAutoHide(item.author)) {
      // Exactly once: only the report that finds the case not yet auto-hidden, inside this immediate transaction.
      const claimed = ctx.tx
        .update(schema.moderationCases)
        .set({ autoHiddenAt: ctx.now })
        .where(and(eq(schema.moderationCases.id, kase.id), isNull(schema.moderationCases.autoHiddenAt)))
        .returning({ id: schema.moderationCases.id })
        .all();
      if (claimed.length === 1) {
        setHidden(ctx.tx, item, { at: ctx.now, by: null, reason: null });
        recordDecision(ctx.tx, {
          ...item,
          caseId: kase.id,
          authorId: item.authorId,
          actorId: null,
          decision: "auto_hide",
          now: ctx.now,
          closeCase: false,
        });
        recordAudit(ctx.tx, {
          actorId: null,
          action: "moderation.auto_hide",
          targetType: item.itemType,
          targetId: item.itemId,
          groupId: group.id,
          details: { ...auditDetailsOf(item), decision: "auto_hide", reason: null, reportCount },
        });
        ctx.emit({
          type: "item.auto_hidden",
          groupId: group.id,
          payload: { caseId: kase.id, itemType: item.itemType, itemId: item.itemId, authorId: item.authorId, reportCount },
        });
        autoHidden = true;
      }
    }
    return { caseId: kase.id, reportCount, autoHidden, updated: mine !== undefined };
  },
});

/** Open reports a person filed in the last 24 hours (the report form may say how many are left). */
export function reportsToday(conn: Parameters<typeof recountReports>[0], userId: string, now: number): number {
  return conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM reports WHERE reporter_id = ${userId} AND created_at > ${now - DAY_MS}`)!.n;
}
