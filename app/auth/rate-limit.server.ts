import { preparedOnce } from "~/models/statements.server";

export type RateLimitRule = { limit: number; windowMs: number };
export type RateLimitState = { blocked: boolean; retryAfterMs: number };

export const RULES = {
  loginFailures: { limit: 10, windowMs: 15 * 60_000 },
  passwordResetRequests: { limit: 5, windowMs: 60 * 60_000 },
  /** Each batch may hold up to 200 addresses, so this bounds one person at 6,000 invitation emails an hour. */
  inviteBatches: { limit: 30, windowMs: 60 * 60_000 },
  joinRequests: { limit: 10, windowMs: 60 * 60_000 },
  groupPosts: { limit: 30, windowMs: 60 * 60_000 },
  ideas: { limit: 20, windowMs: 60 * 60_000 },
  comments: { limit: 60, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimitRule>;

// Fixed windows in SQLite: survives restarts. expires_at (the end of the row's window) lets maintenance purge
// finished windows without knowing which rule a key belongs to.
const stmt = preparedOnce((c) => ({
  read: c.prepare<[string], { window_start: number; count: number }>("SELECT window_start, count FROM rate_limits WHERE key = ?"),
  hit: c.prepare<[{ key: string; now: number; window: number }]>(
    `INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (@key, @now, 1, @now + @window)
     ON CONFLICT(key) DO UPDATE SET
       count = CASE WHEN window_start <= @now - @window THEN 1 ELSE count + 1 END,
       window_start = CASE WHEN window_start <= @now - @window THEN @now ELSE window_start END,
       expires_at = CASE WHEN window_start <= @now - @window THEN @now ELSE window_start END + @window`,
  ),
  forgive: c.prepare<[string]>("UPDATE rate_limits SET count = count - 1 WHERE key = ? AND count > 0"),
  clear: c.prepare<[string]>("DELETE FROM rate_limits WHERE key = ?"),
  consume: c.transaction((limits: { key: string; rule: RateLimitRule }[], now: number): RateLimitState => {
    const state = worst(...limits.map((l) => checkRateLimit(l.key, l.rule, now)));
    if (!state.blocked) for (const l of limits) hitRateLimit(l.key, l.rule, now);
    return state;
  }),
}));

export function checkRateLimit(key: string, rule: RateLimitRule, now = Date.now()): RateLimitState {
  const row = stmt().read.get(key);
  if (!row || row.window_start <= now - rule.windowMs || row.count < rule.limit) return { blocked: false, retryAfterMs: 0 };
  return { blocked: true, retryAfterMs: row.window_start + rule.windowMs - now };
}

export function hitRateLimit(key: string, rule: RateLimitRule, now = Date.now()): void {
  stmt().hit.run({ key, now, window: rule.windowMs });
}

/** Counts one use and tells whether it was over the limit. */
export function consumeRateLimit(key: string, rule: RateLimitRule, now = Date.now()): RateLimitState {
  return consumeRateLimits([{ key, rule }], now);
}

/**
 * Checks every limit and, only when none is exhausted, counts one use against each, in one immediate
 * transaction: the check and the count cannot be separated by another request (or another process), and a
 * request refused by one limit writes nothing to the others.
 */
export function consumeRateLimits(limits: { key: string; rule: RateLimitRule }[], now = Date.now()): RateLimitState {
  return stmt().consume.immediate(limits, now);
}

/** Takes back one counted use (a sign-in that turned out to be right). */
export function forgiveRateLimit(key: string): void {
  stmt().forgive.run(key);
}

export function clearRateLimit(key: string): void {
  stmt().clear.run(key);
}

/** The larger wait of several limits that apply at once. */
export function worst(...states: RateLimitState[]): RateLimitState {
  return states.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a), { blocked: false, retryAfterMs: 0 });
}

/** Retry-After in whole seconds (RFC 9110), at least 1, for every 429. */
export function retryAfterHeaders(state: RateLimitState): Record<string, string> {
  return { "Retry-After": String(Math.max(1, Math.ceil(state.retryAfterMs / 1000))) };
}
