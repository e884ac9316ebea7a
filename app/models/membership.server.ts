import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { joinDecisionEmail } from "~/email/templates.server";
import { enqueueEmail } from "~/email/outbox.server";
import { env } from "~/env.server";
import { canActOnMember, type MemberActor } from "~/policy";
import type { Group, GroupRole, Membership, OrgRole } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { notify } from "./notification.server";
import { getOrgSettings } from "./org.server";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

export type Actor = { id: string; role: OrgRole };

// Read on every request inside a group: a statement prepared once.
const membershipStatement = preparedOnce((c) =>
  c.prepare<[string, string], Membership>(
    `SELECT group_id AS groupId, user_id AS userId, state, role, intro, request_answer AS requestAnswer, requested_at AS requestedAt, joined_at AS joinedAt,
       state_changed_at AS stateChangedAt, decided_by AS decidedBy, decision_message AS decisionMessage
     FROM memberships WHERE group_id = ? AND user_id = ?`,
  ),
);

export function findMembership(groupId: string, userId: string): Membership | null {
  return membershipStatement().get(groupId, userId) ?? null;
}

const membershipOf = (conn: Conn, groupId: string, userId: string) =>
  conn.select().from(schema.memberships).where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId))).get() ?? null;

const bumpCount = (conn: Conn, groupId: string, delta: 1 | -1) =>
  conn.update(schema.groups).set({ memberCount: sql`${schema.groups.memberCount} + ${delta}` }).where(eq(schema.groups.id, groupId)).run();

/**
 * Makes the user an active member inside the caller's immediate transaction. Capacity is checked against the
 * maintained counter read in the same transaction, so two parallel joins cannot both take the last place.
 */
export function activateMembership(conn: Conn, input: { groupId: string; userId: string; decidedBy?: string | null; now?: number }): { ok: true } | { ok: false; error: "full" | "banned" | "alreadyMember" } {
  const now = input.now ?? Date.now();
  const current = membershipOf(conn, input.groupId, input.userId);
  if (current?.state === "active") return { ok: false, error: "alreadyMember" };
  if (current?.state === "banned") return { ok: false, error: "banned" };
  const group = conn.select({ memberCount: schema.groups.memberCount, capacity: schema.groups.capacity }).from(schema.groups).where(eq(schema.groups.id, input.groupId)).get();
  if (!group) throw new Error(`group ${input.groupId} not found`);
  if (group.capacity !== null && group.memberCount >= group.capacity) return { ok: false, error: "full" };
  const values = { state: "active" as const, role: "member" as const, joinedAt: now, stateChangedAt: now, decidedBy: input.decidedBy ?? null, decisionMessage: null };
  conn
    .insert(schema.memberships)
    .values({ groupId: input.groupId, userId: input.userId, ...values })
    .onConflictDoUpdate({ target: [schema.memberships.groupId, schema.memberships.userId], set: values })
    .run();
  bumpCount(conn, input.groupId, 1);
  return { ok: true };
}

export type JoinResult = { ok: true; outcome: "joined" | "requested" } | { ok: false; error: "full" | "banned" | "alreadyMember" | "alreadyRequested" | "closed" };

/** Open groups take the member at once; request groups queue the request for the moderators. */
export function requestToJoin({ group, userId, answer }: { group: Group; userId: string; answer: string | null }): JoinResult {
  if (group.joinPolicy === "invite") return { ok: false, error: "closed" };
  return db().transaction(
    (tx): JoinResult => {
      const current = membershipOf(tx, group.id, userId);
      if (current?.state === "active") return { ok: false, error: "alreadyMember" };
      if (current?.state === "banned") return { ok: false, error: "banned" };
      if (current?.state === "requested") return { ok: false, error: "alreadyRequested" };
      if (group.joinPolicy === "open") {
        const joined = activateMembership(tx, { groupId: group.id, userId });
        return joined.ok ? { ok: true, outcome: "joined" } : { ok: false, error: joined.error === "alreadyMember" ? "alreadyMember" : joined.error };
      }
      const now = Date.now();
      const values = { state: "requested" as const, requestAnswer: answer, requestedAt: now, stateChangedAt: now, decidedBy: null, decisionMessage: null };
      tx.insert(schema.memberships)
        .values({ groupId: group.id, userId, ...values })
        .onConflictDoUpdate({ target: [schema.memberships.groupId, schema.memberships.userId], set: values })
        .run();
      const requester = tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId)).get();
      const moderators = tx
        .select({ userId: schema.memberships.userId })
        .from(schema.memberships)
        .where(and(eq(schema.memberships.groupId, group.id), eq(schema.memberships.state, "active"), eq(schema.memberships.role, "moderator")))
        .all();
      notify(tx, { userIds: moderators.map((m) => m.userId), kind: "joinRequested", groupId: group.id, data: { name: requester?.name ?? "" } });
      return { ok: true, outcome: "requested" };
    },
    { behavior: "immediate" },
  );
}

type Target = { userId: string; name: string; email: string; locale: "fi" | "en" | null; orgRole: OrgRole; state: Membership["state"]; role: GroupRole };

function loadTarget(conn: Conn, groupId: string, userId: string): Target | null {
  return (
    conn
      .select({ userId: schema.users.id, name: schema.users.name, email: schema.users.email, locale: schema.users.locale, orgRole: schema.users.role, state: schema.memberships.state, role: schema.memberships.role })
      .from(schema.memberships)
      .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId)))
      .get() ?? null
  );
}

/** The acting account's organisation role and its active group role (null when it is no active member). */
function loadActor(conn: Conn, groupId: string, userId: string): MemberActor | null {
  const row = conn
    .select({ orgRole: schema.users.role, state: schema.memberships.state, role: schema.memberships.role })
    .from(schema.users)
    .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, schema.users.id)))
    .where(eq(schema.users.id, userId))
    .get();
  return row ? { id: userId, orgRole: row.orgRole, groupRole: row.state === "active" ? row.role : null } : null;
}

export type ModerationError = "notFound" | "notAllowed" | "wrongState" | "full";
export type ModerationResult = { ok: true; name: string } | { ok: false; error: ModerationError };

/** Thrown inside a transaction to roll it back and report why. */
class Abort extends Error {
  constructor(readonly reason: ModerationError) {
    super(reason);
  }
}

/** Shared frame of every moderator action: load the target, check who may act, run, audit. One transaction. */
function moderate(
  input: { actor: Actor; group: Group; userId: string },
  allowedStates: Membership["state"][],
  run: (tx: Conn, target: Target, now: number) => { action: string; details?: Record<string, unknown> },
): ModerationResult {
  try {
    return db().transaction(
      (tx): ModerationResult => {
        const target = loadTarget(tx, input.group.id, input.userId);
        if (!target) throw new Abort("notFound");
        // Both sides as they are now, inside the write lock: a moderator demoted (or a target promoted) a moment
        // ago by someone else is judged by the new roles, not by what the page showed.
        const actor = loadActor(tx, input.group.id, input.actor.id);
        if (!actor || !canActOnMember(actor, { id: target.userId, orgRole: target.orgRole, groupRole: target.role })) throw new Abort("notAllowed");
        if (!allowedStates.includes(target.state)) throw new Abort("wrongState");
        const outcome = run(tx, target, Date.now());
        recordAudit(tx, { actorId: input.actor.id, action: outcome.action, targetType: "user", targetId: target.userId, groupId: input.group.id, details: { name: target.name, from: target.state, ...outcome.details } });
        return { ok: true, name: target.name };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof Abort) return { ok: false, error: error.reason };
    throw error;
  }
}

function tellRequester(tx: Conn, group: Group, target: Target, approved: boolean, message: string | null) {
  const org = getOrgSettings();
  enqueueEmail(tx, {
    kind: approved ? "join-approved" : "join-declined",
    to: target.email,
    email: joinDecisionEmail({ locale: target.locale ?? org.defaultLocale, org: org.name, name: target.name, group: group.name, approved, message, url: approved ? `${env.APP_URL}/g/${group.slug}` : `${env.APP_URL}/` }),
  });
  notify(tx, { userIds: [target.userId], kind: approved ? "joinApproved" : "joinDeclined", groupId: group.id, data: { message: message ?? "" } });
}

export function decideJoinRequest(input: { actor: Actor; group: Group; userId: string; approve: boolean; message: string | null }): ModerationResult {
  return moderate(input, ["requested"], (tx, target, now) => {
    if (input.approve) {
      const activated = activateMembership(tx, { groupId: input.group.id, userId: target.userId, decidedBy: input.actor.id, now });
      if (!activated.ok) throw new Abort(activated.error === "full" ? "full" : "wrongState");
      if (input.message) tx.update(schema.memberships).set({ decisionMessage: input.message }).where(and(eq(schema.memberships.groupId, input.group.id), eq(schema.memberships.userId, target.userId))).run();
    } else {
      tx.update(schema.memberships)
        .set({ state: "declined", stateChangedAt: now, decidedBy: input.actor.id, decisionMessage: input.message })
        .where(and(eq(schema.memberships.groupId, input.group.id), eq(schema.memberships.userId, target.userId)))
        .run();
    }
    tellRequester(tx, input.group, target, input.approve, input.message);
    return { action: input.approve ? "membership.approve" : "membership.decline", details: { message: input.message } };
  });
}

export function setMemberRole(input: { actor: Actor; group: Group; userId: string; role: GroupRole }): ModerationResult {
  return moderate(input, ["active"], (tx, target) => {
    if (target.role === input.role) throw new Abort("wrongState");
    tx.update(schema.memberships).set({ role: input.role }).where(and(eq(schema.memberships.groupId, input.group.id), eq(schema.memberships.userId, target.userId))).run();
    notify(tx, { userIds: [target.userId], kind: "roleChanged", groupId: input.group.id, data: { role: input.role } });
    return { action: input.role === "moderator" ? "membership.promote" : "membership.demote", details: { from: target.role, to: input.role } };
  });
}

/** Removing ends the membership (the person may be invited again); banning also keeps them out for good. */
export function endMembership(input: { actor: Actor; group: Group; userId: string; ban: boolean; reason: string | null }): ModerationResult {
  const states: Membership["state"][] = input.ban ? ["active", "requested", "declined", "removed", "left"] : ["active"];
  return moderate(input, states, (tx, target, now) => {
    tx.update(schema.memberships)
      .set({ state: input.ban ? "banned" : "removed", role: "member", stateChangedAt: now, decidedBy: input.actor.id, decisionMessage: input.reason })
      .where(and(eq(schema.memberships.groupId, input.group.id), eq(schema.memberships.userId, target.userId)))
      .run();
    if (target.state === "active") bumpCount(tx, input.group.id, -1);
    if (input.ban) revokePendingInvitations(tx, input.group.id, target.email, now);
    if (target.state === "active") notify(tx, { userIds: [target.userId], kind: "removed", groupId: input.group.id, data: {} });
    return { action: input.ban ? "membership.ban" : "membership.remove", details: { reason: input.reason } };
  });
}

export function liftBan(input: { actor: Actor; group: Group; userId: string }): ModerationResult {
  return moderate(input, ["banned"], (tx, target, now) => {
    tx.update(schema.memberships)
      .set({ state: "removed", stateChangedAt: now, decidedBy: input.actor.id, decisionMessage: null })
      .where(and(eq(schema.memberships.groupId, input.group.id), eq(schema.memberships.userId, target.userId)))
      .run();
    return { action: "membership.unban" };
  });
}

function revokePendingInvitations(conn: Conn, groupId: string, email: string, now: number) {
  conn
    .update(schema.invitations)
    .set({ revokedAt: now })
    .where(and(eq(schema.invitations.groupId, groupId), eq(schema.invitations.email, email), sql`${schema.invitations.acceptedAt} IS NULL AND ${schema.invitations.revokedAt} IS NULL`))
    .run();
}

/** A member leaves on their own; they can be invited (or ask) again later. */
export function leaveGroup({ group, userId }: { group: Group; userId: string }): boolean {
  return db().transaction(
    (tx) => {
      const now = Date.now();
      const left = tx
        .update(schema.memberships)
        .set({ state: "left", role: "member", stateChangedAt: now })
        .where(and(eq(schema.memberships.groupId, group.id), eq(schema.memberships.userId, userId), eq(schema.memberships.state, "active")))
        .returning({ userId: schema.memberships.userId })
        .get();
      if (!left) return false;
      bumpCount(tx, group.id, -1);
      recordAudit(tx, { actorId: userId, action: "membership.leave", targetType: "user", targetId: userId, groupId: group.id });
      return true;
    },
    { behavior: "immediate" },
  );
}

export function updateIntro({ groupId, userId, intro }: { groupId: string; userId: string; intro: string }): void {
  db()
    .update(schema.memberships)
    .set({ intro })
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId), eq(schema.memberships.state, "active")))
    .run();
}

export const MEMBERS_PAGE_SIZE = 24;

const memberColumns = {
  userId: schema.users.id,
  name: schema.users.name,
  handle: schema.users.handle,
  orgRole: schema.users.role,
  role: schema.memberships.role,
  intro: schema.memberships.intro,
  joinedAt: schema.memberships.joinedAt,
};

/** The member directory without a query: active members, moderators first, then by name (a query: findMembers). */
export function listMembers({ groupId, page }: { groupId: string; page: number }) {
  const where = and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.state, "active"));
  const rows = db()
    .select(memberColumns)
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(where)
    .orderBy(desc(sql`${schema.memberships.role} = 'moderator'`), asc(schema.users.name), asc(schema.users.id))
    .limit(MEMBERS_PAGE_SIZE)
    .offset((page - 1) * MEMBERS_PAGE_SIZE)
    .all();
  const total = db().select({ n: sql<number>`count(*)` }).from(schema.memberships).where(where).get()?.n ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)) };
}

export function findMemberProfile(groupId: string, userId: string) {
  return (
    db()
      .select(memberColumns)
      .from(schema.memberships)
      .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId), eq(schema.memberships.state, "active")))
      .get() ?? null
  );
}

/** Pending join requests, oldest first, and people who are out of the group (for lifting bans). */
export function listForModeration(groupId: string) {
  const rows = db()
    .select({ ...memberColumns, email: schema.users.email, state: schema.memberships.state, requestAnswer: schema.memberships.requestAnswer, requestedAt: schema.memberships.requestedAt, stateChangedAt: schema.memberships.stateChangedAt, decisionMessage: schema.memberships.decisionMessage })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(and(eq(schema.memberships.groupId, groupId), inArray(schema.memberships.state, ["requested", "banned"])))
    .orderBy(asc(schema.memberships.requestedAt), asc(schema.memberships.stateChangedAt))
    .all();
  return { requests: rows.filter((r) => r.state === "requested"), banned: rows.filter((r) => r.state === "banned") };
}

/** An active member of the group by @handle (with or without the @) or e-mail address. */
export function findActiveMember(groupId: string, handleOrEmail: string) {
  const text = handleOrEmail.trim().replace(/^@/, "").toLocaleLowerCase("fi");
  if (!text) return null;
  return (
    db()
      .select({ id: schema.users.id, name: schema.users.name })
      .from(schema.memberships)
      .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.state, "active"), sql`(${schema.users.handle} = ${text} OR ${schema.users.email} = ${text})`))
      .get() ?? null
  );
}

/** The group's active members for a "who is this from" list: name and handle, by name. */
export function listMemberHandles(groupId: string, limit = 2000) {
  return db()
    .select({ name: schema.users.name, handle: schema.users.handle })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.state, "active"), sql`${schema.users.handle} IS NOT NULL`))
    .orderBy(asc(schema.users.name))
    .limit(limit)
    .all() as { name: string; handle: string }[];
}
