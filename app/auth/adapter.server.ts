import { createHash } from "node:crypto";
import { generateIdFromEntropySize, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { preparedOnce } from "~/models/statements.server";
import type { Locale, OrgRole } from "../../db/schema";

// Lucia's storage, on statements prepared once per connection: a session is validated on every request, and
// the generic Drizzle adapter builds and prepares its queries each time (measured at several per cent of a
// page's CPU time). Same tables as before: sessions.expires_at is in seconds.

// sessions.id holds the SHA-256 (hex) of the session id, never the id itself: the id is the cookie's value, so a
// copy of the database would otherwise sign its reader in as everyone with a live session. The id has 125 bits
// of entropy, so an unkeyed hash is enough (and survives a change of SESSION_SECRET). Lucia keeps handling the
// id; this adapter hashes it on every way in. Sessions stored before are hashed once at start
// (hashLegacySessionIds, called by auth/maintenance.server.ts).

/** What sessions.id stores for a session id. */
export const sessionKey = (sessionId: string) => createHash("sha256").update(sessionId).digest("hex");
const HASHED = /^[0-9a-f]{64}$/;

type SessionRow = { id: string; userId: string; expiresAt: number };
type UserRow = { id: string; email: string; name: string; role: OrgRole; locale: Locale | null };

const statements = preparedOnce((c) => ({
  sessionAndUser: c.prepare<[string], SessionRow & { email: string; name: string; role: OrgRole; locale: Locale | null }>(
    `SELECT s.id, s.user_id AS userId, s.expires_at AS expiresAt, u.email, u.name, u.role, u.locale
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
  ),
  userSessions: c.prepare<[string], SessionRow>("SELECT id, user_id AS userId, expires_at AS expiresAt FROM sessions WHERE user_id = ?"),
  insert: c.prepare<[string, string, number]>("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)"),
  expire: c.prepare<[number, string]>("UPDATE sessions SET expires_at = ? WHERE id = ?"),
  delete: c.prepare<[string]>("DELETE FROM sessions WHERE id = ?"),
  deleteOne: c.prepare<[string, string]>("DELETE FROM sessions WHERE id = ? AND user_id = ?"),
  deleteForUser: c.prepare<[string]>("DELETE FROM sessions WHERE user_id = ?"),
  deleteExpired: c.prepare<[number]>("DELETE FROM sessions WHERE expires_at <= ?"),
  legacy: c.prepare<[], { id: string }>("SELECT id FROM sessions WHERE length(id) <> 64"),
  rekey: c.transaction((ids: string[]) => {
    const update = c.prepare<[string, string]>("UPDATE sessions SET id = ? WHERE id = ?");
    for (const id of ids) update.run(sessionKey(id), id);
  }),
}));

/** Sessions created before ids were hashed get their hashed key, so they keep working and the ids leave the table. */
export function hashLegacySessionIds(): number {
  const s = statements();
  const ids = s.legacy
    .all()
    .map((r) => r.id)
    .filter((id) => !HASHED.test(id));
  if (ids.length > 0) s.rekey.immediate(ids);
  return ids.length;
}

/** How long a session lives (Lucia extends one that is past half of it). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;

/**
 * Creates a session row synchronously, inside the caller's transaction (a sign-in or a password reset writes it
 * with the rest of its change). Returns the session id, the cookie's value; only its hash is stored. Lucia's own
 * createSession does the same, but awaits, which a command's transaction cannot.
 */
export function insertSession(userId: string, now = Date.now()): string {
  const sessionId = generateIdFromEntropySize(25);
  statements().insert.run(sessionKey(sessionId), userId, Math.floor((now + SESSION_TTL_MS) / 1000));
  return sessionId;
}

/** Ends one session of the account (signing out), inside the caller's transaction. */
export function deleteSessionOf(userId: string, sessionId: string): void {
  statements().deleteOne.run(sessionKey(sessionId), userId);
}

const toSession = (row: SessionRow): DatabaseSession => ({ id: row.id, userId: row.userId, expiresAt: new Date(row.expiresAt * 1000), attributes: {} });
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export const sessionAdapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = statements().sessionAndUser.get(sessionKey(sessionId));
    if (!row) return [null, null];
    const user: UserRow = { id: row.userId, email: row.email, name: row.name, role: row.role, locale: row.locale };
    const { id, ...attributes } = user;
    // Lucia goes on with the id it was given (to extend or end the session), not with the stored hash.
    return [toSession({ ...row, id: sessionId }), { id, attributes } satisfies DatabaseUser];
  },
  /** The ids here are the stored hashes (the ids themselves are not kept): list sessions with it, end them by user. */
  async getUserSessions(userId) {
    return statements().userSessions.all(userId).map(toSession);
  },
  async setSession(session) {
    statements().insert.run(sessionKey(session.id), session.userId, seconds(session.expiresAt));
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    statements().expire.run(seconds(expiresAt), sessionKey(sessionId));
  },
  async deleteSession(sessionId) {
    statements().delete.run(sessionKey(sessionId));
  },
  async deleteUserSessions(userId) {
    statements().deleteForUser.run(userId);
  },
  async deleteExpiredSessions() {
    statements().deleteExpired.run(Math.floor(Date.now() / 1000));
  },
};
