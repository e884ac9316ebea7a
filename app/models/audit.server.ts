import { desc, eq, sql } from "drizzle-orm";
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

export function listAudit({ page }: { page: number }) {
  const rows = db()
    .select({
      id: schema.auditLog.id,
      action: schema.auditLog.action,
      targetType: schema.auditLog.targetType,
      targetId: schema.auditLog.targetId,
      details: schema.auditLog.details,
      createdAt: schema.auditLog.createdAt,
      actorName: schema.users.name,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.actorId))
    .orderBy(desc(schema.auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const total = db().select({ n: sql<number>`count(*)` }).from(schema.auditLog).get()?.n ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
