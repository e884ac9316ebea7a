import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { fail } from "~/domain/errors";
import { recountReports } from "../cases.server";
import { groupIdInput, itemIdInput, itemTypeInput } from "../items.server";

/**
 * The reporter takes back their open report on an item (404 without one). The case stays open with the count
 * recounted; a case of reports with no open report left and not auto-hidden has nothing to review (the queue
 * skips it) and the next report reopens it in place.
 */
export const withdrawReport = defineCommand({
  name: "moderation.withdraw_report",
  input: z.object({ groupId: groupIdInput, itemType: itemTypeInput, itemId: itemIdInput }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    const r = schema.reports;
    const mine = ctx.tx
      .select()
      .from(r)
      .where(
        and(
          eq(r.groupId, scope.group.id),
          eq(r.itemType, input.itemType),
          eq(r.itemId, input.itemId),
          eq(r.reporterId, ctx.actor.id),
          isNull(r.withdrawnAt),
          isNull(r.closedAt),
        ),
      )
      .get();
    if (!mine) throw fail.notFound("moderation.report.notReported");
    return { ...scope, report: mine };
  },
  run(ctx, _input, { report }) {
    ctx.tx.update(schema.reports).set({ withdrawnAt: ctx.now, updatedAt: ctx.now }).where(eq(schema.reports.id, report.id)).run();
    return { reportCount: recountReports(ctx.tx, report.caseId) };
  },
});
