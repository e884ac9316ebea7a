import { and, eq, gt, isNull } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { accountSetupEmail, passwordResetEmail } from "~/email/templates.server";
import { LINK_TOKEN_PLACEHOLDER } from "~/email/link-secret.server";
import { enqueueEmail } from "~/email/outbox.server";
import { env } from "~/env.server";
import { createToken, hashToken } from "~/security.server";
import type { TokenPurpose } from "../../db/schema";
import { getOrgSettings } from "./org.server";
import type { Conn } from "./types";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = { reset: 60 * 60_000, setup: 7 * 24 * 60 * 60_000 };

const hash = (token: string) => hashToken(token, env.SESSION_SECRET);

export function passwordLink(token: string): string {
  return `${env.APP_URL}/reset-password?${new URLSearchParams({ token })}`;
}

/** Creates a single-use token and returns it; only its HMAC is stored. */
export function issuePasswordToken(conn: Conn, input: { userId: string; purpose: TokenPurpose; now?: number }): string {
  return issue(conn, input).token;
}

function issue(conn: Conn, input: { userId: string; purpose: TokenPurpose; now?: number }): { token: string; expiresAt: number } {
  const token = createToken();
  const now = input.now ?? Date.now();
  const expiresAt = now + TOKEN_TTL_MS[input.purpose];
  conn
    .insert(schema.passwordTokens)
    .values({ tokenHash: hash(token), userId: input.userId, purpose: input.purpose, expiresAt, createdAt: now })
    .run();
  return { token, expiresAt };
}

/** Every open reset and setup link of the account stops working (a password was just set or changed). */
export function spendOpenPasswordTokens(conn: Conn, userId: string, now = Date.now()): void {
  conn
    .update(schema.passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(schema.passwordTokens.userId, userId), isNull(schema.passwordTokens.usedAt)))
    .run();
}

/** Queues the setup email for a new account, inside the caller's transaction. */
export function sendSetupEmail(conn: Conn, user: { id: string; email: string; name: string; locale: "fi" | "en" | null }): void {
  const org = getOrgSettings();
  const link = issue(conn, { userId: user.id, purpose: "setup" });
  enqueueEmail(conn, {
    kind: "account-setup",
    to: user.email,
    email: accountSetupEmail({ locale: user.locale ?? org.defaultLocale, org: org.name, name: user.name, url: passwordLink(LINK_TOKEN_PLACEHOLDER) }),
    link,
  });
}

/**
 * Queues a reset link for the address, inside the caller's transaction (the requestPasswordReset command's).
 * Same outcome for known and unknown addresses: the caller always shows the same message.
 */
export function queuePasswordReset(conn: Conn, { email, now = Date.now() }: { email: string; now?: number }): void {
  const user = conn.select().from(schema.users).where(eq(schema.users.email, email.trim().toLowerCase())).get();
  if (!user) return;
  const org = getOrgSettings();
  const link = issue(conn, { userId: user.id, purpose: "reset", now });
  enqueueEmail(conn, {
    kind: "password-reset",
    to: user.email,
    email: passwordResetEmail({ locale: user.locale ?? org.defaultLocale, org: org.name, name: user.name, url: passwordLink(LINK_TOKEN_PLACEHOLDER) }),
    link,
  });
}

export function findValidPasswordToken(token: string, now = Date.now()) {
  return (
    db()
      .select({ purpose: schema.passwordTokens.purpose, userId: schema.users.id, email: schema.users.email, name: schema.users.name })
      .from(schema.passwordTokens)
      .innerJoin(schema.users, eq(schema.users.id, schema.passwordTokens.userId))
      .where(and(eq(schema.passwordTokens.tokenHash, hash(token)), isNull(schema.passwordTokens.usedAt), gt(schema.passwordTokens.expiresAt, now)))
      .get() ?? null
  );
}

/**
 * Sets the password and spends the token in one immediate transaction: of two parallel redemptions exactly one
 * wins. Every session and every other open token of the account ends with it.
 */
export function redeemPasswordToken({
  token,
  passwordHash,
  now = Date.now(),
}: {
  token: string;
  passwordHash: string;
  now?: number;
}): { userId: string } | null {
  return db().transaction(
    (tx) => {
      const spent = tx
        .update(schema.passwordTokens)
        .set({ usedAt: now })
        .where(and(eq(schema.passwordTokens.tokenHash, hash(token)), isNull(schema.passwordTokens.usedAt), gt(schema.passwordTokens.expiresAt, now)))
        .returning({ userId: schema.passwordTokens.userId })
        .get();
      if (!spent) return null;
      tx.update(schema.users).set({ passwordHash, updatedAt: now }).where(eq(schema.users.id, spent.userId)).run();
      spendOpenPasswordTokens(tx, spent.userId, now);
      tx.delete(schema.sessions).where(eq(schema.sessions.userId, spent.userId)).run();
      return spent;
    },
    { behavior: "immediate" },
  );
}
