import { and, eq, isNull, sql } from "drizzle-orm";
import { schema } from "~/db.server";
import type { CaseOrigin, MemberMute, ModerationCase, ModerationDecision, ModerationItemType } from "../../../db/schema";
import type { Conn } from "~/models/types";
import { isMuteActive } from "./rules";

/**
 * The case rows every moderation command shares (one definition each): the item's open case, opening one, closing
 * it with a decision, and the member's mute in force. All run inside the caller's command transaction.
 */

export type ItemRef = { itemType: ModerationItemType; itemId: string };

/** The item's open case, if any (at most one: moderation_cases_open_item_unique). */
export function openCaseOf(tx: Conn, item: ItemRef): ModerationCase | null {
  return (
    tx
      .select()
      .from(schema.moderationCases)
      .where(and(eq(schema.moderationCases.itemType, item.itemType), eq(schema.moderationCases.itemId, item.itemId), eq(schema.moderationCases.state, "open")))
      .get() ?? null
  );
}

/**
 * The item's open case, opened now when there is none. An open case keeps its origin; an appeal or a held post
 * that is also reported stays one row (the queue shows both the origin and the reports).
 */
export function ensureOpenCase(
  tx: Conn,
  input: ItemRef & { groupId: string; authorId: string | null; origin: CaseOrigin; now: number; appealNote?: string | null },
) {
  const found = openCaseOf(tx, input);
  if (found) return { row: found, created: false };
  const row = tx
    .insert(schema.moderationCases)
    .values({
      groupId: input.groupId,
      itemType: input.itemType,
      itemId: input.itemId,
      authorId: input.authorId,
      origin: input.origin,
      appealNote: input.appealNote ?? null,
      openedAt: input.now,
    })
    .returning()
    .get();
  return { row, created: true };
}

/** Distinct people with an open report in the case, recounted from the reports (kept in moderation_cases.report_count). */
export function recountReports(tx: Conn, caseId: number): number {
  const n = tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM reports WHERE case_id = ${caseId} AND withdrawn_at IS NULL AND closed_at IS NULL`)!.n;
  tx.update(schema.moderationCases).set({ reportCount: n }).where(eq(schema.moderationCases.id, caseId)).run();
  return n;
}

/**
 * Records a decision (moderation_decisions), and when `caseId` is given closes that open case and its open reports.
 * Returns the decision's id and whose reports it closed (each reporter hears the outcome once). A case decided a
 * moment ago by someone else is the caller's conflict to raise before calling this (see decide-case).
 */
export function recordDecision(
  tx: Conn,
  input: ItemRef & {
    groupId: string;
    caseId: number | null;
    authorId: string | null;
    actorId: string | null;
    decision: ModerationDecision;
    reason?: string | null;
    note?: string | null;
    originalText?: string | null;
    now: number;
    /** false: the case stays open (an auto-hide waits for review). */
    closeCase?: boolean;
  },
): { decisionId: number; reporterIds: string[] } {
  const decision = tx
    .insert(schema.moderationDecisions)
    .values({
      caseId: input.caseId,
      groupId: input.groupId,
      itemType: input.itemType,
      itemId: input.itemId,
      authorId: input.authorId,
      actorId: input.actorId,
      decision: input.decision,
      reason: input.reason ?? null,
      note: input.note ?? null,
      originalText: input.originalText ?? null,
      createdAt: input.now,
    })
    .returning({ id: schema.moderationDecisions.id })
    .get();
  let reporterIds: string[] = [];
  if (input.caseId !== null && input.closeCase !== false) {
    reporterIds = tx
      .update(schema.reports)
      .set({ closedAt: input.now })
      .where(and(eq(schema.reports.caseId, input.caseId), isNull(schema.reports.withdrawnAt), isNull(schema.reports.closedAt)))
      .returning({ id: schema.reports.reporterId })
      .all()
      .map((r) => r.id);
    tx.update(schema.moderationCases)
      .set({ state: "decided", decidedAt: input.now, decidedBy: input.actorId, decision: input.decision, reportCount: 0 })
      .where(and(eq(schema.moderationCases.id, input.caseId), eq(schema.moderationCases.state, "open")))
      .run();
  }
  return { decisionId: decision.id, reporterIds };
}

/** The member's mute in force in the group at `now`, if any (the latest one). */
export function activeMute(conn: Conn, groupId: string, userId: string, now: number): MemberMute | null {
  const rows = conn
    .select()
    .from(schema.memberMutes)
    .where(and(eq(schema.memberMutes.groupId, groupId), eq(schema.memberMutes.userId, userId), isNull(schema.memberMutes.liftedAt)))
    .all();
  return rows.filter((m) => isMuteActive(m, now)).sort((a, b) => (b.endsAt ?? Infinity) - (a.endsAt ?? Infinity))[0] ?? null;
}
