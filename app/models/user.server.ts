import { and, asc, eq, ne, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { db, schema } from "~/db.server";
import type { EmailChoice, Locale, OrgRole } from "../../db/schema";
import { freeHandle, handleFor } from "~/utils/mentions";
import { recordAudit } from "./audit.server";
import { spendOpenPasswordTokens } from "./password-token.server";
import { sessionKey } from "~/auth/adapter.server";
import type { Conn } from "./types";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const newUserId = () => generateIdFromEntropySize(10);

export function findUserByEmail(email: string) {
  return (
    db()
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, normalizeEmail(email)))
      .get() ?? null
  );
}

export function findUserById(id: string) {
  return db().select().from(schema.users).where(eq(schema.users.id, id)).get() ?? null;
}

export type NewUser = { email: string; name: string; role: OrgRole; locale: Locale | null; passwordHash?: string | null };

/** A handle nobody has yet, from the name (see freeHandle). Inside the caller's transaction. */
export function uniqueHandle(conn: Conn, name: string): string {
  const base = handleFor(name);
  const pattern = `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
  const taken = new Set(
    conn
      .select({ handle: schema.users.handle })
      .from(schema.users)
      .where(sql`${schema.users.handle} = ${base} OR ${schema.users.handle} LIKE ${pattern} ESCAPE '\\'`)
      .all()
      .map((r) => r.handle),
  );
  return freeHandle(name, (h) => taken.has(h));
}

/** Inserts an account inside the caller's transaction. Returns null when the email is taken. */
export function insertUser(conn: Conn, input: NewUser) {
  return (
    conn
      .insert(schema.users)
      .values({
        id: newUserId(),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        handle: uniqueHandle(conn, input.name.trim()),
        role: input.role,
        locale: input.locale,
        passwordHash: input.passwordHash ?? null,
      })
      .onConflictDoNothing({ target: schema.users.email })
      .returning()
      .get() ?? null
  );
}

export function updateProfile({ userId, name, locale }: { userId: string; name: string; locale: Locale | null }): void {
  db().update(schema.users).set({ name: name.trim(), locale, updatedAt: Date.now() }).where(eq(schema.users.id, userId)).run();
}

/**
 * Stores a new password (hashed before, outside the transaction), ends every other session of the account and
 * spends its open reset and setup links: a link mailed before the change must not set a password after it.
 * Inside the caller's transaction (the changePassword command's).
 */
export function storeNewPassword(conn: Conn, input: { userId: string; keepSessionId: string; passwordHash: string; now: number }): void {
  conn.update(schema.users).set({ passwordHash: input.passwordHash, updatedAt: input.now }).where(eq(schema.users.id, input.userId)).run();
  conn
    .delete(schema.sessions)
    .where(and(eq(schema.sessions.userId, input.userId), ne(schema.sessions.id, sessionKey(input.keepSessionId))))
    .run();
  spendOpenPasswordTokens(conn, input.userId, input.now);
}

/** Verifies the current password and stores the new one (scripts and tests; the account page runs the command). */
export async function changePassword(input: {
  userId: string;
  sessionId: string;
  current: string;
  next: string;
}): Promise<{ ok: true } | { ok: false; error: "wrongCurrent" }> {
  const user = findUserById(input.userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) return { ok: false, error: "wrongCurrent" };
  const passwordHash = await hashPassword(input.next);
  db().transaction((tx) => storeNewPassword(tx, { userId: input.userId, keepSessionId: input.sessionId, passwordHash, now: Date.now() }), {
    behavior: "immediate",
  });
  return { ok: true };
}

export const USERS_PAGE_SIZE = 50;

export function listUsers({ q, page }: { q: string; page: number }) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // LIKE with an escape character needs the ESCAPE clause; drizzle's like() has none, so the filter is raw SQL.
  const filter = q ? sql`(${schema.users.name} LIKE ${pattern} ESCAPE '\\' OR ${schema.users.email} LIKE ${pattern} ESCAPE '\\')` : undefined;
  const rows = db()
    .select({
      id: schema.users.id,
      name: schema.users.name,
      email: schema.users.email,
      role: schema.users.role,
      createdAt: schema.users.createdAt,
      hasPassword: sql<number>`${schema.users.passwordHash} IS NOT NULL`,
    })
    .from(schema.users)
    .where(filter)
    .orderBy(asc(schema.users.name), asc(schema.users.id))
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE)
    .all();
  const total =
    db()
      .select({ n: sql<number>`count(*)` })
      .from(schema.users)
      .where(filter)
      .get()?.n ?? 0;
  return { rows: rows.map((r) => ({ ...r, hasPassword: Boolean(r.hasPassword) })), total, pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
}

export function setUserRole({
  actorId,
  userId,
  role,
}: {
  actorId: string;
  userId: string;
  role: OrgRole;
}): { ok: true; name: string } | { ok: false; error: "ownRole" | "lastAdmin" | "notFound" } {
  if (actorId === userId) return { ok: false, error: "ownRole" };
  return db().transaction(
    (tx) => {
      const target = tx.select().from(schema.users).where(eq(schema.users.id, userId)).get();
      if (!target) return { ok: false as const, error: "notFound" as const };
      if (target.role === "admin" && role !== "admin") {
        const admins =
          tx
            .select({ n: sql<number>`count(*)` })
            .from(schema.users)
            .where(eq(schema.users.role, "admin"))
            .get()?.n ?? 0;
        if (admins <= 1) return { ok: false as const, error: "lastAdmin" as const };
      }
      tx.update(schema.users).set({ role, updatedAt: Date.now() }).where(eq(schema.users.id, userId)).run();
      recordAudit(tx, { actorId, action: "user.role", targetType: "user", targetId: userId, details: { from: target.role, to: role, email: target.email } });
      return { ok: true as const, name: target.name };
    },
    { behavior: "immediate" },
  );
}

export function countUsers(): number {
  return (
    db()
      .select({ n: sql<number>`count(*)` })
      .from(schema.users)
      .get()?.n ?? 0
  );
}

export function setUserLocale({ userId, locale }: { userId: string; locale: Locale }): void {
  db().update(schema.users).set({ locale, updatedAt: Date.now() }).where(eq(schema.users.id, userId)).run();
}

export type EmailPreferences = { status: EmailChoice; replies: EmailChoice; mentions: EmailChoice; comments: EmailChoice };

export function getEmailPreferences(userId: string): EmailPreferences {
  const row = db()
    .select({
      status: schema.users.emailStatus,
      replies: schema.users.emailReplies,
      mentions: schema.users.emailMentions,
      comments: schema.users.emailComments,
    })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  return row ?? { status: "immediately", replies: "immediately", mentions: "immediately", comments: "off" };
}

/** Sets any of the four choices (the account page sets all, an unsubscribe link one). */
export function setEmailPreferences({ userId, preferences }: { userId: string; preferences: Partial<EmailPreferences> }): void {
  const columns = {
    emailStatus: preferences.status,
    emailReplies: preferences.replies,
    emailMentions: preferences.mentions,
    emailComments: preferences.comments,
  };
  const set = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  db()
    .update(schema.users)
    .set({ ...set, updatedAt: Date.now() })
    .where(eq(schema.users.id, userId))
    .run();
}
