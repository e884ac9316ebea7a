import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import { preparedOnce } from "~/models/statements.server";
import type { Locale, OrgRole } from "../../db/schema";

// Lucia's storage, on statements prepared once per connection: a session is validated on every request, and
// the generic Drizzle adapter builds and prepares its queries each time (measured at several per cent of a
// page's CPU time). Same tables and shapes as before: sessions.expires_at is in seconds.

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
  deleteForUser: c.prepare<[string]>("DELETE FROM sessions WHERE user_id = ?"),
  deleteExpired: c.prepare<[number]>("DELETE FROM sessions WHERE expires_at <= ?"),
}));

const toSession = (row: SessionRow): DatabaseSession => ({ id: row.id, userId: row.userId, expiresAt: new Date(row.expiresAt * 1000), attributes: {} });
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export const sessionAdapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = statements().sessionAndUser.get(sessionId);
    if (!row) return [null, null];
    const user: UserRow = { id: row.userId, email: row.email, name: row.name, role: row.role, locale: row.locale };
    const { id, ...attributes } = user;
    return [toSession(row), { id, attributes } satisfies DatabaseUser];
  },
  async getUserSessions(userId) {
    return statements().userSessions.all(userId).map(toSession);
  },
  async setSession(session) {
    statements().insert.run(session.id, session.userId, seconds(session.expiresAt));
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    statements().expire.run(seconds(expiresAt), sessionId);
  },
  async deleteSession(sessionId) {
    statements().delete.run(sessionId);
  },
  async deleteUserSessions(userId) {
    statements().deleteForUser.run(userId);
  },
  async deleteExpiredSessions() {
    statements().deleteExpired.run(Math.floor(Date.now() / 1000));
  },
};
