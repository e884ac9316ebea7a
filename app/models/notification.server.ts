import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { EmailChoice, Locale } from "../../db/schema";
import type { RenderedEmail } from "~/email/templates.server";
import { unsubscribeHeaders, unsubscribeUrl, type EmailKind } from "~/email/unsubscribe.server";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

export const NOTIFICATION_KINDS = ["joinApproved", "joinDeclined", "joinRequested", "roleChanged", "removed", "mentioned", "replied", "comment", "status", "merged", "recorded"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Notifications about what happens inside a group's discussions (kept from people who have left it). */
export const DISCUSSION_KINDS: readonly NotificationKind[] = ["mentioned", "replied", "comment", "status", "merged", "recorded"];

/** Written in the caller's transaction, next to the change it tells about. */
export function notify(conn: Conn, input: { userIds: string[]; kind: NotificationKind; groupId: string | null; data: Record<string, string> }): void {
  const unique = [...new Set(input.userIds)];
  // In slices: one insert of a popular idea's whole audience would pass SQLite's limit on bound values.
  for (let i = 0; i < unique.length; i += 500) {
    conn
      .insert(schema.notifications)
      .values(unique.slice(i, i + 500).map((userId) => ({ userId, kind: input.kind, groupId: input.groupId, data: input.data })))
      .run();
  }
}

/** Whether a notification's reader may still see its group (staff and admins see every group). */
const readerSeesGroup = (isStaff: boolean) =>
  sql<number>`${isStaff ? 1 : 0} OR EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = ${schema.notifications.groupId} AND m.user_id = ${schema.notifications.userId} AND m.state = 'active')`;

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
      count: schema.notifications.count,
      groupSlug: schema.groups.slug,
      groupName: schema.groups.name,
      groupVisible: readerSeesGroup(isStaff),
    })
    .from(schema.notifications)
    .leftJoin(schema.groups, eq(schema.groups.id, schema.notifications.groupId))
    .where(eq(schema.notifications.userId, userId))
    // By time, not id: the demo (and a grouped item updated by a later comment) has ids out of date order.
    // notifications_user_created_idx serves this order without sorting.
    .orderBy(desc(schema.notifications.createdAt), desc(schema.notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();
  const total = db().select({ n: sql<number>`count(*)` }).from(schema.notifications).where(eq(schema.notifications.userId, userId)).get()?.n ?? 0;
  // What a discussion was about (its title, who wrote) stays inside the group: not sent to someone who left it.
  const shown = rows
    .map((r) => ({ ...r, kind: r.kind as NotificationKind, groupVisible: Boolean(r.groupVisible) }))
    .map((r) => ({ ...r, hidden: !r.groupVisible && DISCUSSION_KINDS.includes(r.kind) }))
    .map((r) => (r.hidden ? { ...r, data: {} } : r));
  return { rows: shown.map((r) => ({ ...r, href: notificationHref(r.kind, r.groupSlug, r.data, r.groupVisible) })), total, pages: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)) };
}

const digits = (value: string | undefined) => (value && /^\d{1,12}$/.test(value) ? value : null);

/** Where a notification leads: the comment or the change on the idea, the group, or the front page when the reader is not (or no longer) inside. */
export function notificationHref(kind: NotificationKind, slug: string | null, data: Record<string, string>, groupVisible: boolean): string {
  if (!slug || !groupVisible) return "/";
  if (kind === "joinDeclined" || kind === "removed") return "/";
  if (kind === "joinRequested") return `/g/${slug}/manage`;
  const number = digits(data.number);
  if (DISCUSSION_KINDS.includes(kind) && number) {
    // ?comment= keeps an earlier conversation on the page (long discussions show their latest ones).
    const anchor = digits(data.commentId) ? `?comment=${data.commentId}#comment-${data.commentId}` : digits(data.eventId) ? `#event-${data.eventId}` : "";
    return `/g/${slug}/ideas/${number}${anchor}`;
  }
  return `/g/${slug}`;
}

/** Opens one notification: marks it read and says where it leads (null when it is not the reader's). */
export function openNotification({ userId, id, isStaff }: { userId: string; id: number; isStaff: boolean }): string | null {
  const row = db()
    .select({
      kind: schema.notifications.kind,
      data: schema.notifications.data,
      groupSlug: schema.groups.slug,
      groupVisible: readerSeesGroup(isStaff),
    })
    .from(schema.notifications)
    .leftJoin(schema.groups, eq(schema.groups.id, schema.notifications.groupId))
    .where(and(eq(schema.notifications.userId, userId), eq(schema.notifications.id, id)))
    .get();
  if (!row) return null;
  markRead({ userId, id });
  return notificationHref(row.kind as NotificationKind, row.groupSlug, row.data, Boolean(row.groupVisible));
}

const unreadStatement = preparedOnce((c) => c.prepare<[string], { n: number }>("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL"));

/** Read by the root loader on every page: an index-only count. */
export function countUnread(userId: string): number {
  return unreadStatement().get(userId)?.n ?? 0;
}

/** Marks one notification (when id is given) or all of them read; only the owner's rows are touched. */
export function markRead({ userId, id }: { userId: string; id?: number }): void {
  db()
    .update(schema.notifications)
    .set({ readAt: Date.now() })
    .where(and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt), id === undefined ? undefined : eq(schema.notifications.id, id)))
    .run();
}

/** Someone a notification may reach: they can see the group now (an active member, or staff or an admin). */
export type Recipient = { id: string; name: string; email: string; locale: Locale | null; emailStatus: EmailChoice; emailReplies: EmailChoice; emailMentions: EmailChoice; emailComments: EmailChoice };

const PREFERENCE: Record<EmailKind, keyof Pick<Recipient, "emailStatus" | "emailReplies" | "emailMentions" | "emailComments">> = { status: "emailStatus", replies: "emailReplies", mentions: "emailMentions", comments: "emailComments" };

/** Of `userIds`, those who can see the group now, with what an e-mail to them needs. Each person once. */
export function reachable(conn: Conn, groupId: string, userIds: Iterable<string>): Recipient[] {
  const ids = [...new Set(userIds)];
  const found: Recipient[] = [];
  // In slices, so a popular idea's thousands of voters stay well under SQLite's limit on bound values.
  for (let i = 0; i < ids.length; i += 500) {
    found.push(
      ...conn
        .select({ id: schema.users.id, name: schema.users.name, email: schema.users.email, locale: schema.users.locale, emailStatus: schema.users.emailStatus, emailReplies: schema.users.emailReplies, emailMentions: schema.users.emailMentions, emailComments: schema.users.emailComments })
        .from(schema.users)
        .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, schema.users.id)))
        .where(and(inArray(schema.users.id, ids.slice(i, i + 500)), sql`(${schema.memberships.state} = 'active' OR ${schema.users.role} IN ('staff', 'admin'))`))
        .all(),
    );
  }
  return found;
}

/**
 * An in-app notification for each recipient and, for those who want this kind of e-mail, an e-mail in their own
 * language with a one-click unsubscribe link and List-Unsubscribe headers. In the caller's transaction, so the
 * notifications exist exactly when the change they tell about does.
 */
export function notifyAndEmail<R extends Recipient>(conn: Conn, input: { recipients: R[]; kind: NotificationKind; groupId: string; data: Record<string, string>; emailKind: EmailKind; render: (recipient: R, unsubscribeUrl: string) => RenderedEmail }): void {
  notify(conn, { userIds: input.recipients.map((r) => r.id), kind: input.kind, groupId: input.groupId, data: input.data });
  emailNotifications({ recipients: input.recipients.filter((r) => r[PREFERENCE[input.emailKind]] === "immediately"), kind: input.kind, emailKind: input.emailKind, render: input.render });
}

const outboxInsert = preparedOnce((c) =>
  c.prepare<[string, string, string, string, string, string, number]>("INSERT INTO email_outbox (kind, to_address, subject, text_body, html_body, headers, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
);

/**
 * Notification e-mails (no sign-in link in them) to each recipient, with the unsubscribe link and headers for
 * `emailKind`, in the caller's transaction. A prepared insert: the query builder took about five times as long per
 * e-mail (measured: 2,000 e-mails 1.2-2.5 s against 0.25 s), which a popular idea's audience pays under the write lock.
 */
export function emailNotifications<R extends { id: string; email: string }>(input: { recipients: R[]; kind: NotificationKind; emailKind: EmailKind; render: (recipient: R, unsubscribeUrl: string) => RenderedEmail }): void {
  if (input.recipients.length === 0) return;
  const insert = outboxInsert();
  const now = Date.now();
  for (const recipient of input.recipients) {
    const url = unsubscribeUrl(recipient.id, input.emailKind);
    const email = input.render(recipient, url);
    insert.run(`notify-${input.kind}`, recipient.email, email.subject, email.text, email.html, JSON.stringify(unsubscribeHeaders(url)), now);
  }
}

/**
 * New comments on an idea, grouped: a reader has at most one unread "comment" notification per idea (a partial
 * unique index), and each further comment updates it (one more in its count, the latest writer, the time), so a
 * busy discussion stays one item instead of fifty. The link keeps leading to the first comment not yet read.
 * An upsert rather than read-then-write: it holds when comments arrive at the same moment.
 */
const commentUpsert = preparedOnce((c) =>
  c.prepare<{ userIds: string; groupId: string; ideaId: number; data: string; now: number }>(
    `INSERT INTO notifications (user_id, kind, group_id, idea_id, data, count, created_at)
     SELECT value, 'comment', @groupId, @ideaId, @data, 1, @now FROM json_each(@userIds) WHERE true
     ON CONFLICT (user_id, idea_id) WHERE kind = 'comment' AND read_at IS NULL DO UPDATE SET
       count = count + 1,
       created_at = excluded.created_at,
       data = json_set(data, '$.name', json_extract(excluded.data, '$.name'), '$.title', json_extract(excluded.data, '$.title'), '$.latestCommentId', json_extract(excluded.data, '$.commentId'))`,
  ),
);

/** Tells each reader of an idea about a new comment (see commentUpsert), in the caller's transaction. */
export function notifyCommentReaders(input: { userIds: string[]; groupId: string; ideaId: number; data: { name: string; title: string; number: string; commentId: string }; now: number }): void {
  const unique = [...new Set(input.userIds)];
  const statement = commentUpsert();
  const data = JSON.stringify(input.data);
  // In slices, so one statement's work stays bounded however many follow the idea.
  for (let i = 0; i < unique.length; i += 500) statement.run({ userIds: JSON.stringify(unique.slice(i, i + 500)), groupId: input.groupId, ideaId: input.ideaId, data, now: input.now });
}
