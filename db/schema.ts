import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
// The enums live in a module of their own that the browser may import (forms, components); re-exported here so
// server code keeps one import for a table and its values.
import {
  EMAIL_CHOICES,
  GROUP_ROLES,
  IDEA_EVENT_KINDS,
  IDEA_SOURCES,
  IDEA_STATUSES,
  JOIN_POLICIES,
  LOCALES,
  MEMBERSHIP_STATES,
  CASE_ORIGINS,
  CASE_STATES,
  MERGE_MOVE_KINDS,
  MODERATION_DECISIONS,
  MODERATION_ITEM_TYPES,
  MUTE_LENGTHS,
  ORG_ROLES,
  REPORT_REASONS,
  OUTBOX_STATUSES,
  TAG_COLORS,
  TOKEN_PURPOSES,
} from "../app/domain/constants";
import { COMMENT_LISTED_SQL, LISTED_SQL, WAITING_SQL } from "../app/domain/predicates";
export * from "../app/domain/constants";

// Timestamps are integers: milliseconds since the epoch, UTC. The one exception is
// sessions.expires_at, which Lucia's adapter reads as seconds.
const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(), // always stored lower-case
    name: text("name").notNull(),
    passwordHash: text("password_hash"), // null until the account's owner sets one
    role: text("role", { enum: ORG_ROLES }).notNull().default("member"),
    locale: text("locale", { enum: LOCALES }),
    /** For @mentions: lower-case letters, digits and dashes, unique in the organisation ("matti-meikäläinen"). */
    handle: text("handle"),
    /** E-mail for each kind of notification: "immediately" or "off" (in-app notifications always come). */
    emailStatus: text("email_status", { enum: EMAIL_CHOICES }).notNull().default("immediately"),
    emailReplies: text("email_replies", { enum: EMAIL_CHOICES }).notNull().default("immediately"),
    emailMentions: text("email_mentions", { enum: EMAIL_CHOICES }).notNull().default("immediately"),
    /** New comments on ideas the person follows or wrote: off by default, a busy discussion would flood the inbox. */
    emailComments: text("email_comments", { enum: EMAIL_CHOICES }).notNull().default("off"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email), uniqueIndex("users_handle_unique").on(t.handle)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(), // seconds (Lucia)
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Single-use links for password reset and first-time account setup. Only the SHA-256 of the token is kept. */
export const passwordTokens = sqliteTable(
  "password_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("password_tokens_user_idx").on(t.userId), index("password_tokens_expires_idx").on(t.expiresAt)],
);

export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(now),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull().default(now),
    sentAt: integer("sent_at"),
    /** A sign-in link's token, AES-256-GCM encrypted (the body has a placeholder); erased once sent or expired. */
    linkSecret: text("link_secret"),
    linkExpiresAt: integer("link_expires_at"),
    /** The idea or comment the e-mail is about (0014): one hidden before the e-mail goes out is withheld. */
    ideaId: integer("idea_id"),
    commentId: integer("comment_id"),
  },
  (t) => [
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_created_idx").on(t.createdAt),
    index("email_outbox_link_idx")
      .on(t.linkExpiresAt)
      .where(sql`${t.linkSecret} IS NOT NULL`),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    groupId: text("group_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt), index("audit_log_group_idx").on(t.groupId, t.createdAt)],
);

/** Fixed-window counters for rate limits, kept in SQLite so a restart does not reset them. */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
    /** The end of the current window: rows past it are purged. */
    expiresAt: integer("expires_at").notNull().default(0),
  },
  (t) => [index("rate_limits_expires_idx").on(t.expiresAt)],
);

/** One row (id = 1): the organisation that owns this deployment. */
export const orgSettings = sqliteTable("org_settings", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  defaultLocale: text("default_locale", { enum: LOCALES }).notNull().default("fi"),
  timeZone: text("time_zone").notNull().default("Europe/Helsinki"),
  updatedAt: integer("updated_at").notNull().default(now),
});

export type User = typeof users.$inferSelect;
export type OutboxEmail = typeof emailOutbox.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

// ---------------------------------------------------------------------------------------------------------
// Pilot groups

export const groups = sqliteTable(
  "groups",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""), // markdown
    joinPolicy: text("join_policy", { enum: JOIN_POLICIES }).notNull().default("invite"),
    screeningQuestion: text("screening_question"),
    responseTargetDays: integer("response_target_days").notNull().default(7),
    capacity: integer("capacity"),
    startsAt: integer("starts_at"),
    endsAt: integer("ends_at"),
    archivedAt: integer("archived_at"),
    /** Active members, maintained in the same transaction as every membership change. */
    memberCount: integer("member_count").notNull().default(0),
    /** The group's ideas.waiting ones (no staff response yet, listed), kept by triggers on `ideas` (migrations 0007, 0013). */
    waitingCount: integer("waiting_count").notNull().default(0),
    /** Moderation (migration 0014): distinct reporters that hide an item pending review (2-10; null: off). */
    autoHideThreshold: integer("auto_hide_threshold").default(3),
    /** Hold a new member's first N ideas and comments for a moderator's approval (0: none). */
    holdFirstPosts: integer("hold_first_posts").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("groups_slug_unique").on(t.slug), index("groups_name_idx").on(t.name)],
);

/** "invited" lives in the invitations table (the invitee may not have an account yet): see MEMBERSHIP_STATES. */

export const memberships = sqliteTable(
  "memberships",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    state: text("state", { enum: MEMBERSHIP_STATES }).notNull(),
    role: text("role", { enum: GROUP_ROLES }).notNull().default("member"),
    intro: text("intro").notNull().default(""),
    /** The requester's answer to the screening question. */
    requestAnswer: text("request_answer"),
    requestedAt: integer("requested_at"),
    joinedAt: integer("joined_at"),
    stateChangedAt: integer("state_changed_at").notNull().default(now),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decisionMessage: text("decision_message"),
    /** Posts of this member a moderator approved while the group held newcomers' posts (0014). */
    approvedPostCount: integer("approved_post_count").notNull().default(0),
    /** The introduction hidden by a moderator (0014): when, by whom, and the reason the member sees. */
    introHiddenAt: integer("intro_hidden_at"),
    introHiddenBy: text("intro_hidden_by"),
    introHiddenReason: text("intro_hidden_reason"),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index("memberships_group_state_joined_idx").on(t.groupId, t.state, t.joinedAt),
    index("memberships_user_idx").on(t.userId, t.state),
  ],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    email: text("email").notNull(), // lower-case
    name: text("name"),
    message: text("message"),
    /** HMAC of the 256-bit token; the token itself is only in the email. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at").notNull(),
    sendCount: integer("send_count").notNull().default(1),
    lastSentAt: integer("last_sent_at").notNull().default(now),
    acceptedAt: integer("accepted_at"),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: integer("revoked_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("invitations_token_unique").on(t.tokenHash), index("invitations_group_email_idx").on(t.groupId, t.email)],
);

/** Staff updates on a group's home; pinned ones stay on top. */
export const groupPosts = sqliteTable(
  "group_posts",
  {
    id: text("id").primaryKey(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    body: text("body").notNull(), // markdown
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    /** Hidden by a moderator (0014): when, by whom, and the reason its author sees. */
    hiddenAt: integer("hidden_at"),
    hiddenBy: text("hidden_by"),
    hiddenReason: text("hidden_reason"),
  },
  (t) => [index("group_posts_group_idx").on(t.groupId, t.pinned, t.createdAt)],
);

/** In-app notifications; `kind` + `data` are rendered in the reader's language when shown. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    groupId: text("group_id").references(() => groups.id, { onDelete: "cascade" }),
    data: text("data", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    readAt: integer("read_at"),
    /** The comment the notice is about (0014; the idea is idea_id): not listed while either is hidden, held or erased. */
    commentId: integer("comment_id"),
    /** For a grouped item (new comments): the time of its latest update, which moves it to the top. */
    createdAt: integer("created_at").notNull().default(now),
    // Added by migration 0009 without a foreign-key clause, like the later columns of `ideas` (no table rebuild).
    /** The idea a "comment" notification groups its comments by; since 0014 every notice about an idea sets it. */
    ideaId: integer("idea_id"),
    /** How many comments a "comment" notification stands for (1 for every other kind). */
    count: integer("count").notNull().default(1),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.readAt, t.id),
    // The notification centre's order: newest first by time, ties by id.
    index("notifications_user_created_idx").on(t.userId, t.createdAt, t.id),
    // One unread comment notification per reader and idea; new comments update it (upsert on this index).
    uniqueIndex("notifications_unread_comment_unique")
      .on(t.userId, t.ideaId)
      .where(sql`${t.kind} = 'comment' AND ${t.readAt} IS NULL`),
  ],
);

export type Group = typeof groups.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;

// ---------------------------------------------------------------------------------------------------------
// Idea boards

export const boards = sqliteTable(
  "boards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** Stable once created, so shared links keep working after a rename. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    /** A closed board takes no new ideas; voting and comments go on. */
    closedAt: integer("closed_at"),
    /**
     * The board's ideas.listed ones (not withdrawn, not merged), kept by triggers on `ideas` in the same transaction
     * as every change (migrations 0005, 0013), so the board tabs and an unfiltered board's total need no counting.
     */
    ideaCount: integer("idea_count").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("boards_group_slug_unique").on(t.groupId, t.slug), index("boards_group_position_idx").on(t.groupId, t.position)],
);

export const tags = sqliteTable(
  "tags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color", { enum: TAG_COLORS }).notNull().default("slate"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("tags_group_idx").on(t.groupId, t.name)],
);

export const ideas = sqliteTable(
  "ideas",
  {
    // An integer key: the full-text index refers to ideas by rowid, which must never change.
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    boardId: integer("board_id")
      .notNull()
      .references(() => boards.id),
    /** Numbered per group (#1, #2 …): the idea's address is /g/<slug>/ideas/<number>. */
    number: integer("number").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    body: text("body").notNull().default(""), // markdown
    status: text("status", { enum: IDEA_STATUSES }).notNull().default("open"),
    /** Maintained in the same transaction as the rows they count. */
    voteCount: integer("vote_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    followerCount: integer("follower_count").notNull().default(0),
    /** When staff first answered (a comment now, an official response later); the author edits until then. */
    firstResponseAt: integer("first_response_at"),
    withdrawnAt: integer("withdrawn_at"),
    editedAt: integer("edited_at"),
    /** Comments, edits and status changes move it; votes do not. Sorts "recently updated". */
    lastActivityAt: integer("last_activity_at").notNull().default(now),
    createdAt: integer("created_at").notNull().default(now),
    // Columns added after the FTS triggers carry no foreign-key clause on purpose: SQLite cannot add one with
    // ALTER TABLE, so drizzle-kit would rebuild the table, and dropping `ideas` drops its triggers with it.
    /** For status "merged": the idea this one was merged into (its URL leads there). */
    mergedIntoId: integer("merged_into_id"),
    /** An idea staff recorded on a member's behalf: where they heard it, and who recorded it. */
    source: text("source", { enum: IDEA_SOURCES }),
    recordedBy: text("recorded_by"),
    /** Moderation (0014): hidden by a moderator (the reason its author sees), held for approval, erased by staff. */
    hiddenAt: integer("hidden_at"),
    hiddenBy: text("hidden_by"),
    hiddenReason: text("hidden_reason"),
    heldAt: integer("held_at"),
    erasedAt: integer("erased_at"),
    /** The domain's rules "listed" and "waiting" (app/domain/predicates.ts), computed when read (migration 0013). */
    listed: integer("listed", { mode: "boolean" }).notNull().generatedAlwaysAs(sql.raw(LISTED_SQL), { mode: "virtual" }),
    waiting: integer("waiting", { mode: "boolean" }).notNull().generatedAlwaysAs(sql.raw(WAITING_SQL), { mode: "virtual" }),
  },
  (t) => [
    uniqueIndex("ideas_group_number_unique").on(t.groupId, t.number),
    // The response queue: ideas still waiting for staff, oldest first (small partial indexes).
    index("ideas_waiting_idx")
      .on(t.createdAt)
      .where(sql`${t.waiting} = 1`),
    index("ideas_group_waiting_idx")
      .on(t.groupId, t.createdAt)
      .where(sql`${t.waiting} = 1`),
    index("ideas_board_votes_idx").on(t.boardId, t.voteCount, t.id),
    index("ideas_board_created_idx").on(t.boardId, t.createdAt),
    index("ideas_board_activity_idx").on(t.boardId, t.lastActivityAt),
    index("ideas_group_votes_idx").on(t.groupId, t.voteCount, t.id),
    index("ideas_group_created_idx").on(t.groupId, t.createdAt),
    index("ideas_group_activity_idx").on(t.groupId, t.lastActivityAt),
    // A board's or a group's listed ideas under a filter (status): "status = ? AND listed = 1" is a range of these
    // (migration 0013); withdrawn_at keeps the "merged" filter and the loop's ideas by status counted from the index.
    index("ideas_board_status_idx").on(t.boardId, t.status, t.listed, t.groupId),
    index("ideas_group_status_idx").on(t.groupId, t.status, t.listed, t.withdrawnAt),
    // A person's ideas in a group, newest first (author context beside the composer, profiles).
    index("ideas_author_idx").on(t.authorId, t.groupId, t.createdAt),
  ],
);

export const ideaTags = sqliteTable(
  "idea_tags",
  {
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.tagId] }), index("idea_tags_tag_idx").on(t.tagId, t.ideaId)],
);

export const votes = sqliteTable(
  "votes",
  {
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.userId] }),
    index("votes_idea_created_idx").on(t.ideaId, t.createdAt),
    index("votes_user_idx").on(t.userId, t.createdAt),
  ],
);

export const follows = sqliteTable(
  "follows",
  {
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.userId] }), index("follows_user_idx").on(t.userId)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    /** Denormalised from the idea, for group-wide activity ("active this week"). */
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** Replies are one level deep: a reply's parent is always a top-level comment. */
    parentId: integer("parent_id").references((): AnySQLiteColumn => comments.id),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(), // markdown
    createdAt: integer("created_at").notNull().default(now),
    editedAt: integer("edited_at"),
    /** Deleted by its author: hidden, or shown as "deleted" while it has replies. The row stays. */
    deletedAt: integer("deleted_at"),
    /** Moderation (0014): hidden by a moderator (the reason its author sees), held for approval, erased by staff. */
    hiddenAt: integer("hidden_at"),
    hiddenBy: text("hidden_by"),
    hiddenReason: text("hidden_reason"),
    heldAt: integer("held_at"),
    erasedAt: integer("erased_at"),
    /** The rule "comment listed" (app/domain/predicates.ts): what ideas.comment_count counts, kept by triggers (0014). */
    listed: integer("listed", { mode: "boolean" }).notNull().generatedAlwaysAs(sql.raw(COMMENT_LISTED_SQL), { mode: "virtual" }),
  },
  (t) => [
    index("comments_idea_idx").on(t.ideaId, t.id),
    index("comments_group_created_idx").on(t.groupId, t.createdAt),
    index("comments_author_idx").on(t.authorId),
  ],
);

/** Who a comment has mentioned (and so notified): a person is told once per comment, however often it is edited. */
export const commentMentions = sqliteTable(
  "comment_mentions",
  {
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

// ---------------------------------------------------------------------------------------------------------
// The staff feedback loop

/**
 * An idea's history beside its comments: status changes with their official responses ("status"; from = to
 * when staff only responded), and ideas merged into it ("merged_in", with the merged idea's id).
 */
export const ideaEvents = sqliteTable(
  "idea_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: IDEA_EVENT_KINDS }).notNull(),
    fromStatus: text("from_status", { enum: IDEA_STATUSES }),
    toStatus: text("to_status", { enum: IDEA_STATUSES }),
    /** The official response, markdown; shown to members, highlighted when it is the latest. */
    response: text("response"),
    relatedIdeaId: integer("related_idea_id"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("idea_events_idea_idx").on(t.ideaId, t.id), index("idea_events_group_idx").on(t.groupId, t.createdAt)],
);

/** Staff's internal notes on an idea: only staff and admins ever see them. */
export const ideaNotes = sqliteTable(
  "idea_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("idea_notes_idea_idx").on(t.ideaId, t.id)],
);

/** Staff's reusable responses, with {name}, {idea} and {group} filled in when used. */
export const savedReplies = sqliteTable("saved_replies", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  body: text("body").notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
});

/**
 * A merge and what it moved, so staff can undo it exactly (migration 0010): the source's status and first-response
 * time before it, and in idea_merge_moves every vote and follow the source had, with whether it moved to the
 * target (moved) or the target already had that person's.
 */
export const ideaMerges = sqliteTable(
  "idea_merges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    fromIdeaId: integer("from_idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    intoIdeaId: integer("into_idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    fromStatus: text("from_status", { enum: IDEA_STATUSES }).notNull(),
    fromFirstResponseAt: integer("from_first_response_at"),
    createdAt: integer("created_at").notNull(),
    undoneAt: integer("undone_at"),
    undoneBy: text("undone_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("idea_merges_from_idx").on(t.fromIdeaId, t.id), index("idea_merges_into_idx").on(t.intoIdeaId)],
);

export const ideaMergeMoves = sqliteTable(
  "idea_merge_moves",
  {
    mergeId: integer("merge_id")
      .notNull()
      .references(() => ideaMerges.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MERGE_MOVE_KINDS }).notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** 1: the row moved to the target; 0: the target already had this person's (the source's row was dropped). */
    moved: integer("moved", { mode: "boolean" }).notNull(),
    /** The source row's own time, given back on undo. */
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.mergeId, t.kind, t.userId] })],
);

/**
 * The log of what happened (app/events/catalogue.ts lists the types and payloads). A command writes its events in its
 * own transaction; subscribers read them after the commit, each from its own cursor. Append-only: rows are never
 * updated, so a subscriber added later can start from any point.
 */
export const domainEvents = sqliteTable(
  "domain_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type").notNull(),
    groupId: text("group_id"),
    actorId: text("actor_id"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("domain_events_type_idx").on(t.type, t.id)],
);

/** How far each subscriber has read the event log: every event up to `eventId` is fully handled. */
export const eventCursors = sqliteTable("event_cursors", {
  subscriber: text("subscriber").primaryKey(),
  eventId: integer("event_id").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Exactly once per (subscriber, event, recipient): a subscriber writes its rows for a recipient in the same short
 * transaction as this key, and skips recipients whose key exists, so a crash between batches repeats nothing.
 */
export const eventDeliveries = sqliteTable(
  "event_deliveries",
  {
    subscriber: text("subscriber").notNull(),
    eventId: integer("event_id").notNull(),
    recipient: text("recipient").notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriber, t.eventId, t.recipient] })],
);

export type IdeaEvent = typeof ideaEvents.$inferSelect;
export type SavedReply = typeof savedReplies.$inferSelect;
export type Board = typeof boards.$inferSelect;
export type Tag = typeof tags.$inferSelect;
export type Idea = typeof ideas.$inferSelect;
export type Comment = typeof comments.$inferSelect;

// ---------------------------------------------------------------------------------------------------------
// Moderation (issue 13, migration 0014)

/**
 * One item under review: reports about it, a newcomer's held post, or its author's appeal. At most one open case
 * per item (a partial unique index): a new report of an item whose case is decided opens a new one.
 * itemId: the idea's or comment's id as text, the update's id, or the introduced member's user id.
 */
export const moderationCases = sqliteTable(
  "moderation_cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    itemType: text("item_type", { enum: MODERATION_ITEM_TYPES }).notNull(),
    itemId: text("item_id").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    origin: text("origin", { enum: CASE_ORIGINS }).notNull(),
    state: text("state", { enum: CASE_STATES }).notNull().default("open"),
    /** Distinct people with an open report in this case, kept with the reports in the same transaction. */
    reportCount: integer("report_count").notNull().default(0),
    /** When the threshold hid the item pending review (such cases come first in the queue). */
    autoHiddenAt: integer("auto_hidden_at"),
    /** The author's words when they asked for a review (origin "appeal"). */
    appealNote: text("appeal_note"),
    openedAt: integer("opened_at").notNull().default(now),
    decidedAt: integer("decided_at"),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decision: text("decision", { enum: MODERATION_DECISIONS }),
  },
  (t) => [
    uniqueIndex("moderation_cases_open_item_unique")
      .on(t.itemType, t.itemId)
      .where(sql`${t.state} = 'open'`),
    index("moderation_cases_group_state_idx").on(t.groupId, t.state, t.openedAt),
    index("moderation_cases_state_idx").on(t.state, t.openedAt),
    index("moderation_cases_author_idx").on(t.authorId, t.groupId),
    index("moderation_cases_item_idx").on(t.itemType, t.itemId),
  ],
);

/** A person's report of an item. One open report per person per item: reporting again updates it. */
export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => moderationCases.id, { onDelete: "cascade" }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    itemType: text("item_type", { enum: MODERATION_ITEM_TYPES }).notNull(),
    itemId: text("item_id").notNull(),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: REPORT_REASONS }).notNull(),
    note: text("note"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    withdrawnAt: integer("withdrawn_at"),
    /** When the case was decided (the report is closed; the reporter was told the outcome). */
    closedAt: integer("closed_at"),
  },
  (t) => [
    uniqueIndex("reports_open_unique")
      .on(t.itemType, t.itemId, t.reporterId)
      .where(sql`${t.withdrawnAt} IS NULL AND ${t.closedAt} IS NULL`),
    index("reports_case_idx").on(t.caseId),
    index("reports_reporter_created_idx").on(t.reporterId, t.createdAt),
  ],
);

/** Every moderation decision, kept for good: the group log and the author's history read these. */
export const moderationDecisions = sqliteTable(
  "moderation_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id").references(() => moderationCases.id, { onDelete: "set null" }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    itemType: text("item_type", { enum: MODERATION_ITEM_TYPES }).notNull(),
    itemId: text("item_id").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    /** Null for the threshold's own "auto_hide". */
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    decision: text("decision", { enum: MODERATION_DECISIONS }).notNull(),
    /** What the author is told (hide, reject, delete). */
    reason: text("reason"),
    /** The reviewer's note (restore, keep); moderators and staff see it. */
    note: text("note"),
    /** edit_out: the text before the edit, for the audit (staff only); never the text of a deleted item. */
    originalText: text("original_text"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("moderation_decisions_group_idx").on(t.groupId, t.createdAt), index("moderation_decisions_author_idx").on(t.authorId, t.groupId)],
);

/** A member muted in a group: they read but cannot post, comment, vote or report until ends_at (null: until lifted). */
export const memberMutes = sqliteTable(
  "member_mutes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    mutedBy: text("muted_by").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    length: text("length", { enum: MUTE_LENGTHS }).notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at"),
    liftedAt: integer("lifted_at"),
    liftedBy: text("lifted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("member_mutes_group_user_idx").on(t.groupId, t.userId, t.liftedAt)],
);

export type ModerationCase = typeof moderationCases.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type ModerationDecisionRow = typeof moderationDecisions.$inferSelect;
export type MemberMute = typeof memberMutes.$inferSelect;
