import { and, desc, eq, notInArray, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Conn } from "./types";

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  groupId?: string | null;
  details?: Record<string, unknown>;
};

/** Written in the same transaction as the change it records. */
export function recordAudit(conn: Conn, entry: AuditInput): void {
  conn
    .insert(schema.auditLog)
    .values({ ...entry, targetId: entry.targetId ?? null, groupId: entry.groupId ?? null, details: entry.details ?? {} })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

/** Staff-only actions (internal notes) are left out of what moderators, who may be customers, see. */
export const STAFF_ONLY_ACTIONS = ["idea.note"];

export function listAudit({ page, groupId, pageSize = AUDIT_PAGE_SIZE, hide = [] }: { page: number; groupId?: string; pageSize?: number; hide?: string[] }) {
  const where = and(groupId ? eq(schema.auditLog.groupId, groupId) : undefined, hide.length ? notInArray(schema.auditLog.action, hide) : undefined);
  const rows = db()
    .select({
      id: schema.auditLog.id,
      action: schema.auditLog.action,
      targetType: schema.auditLog.targetType,
      targetId: schema.auditLog.targetId,
      details: schema.auditLog.details,
      createdAt: schema.auditLog.createdAt,
      actorName: schema.users.name,
      groupName: schema.groups.name,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.actorId))
    .leftJoin(schema.groups, eq(schema.groups.id, schema.auditLog.groupId))
    .where(where)
    .orderBy(desc(schema.auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db().select({ n: sql<number>`count(*)` }).from(schema.auditLog).where(where).get()?.n ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
