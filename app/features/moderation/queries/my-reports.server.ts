import { and, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { ReportReason } from "~/domain/constants";
import { activeMute } from "../cases.server";

/**
 * What the viewer's report forms on an idea page need: the viewer's open reports of the idea and of its comments
 * (keyed "idea:12" / "comment:34", with the reason), and the viewer's mute in the group, if one is in force.
 */
export type MyReports = Record<string, ReportReason>;

export function myOpenReports(input: { groupId: string; ideaId: number; viewerId: string }): MyReports {
  const r = schema.reports;
  const rows = db()
    .select({ itemType: r.itemType, itemId: r.itemId, reason: r.reason })
    .from(r)
    .where(
      and(
        eq(r.groupId, input.groupId),
        eq(r.reporterId, input.viewerId),
        isNull(r.withdrawnAt),
        isNull(r.closedAt),
        sql`((${r.itemType} = 'idea' AND ${r.itemId} = ${String(input.ideaId)}) OR (${r.itemType} = 'comment' AND ${r.itemId} IN (SELECT CAST(id AS TEXT) FROM comments WHERE idea_id = ${input.ideaId})))`,
      ),
    )
    .all();
  return Object.fromEntries(rows.map((row) => [`${row.itemType}:${row.itemId}`, row.reason]));
}

/** The viewer's mute in force in the group: its reason and end (null: until lifted). */
export function myMute(groupId: string, viewerId: string, now = Date.now()): { reason: string; until: number | null } | null {
  const mute = activeMute(db(), groupId, viewerId, now);
  return mute ? { reason: mute.reason, until: mute.endsAt } : null;
}

/** The viewer's open report of one item (a member's introduction on their profile, a staff update), if any. */
export function myOpenReportOf(input: { groupId: string; itemType: "intro" | "update"; itemId: string; viewerId: string }): ReportReason | undefined {
  const r = schema.reports;
  return db()
    .select({ reason: r.reason })
    .from(r)
    .where(
      and(
        eq(r.groupId, input.groupId),
        eq(r.reporterId, input.viewerId),
        eq(r.itemType, input.itemType),
        eq(r.itemId, input.itemId),
        isNull(r.withdrawnAt),
        isNull(r.closedAt),
      ),
    )
    .get()?.reason;
}
