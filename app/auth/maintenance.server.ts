import { hashLegacySessionIds } from "~/auth/adapter.server";
import { env } from "~/env.server";
import { LINK_TOKEN_PLACEHOLDER, sealToken } from "~/email/link-secret.server";
import { preparedOnce } from "~/models/statements.server";
import { TOKEN_TTL_MS } from "~/models/password-token.server";

/**
 * Tables that would otherwise only grow: finished rate-limit windows, expired sessions, expired password
 * tokens, and the encrypted tokens of e-mails whose links have expired. Each table loses at most `limit` rows
 * per run (one short statement each, read from an index on the expiry), so a large backlog is worked off over
 * several runs instead of holding the write lock for long.
 */
export const PURGE_BATCH = 500;
export const MAINTENANCE_INTERVAL_MS = 60_000;

const stmt = preparedOnce((c) => ({
  rateLimits: c.prepare<[number, number]>("DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE expires_at <= ? LIMIT ?)"),
  sessions: c.prepare<[number, number]>("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ? LIMIT ?)"),
  passwordTokens: c.prepare<[number, number]>(
    "DELETE FROM password_tokens WHERE token_hash IN (SELECT token_hash FROM password_tokens WHERE expires_at <= ? LIMIT ?)",
  ),
  linkSecrets: c.prepare<[number, number]>(
    "UPDATE email_outbox SET link_secret = NULL WHERE id IN (SELECT id FROM email_outbox WHERE link_secret IS NOT NULL AND link_expires_at <= ? LIMIT ?)",
  ),
  legacy: c.prepare<
    [number, number, number],
    { id: number; kind: string; to_address: string; status: string; text_body: string; html_body: string; created_at: number }
  >(
    `SELECT id, kind, to_address, status, text_body, html_body, created_at FROM email_outbox INDEXED BY email_outbox_created_idx
     WHERE id > ? AND created_at > ? AND kind IN ('password-reset', 'account-setup', 'group-invitation') AND link_secret IS NULL AND instr(text_body, '${LINK_TOKEN_PLACEHOLDER}') = 0
     ORDER BY id LIMIT ?`,
  ),
  rewrite: c.prepare<[{ id: number; text: string; html: string; secret: string | null; expires: number | null }]>(
    "UPDATE email_outbox SET text_body = @text, html_body = @html, link_secret = @secret, link_expires_at = @expires WHERE id = @id",
  ),
}));

export type PurgeResult = { rateLimits: number; sessions: number; passwordTokens: number; linkSecrets: number };

export function purgeExpired({ now = Date.now(), limit = PURGE_BATCH }: { now?: number; limit?: number } = {}): PurgeResult {
  const s = stmt();
  return {
    rateLimits: s.rateLimits.run(now, limit).changes,
    sessions: s.sessions.run(Math.floor(now / 1000), limit).changes, // Lucia keeps seconds
    passwordTokens: s.passwordTokens.run(now, limit).changes,
    linkSecrets: s.linkSecrets.run(now, limit).changes,
  };
}

// The last link of a body is the app's: an invitation's personal message (the inviter's text) comes before it.
const LEGACY_LINK = /(?:\/reset-password\?token=|\/invite\/)([A-Za-z0-9_-]{43})/g;

/**
 * E-mails queued before links were kept out of bodies (migration 0008) hold their token in clear. Each gets
 * the placeholder instead; one still waiting or only logged keeps its token encrypted, as a new one would.
 * Only e-mails young enough for their link to work are read (from the created_at index): an older link is
 * dead already, and the scan at every start stays small. Returns how many rows were rewritten.
 */
export function sealLegacyLinks({ now = Date.now(), limit = PURGE_BATCH }: { now?: number; limit?: number } = {}): number {
  const s = stmt();
  const oldest = now - Math.max(env.INVITATION_TTL_DAYS * 86_400_000, TOKEN_TTL_MS.setup, TOKEN_TTL_MS.reset);
  let after = 0;
  let rewritten = 0;
  for (;;) {
    const rows = s.legacy.all(after, oldest, limit);
    if (rows.length === 0) return rewritten;
    for (const row of rows) {
      after = row.id;
      const token = [...row.text_body.matchAll(LEGACY_LINK)].at(-1)?.[1];
      if (!token) continue;
      const ttl =
        row.kind === "group-invitation" ? env.INVITATION_TTL_DAYS * 86_400_000 : row.kind === "password-reset" ? TOKEN_TTL_MS.reset : TOKEN_TTL_MS.setup;
      const keep = (row.status === "pending" || row.status === "logged") && row.created_at + ttl > now;
      s.rewrite.run({
        id: row.id,
        text: row.text_body.replaceAll(token, LINK_TOKEN_PLACEHOLDER),
        html: row.html_body.replaceAll(token, LINK_TOKEN_PLACEHOLDER),
        secret: keep ? sealToken(token, row.to_address) : null,
        expires: keep ? row.created_at + ttl : null,
      });
      rewritten++;
    }
  }
}

/** Seals old links and hashes old session ids once, then purges every interval; returns a stop function. */
export function startMaintenance(intervalMs = MAINTENANCE_INTERVAL_MS): () => void {
  const run = (first: boolean) => {
    try {
      if (first) {
        sealLegacyLinks();
        hashLegacySessionIds();
      }
      purgeExpired();
    } catch (error) {
      console.error("[maintenance] purge failed", error);
    }
  };
  run(true);
  const timer = setInterval(() => run(false), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
