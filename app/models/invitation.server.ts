import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { db, schema } from "~/db.server";
import { invitationEmail } from "~/email/templates.server";
import { LINK_TOKEN_PLACEHOLDER } from "~/email/link-secret.server";
import { enqueueEmail } from "~/email/outbox.server";
import { env } from "~/env.server";
import { isReadOnly } from "~/policy";
import { createToken, hashToken } from "~/security.server";
import type { Group, Locale } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { Actor } from "./membership.server";
import { activateMembership } from "./membership.server";
import { getOrgSettings } from "./org.server";
import type { Conn } from "./types";
import { insertUser, normalizeEmail } from "./user.server";

const DAY = 24 * 60 * 60_000;
export const invitationTtlMs = () => env.INVITATION_TTL_DAYS * DAY;
/** A moderator cannot resend the same invitation more often than this. */
export const RESEND_INTERVAL_MS = 60_000;

const hash = (token: string) => hashToken(`invitation:${token}`, env.SESSION_SECRET);
export const invitationLink = (token: string) => `${env.APP_URL}/invite/${token}`;

export type InviteEntry = { email: string; name: string | null };
export type SkipReason = "member" | "pending" | "banned";
export type InviteResult = { ok: true; invited: string[]; skipped: { email: string; reason: SkipReason }[] } | { ok: false; error: "capacity"; placesLeft: number } | { ok: false; error: "closed" };

class Abort extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const isPending = (now: number) => and(isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt), gt(schema.invitations.expiresAt, now));

function sendInvitation(conn: Conn, input: { group: Group; inviterName: string; email: string; name: string | null; message: string | null; token: string; expiresAt: number }) {
  const org = getOrgSettings();
  const existing = conn.select({ name: schema.users.name, locale: schema.users.locale }).from(schema.users).where(eq(schema.users.email, input.email)).get();
  enqueueEmail(conn, {
    kind: "group-invitation",
    to: input.email,
    email: invitationEmail({
      locale: existing?.locale ?? org.defaultLocale,
      org: org.name,
      name: existing?.name ?? input.name ?? null,
      inviter: input.inviterName,
      group: input.group.name,
      message: input.message,
      url: invitationLink(LINK_TOKEN_PLACEHOLDER),
      expiresAt: input.expiresAt,
      timeZone: org.timeZone,
    }),
    link: { token: input.token, expiresAt: input.expiresAt },
  });
}

/**
 * Invites every address at once or none: people already in the group, already invited or banned are skipped
 * and reported; if the new invitations would not fit the group's capacity, nothing is sent.
 */
export function inviteMembers({ actor, group, entries, message, now = Date.now() }: { actor: Actor & { name: string }; group: Group; entries: InviteEntry[]; message: string | null; now?: number }): InviteResult {
  if (isReadOnly(group, now)) return { ok: false, error: "closed" };
  const byEmail = new Map<string, InviteEntry>();
  for (const e of entries) if (!byEmail.has(normalizeEmail(e.email))) byEmail.set(normalizeEmail(e.email), { email: normalizeEmail(e.email), name: e.name });
  try {
    return db().transaction(
      (tx): InviteResult => {
        const invited: string[] = [];
        const skipped: { email: string; reason: SkipReason }[] = [];
        for (const entry of byEmail.values()) {
          const member = tx
            .select({ state: schema.memberships.state })
            .from(schema.memberships)
            .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
            .where(and(eq(schema.memberships.groupId, group.id), eq(schema.users.email, entry.email)))
            .get();
          if (member?.state === "active" || member?.state === "banned") {
            skipped.push({ email: entry.email, reason: member.state === "active" ? "member" : "banned" });
            continue;
          }
          const pending = tx.select({ id: schema.invitations.id }).from(schema.invitations).where(and(eq(schema.invitations.groupId, group.id), eq(schema.invitations.email, entry.email), isPending(now))).get();
          if (pending) {
            skipped.push({ email: entry.email, reason: "pending" });
            continue;
          }
          const token = createToken();
          const expiresAt = now + invitationTtlMs();
          const id = generateIdFromEntropySize(10);
          tx.insert(schema.invitations)
            .values({ id, groupId: group.id, email: entry.email, name: entry.name, message, tokenHash: hash(token), invitedBy: actor.id, expiresAt, lastSentAt: now, createdAt: now })
            .run();
          sendInvitation(tx, { group, inviterName: actor.name, email: entry.email, name: entry.name, message, token, expiresAt });
          recordAudit(tx, { actorId: actor.id, action: "invitation.create", targetType: "invitation", targetId: id, groupId: group.id, details: { email: entry.email } });
          invited.push(entry.email);
        }
        if (group.capacity !== null && invited.length > 0) {
          const fresh = tx.select({ memberCount: schema.groups.memberCount }).from(schema.groups).where(eq(schema.groups.id, group.id)).get()!;
          const open = tx.select({ n: sql<number>`count(*)` }).from(schema.invitations).where(and(eq(schema.invitations.groupId, group.id), isPending(now))).get()!.n;
          if (fresh.memberCount + open > group.capacity) {
            throw new Abort(`capacity:${Math.max(0, group.capacity - fresh.memberCount - (open - invited.length))}`);
          }
        }
        return { ok: true, invited, skipped };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof Abort && error.reason.startsWith("capacity:")) return { ok: false, error: "capacity", placesLeft: Number(error.reason.slice(9)) };
    throw error;
  }
}

/** A fresh link (the old one stops working) and a new expiry; the count of sends is kept. */
export function resendInvitation({ actor, group, invitationId, now = Date.now() }: { actor: Actor & { name: string }; group: Group; invitationId: string; now?: number }): { ok: true; email: string } | { ok: false; error: "notFound" | "tooSoon" | "closed" } {
  if (isReadOnly(group, now)) return { ok: false, error: "closed" };
  return db().transaction(
    (tx) => {
      const inv = tx.select().from(schema.invitations).where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.groupId, group.id), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt))).get();
      if (!inv) return { ok: false as const, error: "notFound" as const };
      if (now - inv.lastSentAt < RESEND_INTERVAL_MS) return { ok: false as const, error: "tooSoon" as const };
      const token = createToken();
      const expiresAt = now + invitationTtlMs();
      tx.update(schema.invitations)
        .set({ tokenHash: hash(token), expiresAt, lastSentAt: now, sendCount: sql`${schema.invitations.sendCount} + 1` })
        .where(eq(schema.invitations.id, inv.id))
        .run();
      sendInvitation(tx, { group, inviterName: actor.name, email: inv.email, name: inv.name, message: inv.message, token, expiresAt });
      recordAudit(tx, { actorId: actor.id, action: "invitation.resend", targetType: "invitation", targetId: inv.id, groupId: group.id, details: { email: inv.email } });
      return { ok: true as const, email: inv.email };
    },
    { behavior: "immediate" },
  );
}

export function revokeInvitation({ actor, group, invitationId }: { actor: Actor; group: Group; invitationId: string }): { ok: true; email: string } | { ok: false; error: "notFound" } {
  return db().transaction(
    (tx) => {
      const revoked = tx
        .update(schema.invitations)
        .set({ revokedAt: Date.now() })
        .where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.groupId, group.id), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
        .returning({ email: schema.invitations.email })
        .get();
      if (!revoked) return { ok: false as const, error: "notFound" as const };
      recordAudit(tx, { actorId: actor.id, action: "invitation.revoke", targetType: "invitation", targetId: invitationId, groupId: group.id, details: { email: revoked.email } });
      return { ok: true as const, email: revoked.email };
    },
    { behavior: "immediate" },
  );
}

/** Invitations nobody has answered yet (expired ones included, so they can be resent), newest first. */
export function listOpenInvitations(groupId: string) {
  return db()
    .select({
      id: schema.invitations.id,
      email: schema.invitations.email,
      name: schema.invitations.name,
      expiresAt: schema.invitations.expiresAt,
      sendCount: schema.invitations.sendCount,
      lastSentAt: schema.invitations.lastSentAt,
      createdAt: schema.invitations.createdAt,
      inviterName: schema.users.name,
    })
    .from(schema.invitations)
    .leftJoin(schema.users, eq(schema.users.id, schema.invitations.invitedBy))
    .where(and(eq(schema.invitations.groupId, groupId), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
    .orderBy(desc(schema.invitations.lastSentAt))
    .all();
}

export type InvitationState = "valid" | "expired" | "revoked" | "used" | "closed";

/** What the link's page needs to say: the invitation, its group, and whether it can still be used. */
export function findInvitation(token: string, now = Date.now()) {
  const row = db()
    .select({ invitation: schema.invitations, group: schema.groups })
    .from(schema.invitations)
    .innerJoin(schema.groups, eq(schema.groups.id, schema.invitations.groupId))
    .where(eq(schema.invitations.tokenHash, hash(token)))
    .get();
  if (!row) return null;
  const { invitation, group } = row;
  const state: InvitationState = invitation.acceptedAt !== null ? "used" : invitation.revokedAt !== null ? "revoked" : invitation.expiresAt <= now ? "expired" : isReadOnly(group, now) ? "closed" : "valid";
  return { invitation, group, state };
}

export type AcceptError = "invalid" | "expired" | "revoked" | "used" | "closed" | "wrongAccount" | "accountExists" | "banned" | "full";
export type AcceptResult = { ok: true; userId: string; groupSlug: string } | { ok: false; error: AcceptError };

/**
 * Spends the invitation and makes the membership in one immediate transaction: of any number of parallel
 * redemptions exactly one succeeds. `account` is either the signed-in user (whose email must match) or a new
 * account to create for the invited address.
 */
export function acceptInvitation({ token, account, now = Date.now() }: { token: string; account: { userId: string; email: string } | { create: { name: string; passwordHash: string; locale: Locale | null } }; now?: number }): AcceptResult {
  try {
    return db().transaction(
      (tx): AcceptResult => {
        const found = tx.select({ invitation: schema.invitations, group: schema.groups }).from(schema.invitations).innerJoin(schema.groups, eq(schema.groups.id, schema.invitations.groupId)).where(eq(schema.invitations.tokenHash, hash(token))).get();
        if (!found) throw new Abort("invalid");
        const { invitation, group } = found;
        if ("email" in account && normalizeEmail(account.email) !== invitation.email) throw new Abort("wrongAccount");
        const spent = tx
          .update(schema.invitations)
          .set({ acceptedAt: now })
          .where(and(eq(schema.invitations.id, invitation.id), isPending(now)))
          .returning({ id: schema.invitations.id })
          .get();
        if (!spent) throw new Abort(invitation.acceptedAt !== null ? "used" : invitation.revokedAt !== null ? "revoked" : "expired");
        if (isReadOnly(group, now)) throw new Abort("closed");
        let userId: string;
        if ("create" in account) {
          const created = insertUser(tx, { email: invitation.email, name: account.create.name, role: "member", locale: account.create.locale, passwordHash: account.create.passwordHash });
          if (!created) throw new Abort("accountExists");
          userId = created.id;
        } else {
          userId = account.userId;
        }
        const joined = activateMembership(tx, { groupId: group.id, userId, decidedBy: invitation.invitedBy, now });
        if (!joined.ok && joined.error !== "alreadyMember") throw new Abort(joined.error);
        tx.update(schema.invitations).set({ acceptedBy: userId }).where(eq(schema.invitations.id, invitation.id)).run();
        recordAudit(tx, { actorId: userId, action: "invitation.accept", targetType: "invitation", targetId: invitation.id, groupId: group.id, details: { email: invitation.email, newAccount: "create" in account } });
        return { ok: true, userId, groupSlug: group.slug };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof Abort) return { ok: false, error: error.reason as AcceptError };
    throw error;
  }
}
