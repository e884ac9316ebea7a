import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { db, schema } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { env } from "~/env.server";
import type { MessageKey } from "~/i18n/en";
import { isReadOnly } from "~/policy";
import { createToken, hashToken } from "~/security.server";
import type { Group, Locale } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { activateMembership } from "./membership.server";
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
/** One invitation to e-mail: the token exists only here, in memory, until it is sealed for the event. */
export type IssuedInvitation = { id: string; email: string; name: string | null; token: string; expiresAt: number };
export type InviteOutcome = { invited: IssuedInvitation[]; skipped: { email: string; reason: SkipReason }[]; placesLeft: number | null };

/** Neither accepted nor revoked (it may have expired: a resend renews it). */
const isOpen = () => and(isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt));
const isPending = (now: number) => and(isOpen(), gt(schema.invitations.expiresAt, now));

/**
 * Writes the invitations of one batch in the caller's transaction: people already in the group, already invited
 * or banned are skipped and reported. `placesLeft` is set when the new invitations would not fit the group's
 * capacity: the caller then refuses, and its rollback takes every row of the batch with it.
 */
export function insertInvitations(
  conn: Conn,
  {
    actorId,
    group,
    entries,
    message,
    now,
  }: { actorId: string; group: Pick<Group, "id" | "capacity">; entries: InviteEntry[]; message: string | null; now: number },
): InviteOutcome {
  const byEmail = new Map<string, InviteEntry>();
  for (const e of entries) if (!byEmail.has(normalizeEmail(e.email))) byEmail.set(normalizeEmail(e.email), { email: normalizeEmail(e.email), name: e.name });
  const emails = [...byEmail.keys()];
  // One query each for the whole batch (up to 200 addresses), not two per address: this runs in the write lock.
  const states = new Map(
    conn
      .select({ email: schema.users.email, state: schema.memberships.state })
      .from(schema.memberships)
      .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
      .where(and(eq(schema.memberships.groupId, group.id), inArray(schema.users.email, emails)))
      .all()
      .map((r) => [r.email, r.state]),
  );
  const pending = new Set(
    conn
      .select({ email: schema.invitations.email })
      .from(schema.invitations)
      .where(and(eq(schema.invitations.groupId, group.id), inArray(schema.invitations.email, emails), isPending(now)))
      .all()
      .map((r) => r.email),
  );
  const invited: IssuedInvitation[] = [];
  const skipped: { email: string; reason: SkipReason }[] = [];
  for (const entry of byEmail.values()) {
    const state = states.get(entry.email);
    if (state === "active" || state === "banned") skipped.push({ email: entry.email, reason: state === "active" ? "member" : "banned" });
    else if (pending.has(entry.email)) skipped.push({ email: entry.email, reason: "pending" });
    else invited.push({ id: generateIdFromEntropySize(10), email: entry.email, name: entry.name, token: createToken(), expiresAt: now + invitationTtlMs() });
  }
  if (invited.length === 0) return { invited, skipped, placesLeft: null };
  conn
    .insert(schema.invitations)
    .values(
      invited.map((i) => ({
        id: i.id,
        groupId: group.id,
        email: i.email,
        name: i.name,
        message,
        tokenHash: hash(i.token),
        invitedBy: actorId,
        expiresAt: i.expiresAt,
        lastSentAt: now,
        createdAt: now,
      })),
    )
    .run();
  conn
    .insert(schema.auditLog)
    .values(
      invited.map((i) => ({ actorId, action: "invitation.create", targetType: "invitation", targetId: i.id, groupId: group.id, details: { email: i.email } })),
    )
    .run();
  let placesLeft: number | null = null;
  if (group.capacity !== null) {
    const fresh = conn.select({ memberCount: schema.groups.memberCount }).from(schema.groups).where(eq(schema.groups.id, group.id)).get()!;
    const open = conn
      .select({ n: sql<number>`count(*)` })
      .from(schema.invitations)
      .where(and(eq(schema.invitations.groupId, group.id), isPending(now)))
      .get()!.n;
    if (fresh.memberCount + open > group.capacity) placesLeft = Math.max(0, group.capacity - fresh.memberCount - (open - invited.length));
  }
  return { invited, skipped, placesLeft };
}

export type RenewResult = { ok: true; invitation: IssuedInvitation; message: string | null } | { ok: false; error: "notFound" | "tooSoon" };

/** A fresh link (the old one stops working) and a new expiry, in the caller's transaction; the count of sends is kept. */
export function renewInvitation(
  conn: Conn,
  { actorId, groupId, invitationId, now }: { actorId: string; groupId: string; invitationId: string; now: number },
): RenewResult {
  const inv = conn
    .select()
    .from(schema.invitations)
    .where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.groupId, groupId), isOpen()))
    .get();
  if (!inv) return { ok: false, error: "notFound" };
  if (now - inv.lastSentAt < RESEND_INTERVAL_MS) return { ok: false, error: "tooSoon" };
  const token = createToken();
  const expiresAt = now + invitationTtlMs();
  conn
    .update(schema.invitations)
    .set({ tokenHash: hash(token), expiresAt, lastSentAt: now, sendCount: sql`${schema.invitations.sendCount} + 1` })
    .where(eq(schema.invitations.id, inv.id))
    .run();
  recordAudit(conn, { actorId, action: "invitation.resend", targetType: "invitation", targetId: inv.id, groupId, details: { email: inv.email } });
  return { ok: true, invitation: { id: inv.id, email: inv.email, name: inv.name, token, expiresAt }, message: inv.message };
}

/** Revokes an open invitation in the caller's transaction; null when there is none to revoke. */
export function revokeInvitationRow(
  conn: Conn,
  { actorId, groupId, invitationId, now }: { actorId: string; groupId: string; invitationId: string; now: number },
): { email: string } | null {
  const revoked = conn
    .update(schema.invitations)
    .set({ revokedAt: now })
    .where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.groupId, groupId), isOpen()))
    .returning({ email: schema.invitations.email })
    .get();
  if (!revoked) return null;
  recordAudit(conn, { actorId, action: "invitation.revoke", targetType: "invitation", targetId: invitationId, groupId, details: { email: revoked.email } });
  return revoked;
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
    .where(and(eq(schema.invitations.groupId, groupId), isOpen()))
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
  const state: InvitationState =
    invitation.acceptedAt !== null
      ? "used"
      : invitation.revokedAt !== null
        ? "revoked"
        : invitation.expiresAt <= now
          ? "expired"
          : isReadOnly(group, now)
            ? "closed"
            : "valid";
  return { invitation, group, state };
}

export type AcceptError = "invalid" | "expired" | "revoked" | "used" | "closed" | "wrongAccount" | "accountExists" | "banned" | "full";
export type Accepted = { userId: string; groupId: string; groupSlug: string; name: string; newAccount: boolean };

/**
 * The status of the invitation page for each problem: a spent, revoked or expired link is gone (410), which the
 * domain's codes do not say; the page explains each one.
 */
export const ACCEPT_PROBLEM_STATUS: Record<AcceptError, number> = {
  invalid: 404,
  expired: 410,
  revoked: 410,
  used: 410,
  closed: 410,
  wrongAccount: 403,
  accountExists: 409,
  banned: 403,
  full: 409,
};

/** A refusal of the link, with the problem the invitation page shows (detail.problem). */
export const refuseInvitation = (problem: AcceptError): DomainError =>
  new DomainError(
    problem === "invalid"
      ? "not_found"
      : problem === "wrongAccount" || problem === "banned"
        ? "forbidden"
        : problem === "accountExists" || problem === "full"
          ? "conflict"
          : "closed",
    {
      message: `invite.problem.${problem}.title` as MessageKey,
      detail: { problem },
    },
  );

/** The problem a refusal of acceptInvitation stands for. */
export const problemOf = (error: DomainError): AcceptError => (error.detail?.problem as AcceptError | undefined) ?? "invalid";

/**
 * Spends the invitation and makes the membership, in the caller's (immediate) transaction: of any number of
 * parallel redemptions exactly one succeeds. `account` is either the signed-in user (whose email must match) or a
 * new account to create for the invited address. Refuses with a DomainError (problemOf tells which).
 */
export function acceptInvitation(
  conn: Conn,
  {
    token,
    account,
    now,
  }: { token: string; account: { userId: string; email: string } | { create: { name: string; passwordHash: string; locale: Locale | null } }; now: number },
): Accepted {
  const found = conn
    .select({ invitation: schema.invitations, group: schema.groups })
    .from(schema.invitations)
    .innerJoin(schema.groups, eq(schema.groups.id, schema.invitations.groupId))
    .where(eq(schema.invitations.tokenHash, hash(token)))
    .get();
  if (!found) throw refuseInvitation("invalid");
  const { invitation, group } = found;
  if ("email" in account && normalizeEmail(account.email) !== invitation.email) throw refuseInvitation("wrongAccount");
  const spent = conn
    .update(schema.invitations)
    .set({ acceptedAt: now })
    .where(and(eq(schema.invitations.id, invitation.id), isPending(now)))
    .returning({ id: schema.invitations.id })
    .get();
  if (!spent) throw refuseInvitation(invitation.acceptedAt !== null ? "used" : invitation.revokedAt !== null ? "revoked" : "expired");
  if (isReadOnly(group, now)) throw refuseInvitation("closed");
  let userId: string;
  let name: string;
  if ("create" in account) {
    const created = insertUser(conn, {
      email: invitation.email,
      name: account.create.name,
      role: "member",
      locale: account.create.locale,
      passwordHash: account.create.passwordHash,
    });
    if (!created) throw refuseInvitation("accountExists");
    userId = created.id;
    name = account.create.name;
  } else {
    userId = account.userId;
    name = conn.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId)).get()?.name ?? "";
  }
  const joined = activateMembership(conn, { groupId: group.id, userId, decidedBy: invitation.invitedBy, now });
  if (!joined.ok && joined.error !== "alreadyMember") throw refuseInvitation(joined.error);
  conn.update(schema.invitations).set({ acceptedBy: userId }).where(eq(schema.invitations.id, invitation.id)).run();
  recordAudit(conn, {
    actorId: userId,
    action: "invitation.accept",
    targetType: "invitation",
    targetId: invitation.id,
    groupId: group.id,
    details: { email: invitation.email, newAccount: "create" in account },
  });
  return { userId, groupId: group.id, groupSlug: group.slug, name, newAccount: "create" in account };
}
