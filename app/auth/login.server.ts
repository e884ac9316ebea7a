import { findUserByEmail } from "~/models/user.server";
import { dummyVerify, verifyPassword } from "./password.server";
import { RULES, clearRateLimit, consumeRateLimits, forgiveRateLimit } from "./rate-limit.server";
import { createSessionCookie } from "./session.server";

export type SignInResult = { ok: true; cookie: string } | { ok: false; error: "invalid" } | { ok: false; error: "rateLimited"; retryAfterMs: number };

// Per account: 10 attempts / 15 min stops guessing one password. Per IP: 50 / 15 min stops spraying many
// accounts, with room for an office behind one address.
const ipRule = { limit: 50, windowMs: RULES.loginFailures.windowMs };

/**
 * Unknown emails and accounts without a password take the same path and time as a wrong password, and get the
 * same answer, so sign-in does not reveal which addresses have accounts.
 *
 * Every attempt is counted before its password is checked, in the same synchronous step as the check of the
 * limit: with the count after the (slow, asynchronous) argon2 check, 100 parallel guesses all passed the check
 * before any was counted. A correct password then takes its attempt back (the account's failures are
 * forgotten, the IP's count loses this one attempt), so only failures limit anyone.
 */
export async function signIn({ email, password, ip }: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const accountKey = `login:account:${email.trim().toLowerCase()}`;
  const ipKey = `login:ip:${ip}`;
  const limited = consumeRateLimits([
    { key: accountKey, rule: RULES.loginFailures },
    { key: ipKey, rule: ipRule },
  ]);
  if (limited.blocked) return { ok: false, error: "rateLimited", retryAfterMs: limited.retryAfterMs };

  const user = findUserByEmail(email);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await dummyVerify(password);
  if (!user || !valid) return { ok: false, error: "invalid" };
  clearRateLimit(accountKey);
  forgiveRateLimit(ipKey);
  return { ok: true, cookie: await createSessionCookie(user.id) };
}
