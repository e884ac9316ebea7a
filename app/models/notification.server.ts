import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Conn } from "./types";

export const NOTIFICATION_KINDS = ["joinApproved", "joinDeclined", "joinRequested", "roleChanged", "removed", "mentioned", "replied"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Notifications about a discussion inside a group. */
export const DISCUSSION_KINDS: readonly NotificationKind[] = ["mentioned", "replied"];

/** Written in the caller's transaction, next to the change it tells about. */
export function notify(conn: Conn, input: { userIds: string[]; kind: NotificationKind; groupId: string | null; data: Record<string, string> }): void {
  const unique = [...new Set(input.userIds)];
  if (unique.length === 0) return;
  conn
    .insert(schema.notifications)
    .values(unique.map((userId) => ({ userId, kind: input.kind, groupId: input.groupId, data: input.data })))
    .run();
}

export const NOTIFICATIONS_PAGE_SIZE = 30;

/**
 * A page of the reader's notifications, newest first. `groupVisible` says whether the reader may still see the
 * notification's group: a discussion's title is not shown to someone who has left it.
 */
export function listNotifications({ userId, page, isStaff }: { userId: string; page: number; isStaff: boolean }) {
  const rows = db()
    .select({
      id: schema.notifications.id,
      kind: schema.notifications.kind,
      data: schema.notifications.data,
      readAt: schema.notifications.readAt,
      createdAt: schema.notifications.createdAt,
      groupSlug: schema.groups.slug,
      groupName: schema.groups.name,
      groupVisible: sql<number>`${isStaff ? 1 : 0} OR EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = ${schema.notifications.groupId} AND m.user_id = ${schema.notifications.userId} AND m.state = 'active')`,
    })
    .from(schema.notifications)
    .leftJoin(schema.groups, eq(schema.groups.id, schema.notifications.groupId))
    .where(eq(schema.notifications.userId, userId))
    .orderBy(desc(schema.notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();
  const total = db().select({ n: sql<number>`count(*)` }).from(schema.notifications).where(eq(schema.notifications.userId, userId)).get()?.n ?? 0;
  // What a discussion was about (its title, who wrote) stays inside the group: not sent to someone who left it.
  const shown = rows.map((r) => ({ ...r, kind: r.kind as NotificationKind, groupVisible: Boolean(r.groupVisible) }));
  return { rows: shown.map((r) => (r.groupVisible || !DISCUSSION_KINDS.includes(r.kind) ? r : { ...r, data: {} })), total, pages: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)) };
}

/** Read by the root loader on every page: an index-only count. */
export function countUnread(userId: string): number {
  return db().select({ n: sql<number>`count(*)` }).from(schema.notifications).where(and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt))).get()?.n ?? 0;
}

/** Marks one notification (when id is given) or all of them read; only the owner's rows are touched. */
export function markRead({ userId, id }: { userId: string; id?: number }): void {
  db()
    .update(schema.notifications)
    .set({ readAt: Date.now() })
    .where(and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt), id === undefined ? undefined : eq(schema.notifications.id, id)))
    .run();
}
