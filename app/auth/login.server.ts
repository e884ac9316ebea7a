import { findUserByEmail } from "~/models/user.server";
import { dummyVerify, verifyPassword } from "./password.server";
import { RULES, checkRateLimit, clearRateLimit, hitRateLimit, worst } from "./rate-limit.server";
import { createSessionCookie } from "./session.server";

export type SignInResult = { ok: true; cookie: string } | { ok: false; error: "invalid" } | { ok: false; error: "rateLimited"; retryAfterMs: number };

// Per account: 10 failures / 15 min stops guessing one password. Per IP: 50 / 15 min stops spraying many
// accounts, with room for an office behind one address.
const ipRule = { limit: 50, windowMs: RULES.loginFailures.windowMs };

/**
 * Unknown emails and accounts without a password take the same path and time as a wrong password, and get the
 * same answer, so sign-in does not reveal which addresses have accounts.
 */
export async function signIn({ email, password, ip }: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const accountKey = `login:account:${email}`;
  const ipKey = `login:ip:${ip}`;
  const limited = worst(checkRateLimit(accountKey, RULES.loginFailures), checkRateLimit(ipKey, ipRule));
  if (limited.blocked) return { ok: false, error: "rateLimited", retryAfterMs: limited.retryAfterMs };

  const user = findUserByEmail(email);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await dummyVerify(password);
  if (!user || !valid) {
    hitRateLimit(accountKey, RULES.loginFailures);
    hitRateLimit(ipKey, ipRule);
    return { ok: false, error: "invalid" };
  }
  clearRateLimit(accountKey);
  return { ok: true, cookie: await createSessionCookie(user.id) };
}
