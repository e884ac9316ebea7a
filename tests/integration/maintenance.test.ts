// Issue 11 item 16: rate-limit windows, sessions, password tokens and sealed outbox links that have expired are
// purged, a bounded number of rows per table per run; live rows stay.
import { describe, expect, it } from "vitest";
import { PURGE_BATCH, purgeExpired, startMaintenance } from "../../app/auth/maintenance.server";
import { RULES, checkRateLimit, hitRateLimit } from "../../app/auth/rate-limit.server";
import { db, schema } from "../../app/db.server";
import { issuePasswordToken, queuePasswordReset, TOKEN_TTL_MS } from "../../app/models/password-token.server";
import { rows, value } from "../support/db";
import { createUser, sessionCookie } from "../support/factories";

const HOUR = 60 * 60_000;

describe("maintenance purge", () => {
  it("removes expired rows of every table and keeps live ones", async () => {
    const now = Date.now();
    const user = await createUser({ email: "purge@example.test" });
    // Rate limits: one window ended an hour ago, one (a 15-minute rule hit 10 minutes ago) still running.
    hitRateLimit("test:old", RULES.comments, now - 2 * HOUR);
    hitRateLimit("test:live", RULES.loginFailures, now - 10 * 60_000);
    // Sessions: one past its expiry, one live.
    await sessionCookie(user.id);
    db()
      .insert(schema.sessions)
      .values({ id: "expired-session", userId: user.id, expiresAt: Math.floor(now / 1000) - 60 })
      .run();
    // Password tokens: one expired, one live.
    issuePasswordToken(db(), { userId: user.id, purpose: "reset", now: now - TOKEN_TTL_MS.reset - 1 });
    issuePasswordToken(db(), { userId: user.id, purpose: "reset", now });
    // Outbox: one sealed link that expired, one live.
    queuePasswordReset(db(), { email: user.email });
    queuePasswordReset(db(), { email: user.email });
    const [stale] = rows("SELECT id FROM email_outbox ORDER BY id LIMIT 1") as { id: number }[];
    db()
      .$client.prepare("UPDATE email_outbox SET link_expires_at = ? WHERE id = ?")
      .run(now - 1, stale.id);

    const result = purgeExpired({ now });
    expect(result).toEqual({ rateLimits: 1, sessions: 1, passwordTokens: 1, linkSecrets: 1 });
    expect(rows("SELECT key FROM rate_limits WHERE key LIKE 'test:%'")).toEqual([{ key: "test:live" }]);
    expect(checkRateLimit("test:live", { limit: 1, windowMs: RULES.loginFailures.windowMs }, now).blocked).toBe(true);
    expect(value("SELECT count(*) FROM sessions WHERE user_id = ?", user.id)).toBe(1);
    expect(value("SELECT count(*) FROM sessions WHERE id = 'expired-session'")).toBe(0);
    expect(value("SELECT count(*) FROM password_tokens WHERE user_id = ? AND expires_at > ?", user.id, now)).toBe(3); // the live one and the two mailed
    expect(value("SELECT count(*) FROM password_tokens WHERE user_id = ? AND expires_at <= ?", user.id, now)).toBe(0);
    expect(rows("SELECT id, link_secret IS NOT NULL AS sealed FROM email_outbox ORDER BY id")).toEqual([
      { id: stale.id, sealed: 0 },
      { id: stale.id + 1, sealed: 1 },
    ]);
    // The e-mail row itself stays (the outbox is the record of what was sent).
    expect(value("SELECT count(*) FROM email_outbox")).toBe(2);
    expect(purgeExpired({ now })).toEqual({ rateLimits: 0, sessions: 0, passwordTokens: 0, linkSecrets: 0 });
  });

  it("deletes at most the batch size per table per run", async () => {
    const now = Date.now();
    const user = await createUser({ email: "bulk@example.test" });
    const insertLimit = db().$client.prepare("INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?, ?, 1, ?)");
    const insertSession = db().$client.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)");
    const total = 2 * PURGE_BATCH + 200;
    db().$client.transaction(() => {
      for (let i = 0; i < total; i++) {
        insertLimit.run(`bulk:${i}`, now - 2 * HOUR, now - HOUR);
        insertSession.run(`bulk-session-${i}`, user.id, Math.floor(now / 1000) - 1);
      }
      insertLimit.run("bulk:live", now, now + HOUR);
    })();
    const runs: { rateLimits: number; sessions: number; ms: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const r = purgeExpired({ now });
      runs.push({ rateLimits: r.rateLimits, sessions: r.sessions, ms: performance.now() - started });
    }
    expect(runs.map((r) => [r.rateLimits, r.sessions])).toEqual([
      [PURGE_BATCH, PURGE_BATCH],
      [PURGE_BATCH, PURGE_BATCH],
      [200, 200],
      [0, 0],
    ]);
    expect(rows("SELECT key FROM rate_limits WHERE key LIKE 'bulk:%'")).toEqual([{ key: "bulk:live" }]);
    // A full run (500 rows from each of two tables) stays short: it holds the write lock meanwhile.
    expect(runs[0].ms).toBeLessThan(250);
    console.log(`[maintenance] purge runs (ms): ${runs.map((r) => r.ms.toFixed(1)).join(", ")}`);
  });

  it("records when each rate-limit window ends, for the purge", () => {
    const now = Date.now();
    hitRateLimit("window:a", RULES.loginFailures, now);
    hitRateLimit("window:a", RULES.loginFailures, now + 1000); // same window: the end does not move
    expect(value("SELECT expires_at FROM rate_limits WHERE key = 'window:a'")).toBe(now + RULES.loginFailures.windowMs);
    hitRateLimit("window:a", RULES.loginFailures, now + RULES.loginFailures.windowMs); // a new window
    expect(value("SELECT expires_at FROM rate_limits WHERE key = 'window:a'")).toBe(now + 2 * RULES.loginFailures.windowMs);
  });

  it("runs at start and then on its timer (started with the dispatcher)", async () => {
    hitRateLimit("timer:old", RULES.comments, Date.now() - 2 * HOUR);
    const stop = startMaintenance(50);
    try {
      expect(value("SELECT count(*) FROM rate_limits WHERE key = 'timer:old'")).toBe(0);
      hitRateLimit("timer:later", RULES.comments, Date.now() - 2 * HOUR);
      await new Promise((r) => setTimeout(r, 200));
      expect(value("SELECT count(*) FROM rate_limits WHERE key = 'timer:later'")).toBe(0);
    } finally {
      stop();
    }
  });
});
