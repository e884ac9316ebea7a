import { z } from "zod";
import { insertSession } from "~/auth/adapter.server";
import { dummyVerify, verifyPassword } from "~/auth/password.server";
import { RULES, clearRateLimit, forgiveRateLimit } from "~/auth/rate-limit.server";
import { defineCommand, execute, type CommandResult } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { findUserByEmail } from "~/models/user.server";
import { VISITOR } from "../visitor.server";
import { emailField, ipField, passwordHashField } from "../schemas";

// Per account: 10 attempts / 15 min stops guessing one password. Per IP: 50 / 15 min stops spraying many
// accounts, with room for an office behind one address.
const ipRule = { limit: 50, windowMs: RULES.loginFailures.windowMs };
const accountKey = (email: string) => `login:account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

/**
 * Signing in is two commands around the (slow, asynchronous) argon2 check, which cannot run inside a transaction:
 *
 * 1. countSignInAttempt counts the attempt against both limits before the password is checked, in one step with
 *    the check of the limits: with the count after the check, 100 parallel guesses all passed the limit before any
 *    was counted.
 * 2. The password is verified (unknown e-mails and accounts without a password take the same path and time as a
 *    wrong password, and get the same answer, so sign-in does not reveal which addresses have accounts).
 * 3. completeSignIn gets the stored hash the password was verified against (null when it was not) and, only if it
 *    is still the account's, takes the attempt back (the account's failures are forgotten, the IP's count loses
 *    this one attempt: only failures limit anyone) and writes the session row, in one transaction.
 */
export const countSignInAttempt = defineCommand({
  name: "auth.sign_in_attempt",
  input: z.object({ email: emailField, ip: ipField }).strict(),
  authorize: () => null,
  rateLimit: (_ctx, input) => [
    { key: accountKey(input.email), rule: RULES.loginFailures, message: "auth.login.rateLimited" },
    { key: ipKey(input.ip), rule: ipRule, message: "auth.login.rateLimited" },
  ],
  run: () => ({ counted: true as const }),
});

export const completeSignIn = defineCommand({
  name: "auth.sign_in",
  input: z.object({ email: emailField, ip: ipField, verifiedHash: passwordHashField.nullable() }).strict(),
  authorize(_ctx, input) {
    const user = findUserByEmail(input.email);
    if (!user || input.verifiedHash === null || user.passwordHash !== input.verifiedHash) throw fail.invalid({ message: "auth.login.invalid" });
    return user;
  },
  run(ctx, input, user) {
    clearRateLimit(accountKey(input.email));
    forgiveRateLimit(ipKey(input.ip));
    return { userId: user.id, sessionId: insertSession(user.id, ctx.now) };
  },
});

/** The whole sign-in: count, verify, complete. The session id is the cookie's value (see sessionCookieFor). */
export async function signIn(input: { email: string; password: string; ip: string }): Promise<CommandResult<{ userId: string; sessionId: string }>> {
  const counted = execute(countSignInAttempt, VISITOR, { email: input.email, ip: input.ip });
  if (!counted.ok) return counted;
  const user = findUserByEmail(input.email);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : await dummyVerify(input.password);
  const verifiedHash = valid && user?.passwordHash ? user.passwordHash : null;
  return execute(completeSignIn, VISITOR, { email: input.email, ip: input.ip, verifiedHash });
}
