import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { moderatedSql } from "~/domain/predicates";
import { activeMemberSql, CAN_VIEW_GROUP_SQL } from "~/domain/visibility.server";
import type { EmailChoice, Locale } from "../../db/schema";
import type { RenderedEmail } from "~/email/templates.server";
import { unsubscribeHeaders, unsubscribeUrl, type EmailKind } from "~/email/unsubscribe.server";
import { MODERATION_NOTICE_KINDS } from "~/domain/constants";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

export const NOTIFICATION_KINDS = [
  "joinApproved",
  "joinDeclined",
  "joinRequested",
  "roleChanged",
  "removed",
  "mentioned",
  "replied",
  "comment",
  "status",
  "merged",
  "recorded",
  // Moderation (issue 13): the kinds in app/domain/constants.ts (the notification centre renders them).
  ...MODERATION_NOTICE_KINDS,
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Notifications about what happens inside a group's discussions (kept from people who have left it). */
export const DISCUSSION_KINDS: readonly NotificationKind[] = [
  "mentioned",
  "replied",
  "comment",
  "status",
  "merged",
  "recorded",
  // Moderation notices about items, not the member's own mute.
  ...MODERATION_NOTICE_KINDS.filter((k) => k !== "muted" && k !== "unmuted"),
];
/**
 * Notices about one's own item being moderated, and reviewers' notices about an item to review: shown even while
 * the item is hidden, held or erased (every other notice about such an item leaves the list).
 */
export const MODERATION_KINDS: readonly NotificationKind[] = [
  "moderationReport",
  "moderationHeld",
  "itemHidden",
  "itemAutoHidden",
  "itemRestored",
  "itemEditedOut",
  "itemApproved",
  "itemRejected",
  "itemErased",
];
const MODERATION_KINDS_SQL = MODERATION_KINDS.map((k) => `'${k}'`).join(", ");
/**
 * The notices the reader sees: none about an idea or comment moderated away (hidden, held, erased) since, except
 * the moderation notices themselves. Over the notification's own columns, `n` the alias of notifications.
 */
export const NOTICE_SHOWN_SQL = (n: string) =>
  `(${n}.kind IN (${MODERATION_KINDS_SQL}) OR ((${n}.idea_id IS NULL OR NOT EXISTS (SELECT 1 FROM ideas mi WHERE mi.id = ${n}.idea_id AND ${moderatedSql("mi")}))
    AND (${n}.comment_id IS NULL OR NOT EXISTS (SELECT 1 FROM comments mc WHERE mc.id = ${n}.comment_id AND ${moderatedSql("mc")}))))`;

const notifyStatement = preparedOnce((c) =>
  c.prepare<{ userIds: string; kind: string; groupId: string | null; data: string; now: number; ideaId: number | null; commentId: number | null }>(
    "INSERT INTO notifications (user_id, kind, group_id, data, created_at, idea_id, comment_id) SELECT value, @kind, @groupId, @data, @now, @ideaId, @commentId FROM json_each(@userIds)",
  ),
);

/**
 * One notification each (the same kind and data for all), in the caller's transaction: a subscriber's write step,
 * next to its delivery keys. One prepared statement per 500 people (json_each), not the query builder.
 * `now` defaults to the present; a subscriber passes the event's time, when the change happened.
 */
export function notify(
  _conn: Conn,
  input: {
    userIds: string[];
    kind: NotificationKind;
    groupId: string | null;
    data: Record<string, string>;
    now?: number;
    /** The idea / comment the notice is about: it leaves the list while that is hidden, held or erased. */
    ideaId?: number | null;
    commentId?: number | null;
  },
): void {
  const unique = [...new Set(input.userIds)];
  const statement = notifyStatement();
  const data = JSON.stringify(input.data);
  const now = input.now ?? Date.now();
  const ideaId = input.ideaId ?? null;
  const commentId = input.commentId ?? null;
  for (let i = 0; i < unique.length; i += 500)
    statement.run({ userIds: JSON.stringify(unique.slice(i, i + 500)), kind: input.kind, groupId: input.groupId, data, now, ideaId, commentId });
}

/** Whether a notification's reader may still see its group (staff and admins see every group). */
const readerSeesGroup = (isStaff: boolean) =>
  sql<number>`${isStaff ? 1 : 0} OR EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = ${schema.notifications.groupId} AND m.user_id = ${schema.notifications.userId} AND ${sql.raw(activeMemberSql("m"))})`;

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
    .where(and(eq(schema.notifications.userId, userId), sql.raw(NOTICE_SHOWN_SQL('"notifications"'))))
    // By time, not id: the demo (and a grouped item updated by a later comment) has ids out of date order.
    // notifications_user_created_idx serves this order without sorting.
    .orderBy(desc(schema.notifications.createdAt), desc(schema.notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();
  const total =
    db()
      .select({ n: sql<number>`count(*)` })
      .from(schema.notifications)
      .where(and(eq(schema.notifications.userId, userId), sql.raw(NOTICE_SHOWN_SQL('"notifications"'))))
      .get()?.n ?? 0;
  // What a discussion was about (its title, who wrote) stays inside the group: not sent to someone who left it.
  const shown = rows
    .map((r) => ({ ...r, kind: r.kind as NotificationKind, groupVisible: Boolean(r.groupVisible) }))
    .map((r) => ({ ...r, hidden: !r.groupVisible && DISCUSSION_KINDS.includes(r.kind) }))
    .map((r) => (r.hidden ? { ...r, data: {} } : r));
  return {
    rows: shown.map((r) => ({ ...r, href: notificationHref(r.kind, r.groupSlug, r.data, r.groupVisible) })),
    total,
    pages: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)),
  };
}

const digits = (value: string | undefined) => (value && /^\d{1,12}$/.test(value) ? value : null);

/** Where a notification leads: the comment or the change on the idea, the group, or the front page when the reader is not (or no longer) inside. */
export function notificationHref(kind: NotificationKind, slug: string | null, data: Record<string, string>, groupVisible: boolean): string {
  if (!slug || !groupVisible) return "/";
  if (kind === "joinDeclined" || kind === "removed") return "/";
  if (kind === "joinRequested") return `/g/${slug}/manage`;
  // Reviewers go to the group's queue, where the item is in context with its decision forms.
  if (kind === "moderationReport" || kind === "moderationHeld") return `/g/${slug}/review`;
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

const unreadStatement = preparedOnce((c) =>
  c.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM notifications n WHERE n.user_id = ? AND n.read_at IS NULL AND ${NOTICE_SHOWN_SQL("n")}`),
);

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
export type Recipient = {
  id: string;
  name: string;
  email: string;
  locale: Locale | null;
  emailStatus: EmailChoice;
  emailReplies: EmailChoice;
  emailMentions: EmailChoice;
  emailComments: EmailChoice;
};

const PREFERENCE: Record<EmailKind, keyof Pick<Recipient, "emailStatus" | "emailReplies" | "emailMentions" | "emailComments">> = {
  status: "emailStatus",
  replies: "emailReplies",
  mentions: "emailMentions",
  comments: "emailComments",
};

const reachableStatement = preparedOnce((c) =>
  c.prepare<{ groupId: string; ids: string }, Recipient>(
    `SELECT u.id, u.name, u.email, u.locale, u.email_status AS emailStatus, u.email_replies AS emailReplies, u.email_mentions AS emailMentions, u.email_comments AS emailComments
     FROM users u LEFT JOIN memberships m ON m.group_id = @groupId AND m.user_id = u.id
     WHERE u.id IN (SELECT value FROM json_each(@ids)) AND ${CAN_VIEW_GROUP_SQL}
     ORDER BY u.id`,
  ),
);

/**
 * Of `userIds`, those who can see the group now, with what an e-mail to them needs. Each person once, by user id.
 * One prepared statement per 5,000 people (json_each: no limit on bound values to slice around).
 */
export function reachable(_conn: Conn, groupId: string, userIds: Iterable<string>): Recipient[] {
  const ids = [...new Set(userIds)];
  const found: Recipient[] = [];
  for (let i = 0; i < ids.length; i += 5000) found.push(...reachableStatement().all({ groupId, ids: JSON.stringify(ids.slice(i, i + 5000)) }));
  return found;
}

/** Whether a recipient wants this kind of notification e-mail. */
export const wantsEmail = (recipient: Recipient, emailKind: EmailKind) => recipient[PREFERENCE[emailKind]] === "immediately";

/**
 * An in-app notification for each recipient and, for those who want this kind of e-mail, an e-mail in their own
 * language with a one-click unsubscribe link and List-Unsubscribe headers, in the caller's transaction. For small
 * audiences only (it renders inside the transaction); a subscriber's fan-out renders in `prepare` with
 * prepareEmails and writes with notify + insertEmails.
 */
export function notifyAndEmail<R extends Recipient>(
  conn: Conn,
  input: {
    recipients: R[];
    kind: NotificationKind;
    groupId: string;
    data: Record<string, string>;
    emailKind: EmailKind;
    render: (recipient: R, unsubscribeUrl: string) => RenderedEmail;
    now?: number;
  },
): void {
  notify(conn, { userIds: input.recipients.map((r) => r.id), kind: input.kind, groupId: input.groupId, data: input.data, now: input.now });
  emailNotifications({
    recipients: input.recipients.filter((r) => wantsEmail(r, input.emailKind)),
    kind: input.kind,
    emailKind: input.emailKind,
    render: input.render,
  });
}

/** A notification e-mail rendered for one recipient (outside the write lock), ready for insertEmails. */
export type PreparedEmail = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: string;
  /** The idea / comment the e-mail is about: withheld at send time if that has been moderated away. */
  ideaId?: number | null;
  commentId?: number | null;
};

/**
 * Renders notification e-mails (no sign-in link in them), with the unsubscribe link and headers for `emailKind`:
 * the slow part of a fan-out (templates and the unsubscribe HMAC), so a subscriber calls it in `prepare`, outside
 * any transaction. The outbox kind is `notify-<kind>`.
 */
export function prepareEmails<R extends { id: string; email: string }>(input: {
  recipients: readonly R[];
  kind: NotificationKind;
  emailKind: EmailKind;
  render: (recipient: R, unsubscribeUrl: string) => RenderedEmail;
  /** The idea / comment the e-mails are about (see PreparedEmail). */
  ideaId?: number | null;
  commentId?: number | null;
}): PreparedEmail[] {
  return input.recipients.map((recipient) => {
    const url = unsubscribeUrl(recipient.id, input.emailKind);
    const email = input.render(recipient, url);
    return {
      id: recipient.id,
      kind: `notify-${input.kind}`,
      to: recipient.email,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: JSON.stringify(unsubscribeHeaders(url)),
      ideaId: input.ideaId ?? null,
      commentId: input.commentId ?? null,
    };
  });
}

/** Rows per multi-row outbox INSERT (9 values each, far below SQLite's limit on bound values). */
const OUTBOX_ROWS = 50;
const outboxInsert = preparedOnce((c) => {
  const byCount = new Map<number, ReturnType<typeof c.prepare>>();
  return (count: number) => {
    let statement = byCount.get(count);
    if (!statement) {
      statement = c.prepare(
        `INSERT INTO email_outbox (kind, to_address, subject, text_body, html_body, headers, next_attempt_at, idea_id, comment_id) VALUES ${Array.from({ length: count }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      );
      byCount.set(count, statement);
    }
    return statement;
  };
});

/**
 * Queues prepared e-mails in the caller's transaction, with multi-row prepared INSERTs (the query builder took
 * about five times as long per e-mail: 2,000 e-mails 1.2-2.5 s against 0.25 s).
 */
export function insertEmails(emails: readonly PreparedEmail[], now = Date.now()): void {
  const statementFor = outboxInsert();
  for (let i = 0; i < emails.length; i += OUTBOX_ROWS) {
    const slice = emails.slice(i, i + OUTBOX_ROWS);
    statementFor(slice.length).run(slice.flatMap((e) => [e.kind, e.to, e.subject, e.text, e.html, e.headers, now, e.ideaId ?? null, e.commentId ?? null]));
  }
}

/**
 * Notification e-mails to each recipient, rendered and queued in the caller's transaction (prepareEmails +
 * insertEmails). For a handful of recipients; a fan-out renders in its `prepare` step instead.
 */
export function emailNotifications<R extends { id: string; email: string }>(input: {
  recipients: R[];
  kind: NotificationKind;
  emailKind: EmailKind;
  render: (recipient: R, unsubscribeUrl: string) => RenderedEmail;
}): void {
  if (input.recipients.length === 0) return;
  insertEmails(prepareEmails(input));
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
export function notifyCommentReaders(input: {
  userIds: string[];
  groupId: string;
  ideaId: number;
  data: { name: string; title: string; number: string; commentId: string };
  now: number;
}): void {
  const unique = [...new Set(input.userIds)];
  const statement = commentUpsert();
  const data = JSON.stringify(input.data);
  // In slices, so one statement's work stays bounded however many follow the idea.
  for (let i = 0; i < unique.length; i += 500)
    statement.run({ userIds: JSON.stringify(unique.slice(i, i + 500)), groupId: input.groupId, ideaId: input.ideaId, data, now: input.now });
}
