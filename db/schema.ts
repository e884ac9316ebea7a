import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are integers: milliseconds since the epoch, UTC. The one exception is
// sessions.expires_at, which Lucia's adapter reads as seconds.
const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const ORG_ROLES = ["admin", "staff", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const LOCALES = ["fi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(), // always stored lower-case
    name: text("name").notNull(),
    passwordHash: text("password_hash"), // null until the account's owner sets one
    role: text("role", { enum: ORG_ROLES }).notNull().default("member"),
    locale: text("locale", { enum: LOCALES }),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
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
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const TOKEN_PURPOSES = ["reset", "setup"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

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
  (t) => [index("password_tokens_user_idx").on(t.userId)],
);

export const OUTBOX_STATUSES = ["pending", "sent", "failed", "logged"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

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
  },
  (t) => [index("email_outbox_due_idx").on(t.status, t.nextAttemptAt), index("email_outbox_created_idx").on(t.createdAt)],
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
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

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
