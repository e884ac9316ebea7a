import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { MemberActor } from "~/policy";
import type { Group, GroupRole, Membership, OrgRole } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

// Read on every request inside a group: a statement prepared once.
const membershipStatement = preparedOnce((c) =>
  c.prepare<[string, string], Membership>(
    `SELECT group_id AS groupId, user_id AS userId, state, role, intro, request_answer AS requestAnswer, requested_at AS requestedAt, joined_at AS joinedAt,
       state_changed_at AS stateChangedAt, decided_by AS decidedBy, decision_message AS decisionMessage, approved_post_count AS approvedPostCount,
       intro_hidden_at AS introHiddenAt, intro_hidden_by AS introHiddenBy, intro_hidden_reason AS introHiddenReason
     FROM memberships WHERE group_id = ? AND user_id = ?`,
  ),
);

export function findMembership(groupId: string, userId: string): Membership | null {
  return membershipStatement().get(groupId, userId) ?? null;
}

/** The membership row as it is now (inside the caller's transaction). */
export const membershipOf = (conn: Conn, groupId: string, userId: string) =>
  conn
    .select()
    .from(schema.memberships)
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId)))
    .get() ?? null;

const bumpCount = (conn: Conn, groupId: string, delta: 1 | -1) =>
  conn
    .update(schema.groups)
    .set({ memberCount: sql`${schema.groups.memberCount} + ${delta}` })
    .where(eq(schema.groups.id, groupId))
    .run();

/**
 * Makes the user an active member inside the caller's immediate transaction. Capacity is checked against the
 * maintained counter read in the same transaction, so two parallel joins cannot both take the last place.
 */
export function activateMembership(
  conn: Conn,
  input: { groupId: string; userId: string; decidedBy?: string | null; now?: number },
): { ok: true } | { ok: false; error: "full" | "banned" | "alreadyMember" } {
  const now = input.now ?? Date.now();
  const current = membershipOf(conn, input.groupId, input.userId);
  if (current?.state === "active") return { ok: false, error: "alreadyMember" };
  if (current?.state === "banned") return { ok: false, error: "banned" };
  const group = conn
    .select({ memberCount: schema.groups.memberCount, capacity: schema.groups.capacity })
    .from(schema.groups)
    .where(eq(schema.groups.id, input.groupId))
    .get();
  if (!group) throw new Error(`group ${input.groupId} not found`);
  if (group.capacity !== null && group.memberCount >= group.capacity) return { ok: false, error: "full" };
  const values = {
    state: "active" as const,
    role: "member" as const,
    joinedAt: now,
    stateChangedAt: now,
    decidedBy: input.decidedBy ?? null,
    decisionMessage: null,
  };
  upsertMembership(conn, input.groupId, input.userId, values);
  bumpCount(conn, input.groupId, 1);
  return { ok: true };
}

/** Writes the membership row, new or over an earlier one (a left, declined or removed membership comes back). */
function upsertMembership(conn: Conn, groupId: string, userId: string, values: Omit<typeof schema.memberships.$inferInsert, "groupId" | "userId">) {
  conn
    .insert(schema.memberships)
    .values({ groupId, userId, ...values })
    .onConflictDoUpdate({ target: [schema.memberships.groupId, schema.memberships.userId], set: values })
    .run();
}

/** Queues (or re-queues, after a decline or an exit) a join request for the moderators. */
export function insertJoinRequest(conn: Conn, input: { groupId: string; userId: string; answer: string | null; now: number }): void {
  const values = {
    state: "requested" as const,
    requestAnswer: input.answer,
    requestedAt: input.now,
    stateChangedAt: input.now,
    decidedBy: null,
    decisionMessage: null,
  };
  upsertMembership(conn, input.groupId, input.userId, values);
}

export type Target = { userId: string; name: string; email: string; locale: "fi" | "en" | null; orgRole: OrgRole; state: Membership["state"]; role: GroupRole };

/** The person a moderator acts on, with their membership, as it is now. */
export function loadTarget(conn: Conn, groupId: string, userId: string): Target | null {
  return (
    conn
      .select({
        userId: schema.users.id,
        name: schema.users.name,
        email: schema.users.email,
        locale: schema.users.locale,
        orgRole: schema.users.role,
        state: schema.memberships.state,
        role: schema.memberships.role,
      })
      .from(schema.memberships)
      .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId)))
      .get() ?? null
  );
}

/** The acting account's organisation role and its active group role (null when it is no active member). */
export function loadActor(conn: Conn, groupId: string, userId: string): MemberActor | null {
  const row = conn
    .select({ orgRole: schema.users.role, state: schema.memberships.state, role: schema.memberships.role })
    .from(schema.users)
    .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, schema.users.id)))
    .where(eq(schema.users.id, userId))
    .get();
  return row ? { id: userId, orgRole: row.orgRole, groupRole: row.state === "active" ? row.role : null } : null;
}

const whereMember = (groupId: string, userId: string) => and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId));

export function declineJoinRequest(conn: Conn, input: { groupId: string; userId: string; decidedBy: string; message: string | null; now: number }): void {
  conn
    .update(schema.memberships)
    .set({ state: "declined", stateChangedAt: input.now, decidedBy: input.decidedBy, decisionMessage: input.message })
    .where(whereMember(input.groupId, input.userId))
    .run();
}

export function setDecisionMessage(conn: Conn, groupId: string, userId: string, message: string): void {
  conn.update(schema.memberships).set({ decisionMessage: message }).where(whereMember(groupId, userId)).run();
}

export function setRoleRow(conn: Conn, groupId: string, userId: string, role: GroupRole): void {
  conn.update(schema.memberships).set({ role }).where(whereMember(groupId, userId)).run();
}

/** Removing ends the membership (the person may be invited again); banning also keeps them out and revokes their open invitations. */
export function endMembershipRow(
  conn: Conn,
  input: { groupId: string; target: Target; ban: boolean; decidedBy: string; reason: string | null; now: number },
): void {
  conn
    .update(schema.memberships)
    .set({ state: input.ban ? "banned" : "removed", role: "member", stateChangedAt: input.now, decidedBy: input.decidedBy, decisionMessage: input.reason })
    .where(whereMember(input.groupId, input.target.userId))
    .run();
  if (input.target.state === "active") bumpCount(conn, input.groupId, -1);
  if (input.ban) revokePendingInvitations(conn, input.groupId, input.target.email, input.now);
}

export function liftBanRow(conn: Conn, input: { groupId: string; userId: string; decidedBy: string; now: number }): void {
  conn
    .update(schema.memberships)
    .set({ state: "removed", stateChangedAt: input.now, decidedBy: input.decidedBy, decisionMessage: null })
    .where(whereMember(input.groupId, input.userId))
    .run();
}

function revokePendingInvitations(conn: Conn, groupId: string, email: string, now: number) {
  conn
    .update(schema.invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(schema.invitations.groupId, groupId),
        eq(schema.invitations.email, email),
        sql`${schema.invitations.acceptedAt} IS NULL AND ${schema.invitations.revokedAt} IS NULL`,
      ),
    )
    .run();
}

/** The group's active moderators, by id (who hears of a join request). */
export function activeModeratorIds(groupId: string): string[] {
  return db()
    .select({ userId: schema.memberships.userId })
    .from(schema.memberships)
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.state, "active"), eq(schema.memberships.role, "moderator")))
    .orderBy(asc(schema.memberships.userId))
    .all()
    .map((m) => m.userId);
}

/** A member leaves on their own; they can be invited (or ask) again later. */
export function leaveGroup({ group, userId, now = Date.now() }: { group: Pick<Group, "id">; userId: string; now?: number }): boolean {
  return db().transaction(
    (tx) => {
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

/** Whether the introduction was saved (only an active membership has one). */
export function updateIntro({ groupId, userId, intro }: { groupId: string; userId: string; intro: string }): boolean {
  return (
    db()
      .update(schema.memberships)
      .set({ intro })
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId), eq(schema.memberships.state, "active")))
      .run().changes > 0
  );
}

export const MEMBERS_PAGE_SIZE = 24;

const memberColumns = {
  userId: schema.users.id,
  name: schema.users.name,
  handle: schema.users.handle,
  orgRole: schema.users.role,
  role: schema.memberships.role,
  // A hidden introduction (moderation) is neither shown in the directory nor on the profile for members.
  intro: sql<string>`CASE WHEN ${schema.memberships.introHiddenAt} IS NULL THEN ${schema.memberships.intro} ELSE '' END`,
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
  const total =
    db()
      .select({ n: sql<number>`count(*)` })
      .from(schema.memberships)
      .where(where)
      .get()?.n ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)) };
}

/**
 * A member's profile. A hidden introduction is shown only to the member themselves and to reviewers (`viewer`
 * with canReview), marked with `introHidden` (and the reason); everyone else gets an empty introduction.
 */
export function findMemberProfile(groupId: string, userId: string, viewer?: { id: string; canReview: boolean }) {
  const row = db()
    .select({
      ...memberColumns,
      intro: schema.memberships.intro,
      introHiddenAt: schema.memberships.introHiddenAt,
      introHiddenReason: schema.memberships.introHiddenReason,
    })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId), eq(schema.memberships.state, "active")))
    .get();
  if (!row) return null;
  const { introHiddenAt, introHiddenReason, ...profile } = row;
  const hidden = introHiddenAt !== null;
  const sees = !hidden || viewer?.canReview === true || viewer?.id === userId;
  return { ...profile, intro: sees ? profile.intro : "", introHidden: hidden && sees, introHiddenReason: hidden && sees ? introHiddenReason : null };
}

/** Pending join requests, oldest first, and people who are out of the group (for lifting bans). */
export function listForModeration(groupId: string) {
  const rows = db()
    .select({
      ...memberColumns,
      email: schema.users.email,
      state: schema.memberships.state,
      requestAnswer: schema.memberships.requestAnswer,
      requestedAt: schema.memberships.requestedAt,
      stateChangedAt: schema.memberships.stateChangedAt,
      decisionMessage: schema.memberships.decisionMessage,
    })
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
      .where(
        and(
          eq(schema.memberships.groupId, groupId),
          eq(schema.memberships.state, "active"),
          sql`(${schema.users.handle} = ${text} OR ${schema.users.email} = ${text})`,
        ),
      )
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
