import crypto from "node:crypto";
import { env } from "~/env.server";
import { hashToken } from "~/security.server";

/** The kinds of notification e-mail a person can turn off one by one (users.email_<kind>). */
export const EMAIL_KINDS = ["status", "replies", "mentions", "comments"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** A token that proves the link came from us for this person and kind: no sign-in needed to unsubscribe. */
export function unsubscribeToken(userId: string, kind: EmailKind): string {
  return hashToken(`unsubscribe:${userId}:${kind}`, env.SESSION_SECRET).slice(0, 32);
}

export function isValidUnsubscribeToken(userId: string, kind: EmailKind, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(userId, kind));
  const given = Buffer.from(token);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function unsubscribeUrl(userId: string, kind: EmailKind): string {
  return `${env.APP_URL}/unsubscribe?${new URLSearchParams({ u: userId, k: kind, t: unsubscribeToken(userId, kind) })}`;
}

/** RFC 8058: mail clients show an unsubscribe button and POST "List-Unsubscribe=One-Click" to the URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
