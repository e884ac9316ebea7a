// Every command of the groups area, run directly (no route in between), for every kind of person: each refuses the
// personas it should, with the status its route gives, and a refusal writes nothing (not even a rate-limit count or
// a domain event). The people it lets through succeed.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { execute, executeOrThrow, type Actor, type Command } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { VISITOR as visitor } from "../../app/features/accounts/visitor.server";
import { acceptInvitation } from "../../app/features/groups/commands/accept-invitation.server";
import { changeMemberRole } from "../../app/features/groups/commands/change-member-role.server";
import { createGroup } from "../../app/features/groups/commands/create-group.server";
import { decideJoinRequest } from "../../app/features/groups/commands/decide-join-request.server";
import { deleteUpdate } from "../../app/features/groups/commands/delete-update.server";
import { editUpdate } from "../../app/features/groups/commands/edit-update.server";
import { endMembership } from "../../app/features/groups/commands/end-membership.server";
import { inviteMembers } from "../../app/features/groups/commands/invite-members.server";
import { joinGroup } from "../../app/features/groups/commands/join-group.server";
import { leaveGroup } from "../../app/features/groups/commands/leave-group.server";
import { liftBan } from "../../app/features/groups/commands/lift-ban.server";
import { publishUpdate } from "../../app/features/groups/commands/publish-update.server";
import { resendInvitation } from "../../app/features/groups/commands/resend-invitation.server";
import { revokeInvitation } from "../../app/features/groups/commands/revoke-invitation.server";
import { setGroupArchived } from "../../app/features/groups/commands/set-group-archived.server";
import { updateGroup } from "../../app/features/groups/commands/update-group.server";
import { updateIntro } from "../../app/features/groups/commands/update-intro.server";
import { statusOf } from "../../app/http/command-reply.server";
import { findGroupById } from "../../app/models/group.server";
import { ACCEPT_PROBLEM_STATUS, findInvitation, problemOf } from "../../app/models/invitation.server";
import { LINK_TOKEN_PLACEHOLDER, openToken } from "../../app/email/link-secret.server";
import { addMember, createUser } from "../support/factories";
import { snapshotOf } from "../support/db";
import { makePersonas, type Persona } from "../support/personas";

// Everything a groups command may write.
const TABLES = [
  "groups",
  "memberships",
  "invitations",
  "group_posts",
  "boards",
  "audit_log",
  "notifications",
  "email_outbox",
  "domain_events",
  "rate_limits",
  "users",
] as const;
type World = Awaited<ReturnType<typeof makePersonas>>;
type Someone = Exclude<Persona, "anonymous">;
const SOMEONE: Someone[] = ["nonMember", "otherGroup", "banned", "member", "moderator", "staff", "admin"];
const OUTSIDE: Someone[] = ["nonMember", "otherGroup", "banned"];

const actorOf = (w: World, who: Someone): Actor => ({ ...w.users[who], email: `${w.users[who].id}@example.test`, locale: null });

async function person(groupId: string, options: { state?: "active" | "requested" | "banned"; role?: "member" | "moderator" } = {}) {
  const u = await createUser();
  addMember(groupId, u.id, { state: options.state ?? "active", role: options.role ?? "member" });
  return u;
}

/** An invitation sent two minutes ago (so it may be resent now). */
function invitation(w: World): string {
  const email = `inv-${Math.random().toString(36).slice(2)}@example.test`;
  executeOrThrow(
    inviteMembers,
    actorOf(w, "moderator"),
    { groupId: w.group.id, entries: [{ email, name: null }], message: null },
    { now: Date.now() - 120_000 },
  );
  return db().select().from(schema.invitations).where(eq(schema.invitations.email, email)).get()!.id;
}

type Case = {
  name: string;
  command: Command<never, unknown, unknown>;
  /** The input for one persona's attempt, made fresh for each (a new target, a new invitation ...). */
  input: (w: World, who: Someone) => Promise<unknown> | unknown;
  /** Who is refused, with the route's status; everyone else gets through. */
  refused: Partial<Record<Someone, number>>;
  group?: Parameters<typeof makePersonas>[0];
};

const outsiders404 = Object.fromEntries(OUTSIDE.map((p) => [p, 404])) as Partial<Record<Someone, number>>;
const managers = { ...outsiders404, member: 403 };
const adminsOnly = { ...outsiders404, member: 403, moderator: 403, staff: 403 };
const staffOnly = { ...outsiders404, member: 403, moderator: 403 };
const groupValues = (w: World) => {
  const g = findGroupById(w.group.id)!;
  return {
    name: g.name,
    slug: g.slug,
    description: g.description,
    joinPolicy: g.joinPolicy,
    screeningQuestion: g.screeningQuestion,
    responseTargetDays: g.responseTargetDays,
    capacity: g.capacity,
    startsAt: g.startsAt,
    endsAt: g.endsAt,
  };
};
const newPost = (w: World) => executeOrThrow(publishUpdate, actorOf(w, "staff"), { groupId: w.group.id, title: "An update", body: "Text", pinned: false }).id;

const CASES: Case[] = [
  {
    name: "group.create",
    command: createGroup as never,
    input: (_w, who) => ({
      group: {
        name: `New ${who}`,
        slug: `new-${who.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`,
        description: "",
        joinPolicy: "invite",
        screeningQuestion: null,
        responseTargetDays: 7,
        capacity: null,
        startsAt: null,
        endsAt: null,
      },
    }),
    // Not a group's matter: everyone but an admin is refused alike.
    refused: { nonMember: 403, otherGroup: 403, banned: 403, member: 403, moderator: 403, staff: 403 },
  },
  { name: "group.update", command: updateGroup as never, input: (w) => ({ groupId: w.group.id, group: groupValues(w) }), refused: adminsOnly },
  { name: "group.archive (restore)", command: setGroupArchived as never, input: (w) => ({ groupId: w.group.id, archived: false }), refused: adminsOnly },
  // Banned people do not see the join page; everyone else may ask (members are told they are in already).
  {
    name: "member.join",
    command: joinGroup as never,
    group: { joinPolicy: "request" },
    input: (w) => ({ groupId: w.group.id, answer: null }),
    refused: { banned: 404 },
  },
  {
    name: "member.join (invitation only)",
    command: joinGroup as never,
    input: (w) => ({ groupId: w.group.id, answer: null }),
    refused: Object.fromEntries(SOMEONE.map((p) => [p, 404])),
  },
  {
    name: "member.decide_request",
    command: decideJoinRequest as never,
    input: async (w) => ({ groupId: w.group.id, userId: (await person(w.group.id, { state: "requested" })).id, approve: true, message: null }),
    refused: managers,
  },
  {
    name: "member.change_role",
    command: changeMemberRole as never,
    input: async (w) => ({ groupId: w.group.id, userId: (await person(w.group.id)).id, role: "moderator" }),
    refused: managers,
  },
  {
    name: "member.end (remove)",
    command: endMembership as never,
    input: async (w) => ({ groupId: w.group.id, userId: (await person(w.group.id)).id, ban: false, reason: null }),
    refused: managers,
  },
  {
    name: "member.end (ban)",
    command: endMembership as never,
    input: async (w) => ({ groupId: w.group.id, userId: (await person(w.group.id)).id, ban: true, reason: "spam" }),
    refused: managers,
  },
  {
    name: "member.lift_ban",
    command: liftBan as never,
    input: async (w) => ({ groupId: w.group.id, userId: (await person(w.group.id, { state: "banned" })).id }),
    refused: managers,
  },
  // Staff and admins see the group without belonging to it: no membership of theirs to leave or introduce.
  { name: "member.leave", command: leaveGroup as never, input: (w) => ({ groupId: w.group.id }), refused: { ...outsiders404, staff: 404, admin: 404 } },
  {
    name: "member.update_intro",
    command: updateIntro as never,
    input: (w) => ({ groupId: w.group.id, intro: "Hello" }),
    refused: { ...outsiders404, staff: 404, admin: 404 },
  },
  {
    name: "invitation.invite",
    command: inviteMembers as never,
    input: (w, who) => ({ groupId: w.group.id, entries: [{ email: `${who}-${Math.random()}@example.test`, name: null }], message: null }),
    refused: managers,
  },
  { name: "invitation.resend", command: resendInvitation as never, input: (w) => ({ groupId: w.group.id, invitationId: invitation(w) }), refused: managers },
  { name: "invitation.revoke", command: revokeInvitation as never, input: (w) => ({ groupId: w.group.id, invitationId: invitation(w) }), refused: managers },
  {
    name: "update.publish",
    command: publishUpdate as never,
    input: (w) => ({ groupId: w.group.id, title: "Hello there", body: "Body", pinned: true }),
    refused: staffOnly,
  },
  {
    name: "update.edit",
    command: editUpdate as never,
    input: (w) => ({ groupId: w.group.id, postId: newPost(w), title: "Edited", body: "Body", pinned: false }),
    refused: staffOnly,
  },
  { name: "update.delete", command: deleteUpdate as never, input: (w) => ({ groupId: w.group.id, postId: newPost(w) }), refused: staffOnly },
];

describe("groups commands, run directly, for every persona", () => {
  for (const c of CASES) {
    it(`${c.name}: refuses ${Object.keys(c.refused).join(", ") || "nobody"}; writes nothing when it does`, async () => {
      const w = await makePersonas(c.group);
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const who of SOMEONE) {
        const input = await c.input(w, who);
        const before = snapshotOf(TABLES);
        const result = execute(c.command, actorOf(w, who), input);
        seen[who] = result.ok ? 200 : statusOf(result.error);
        expected[who] = c.refused[who] ?? 200;
        if (!result.ok) expect(snapshotOf(TABLES), `${who} was refused but something was written`).toBe(before);
      }
      expect(seen).toEqual(expected);
      drainEvents();
    });
  }
});

describe("groups commands in a read-only group", () => {
  it("refuse invitations and resends with 409 and an introduction with the page's 400, and still let people leave", async () => {
    const w = await makePersonas();
    const pending = invitation(w);
    executeOrThrow(setGroupArchived, actorOf(w, "admin"), { groupId: w.group.id, archived: true });
    const before = snapshotOf(TABLES);
    const invite = execute(inviteMembers, actorOf(w, "moderator"), {
      groupId: w.group.id,
      entries: [{ email: "late@example.test", name: null }],
      message: null,
    });
    const resend = execute(resendInvitation, actorOf(w, "staff"), { groupId: w.group.id, invitationId: pending });
    const intro = execute(updateIntro, actorOf(w, "member"), { groupId: w.group.id, intro: "Hi" });
    // A member of a group that takes no more members is not asked for 403 first: who may act comes before read-only.
    const memberInvite = execute(inviteMembers, actorOf(w, "member"), {
      groupId: w.group.id,
      entries: [{ email: "late@example.test", name: null }],
      message: null,
    });
    expect([invite, resend, intro, memberInvite].map((r) => (r.ok ? 200 : statusOf(r.error)))).toEqual([409, 409, 400, 403]);
    expect(snapshotOf(TABLES)).toBe(before);
    expect(execute(revokeInvitation, actorOf(w, "moderator"), { groupId: w.group.id, invitationId: pending }).ok).toBe(true);
    expect(execute(leaveGroup, actorOf(w, "member"), { groupId: w.group.id }).ok).toBe(true);
  });
});

describe("refusals inside the transaction", () => {
  it("judge a moderator by the roles as they are now, and a second decision by the state the first left", async () => {
    const w = await makePersonas({ joinPolicy: "request" });
    const requester = await person(w.group.id, { state: "requested" });
    // The moderator was demoted after their page loaded: the command re-reads and refuses with 403.
    db().update(schema.memberships).set({ role: "member" }).where(eq(schema.memberships.userId, w.users.moderator.id)).run();
    const before = snapshotOf(TABLES);
    const late = execute(decideJoinRequest, actorOf(w, "moderator"), { groupId: w.group.id, userId: requester.id, approve: true, message: null });
    expect(late.ok ? 200 : statusOf(late.error)).toBe(403);
    expect(snapshotOf(TABLES)).toBe(before);
    expect(execute(decideJoinRequest, actorOf(w, "staff"), { groupId: w.group.id, userId: requester.id, approve: false, message: "Not now" }).ok).toBe(true);
    const second = execute(decideJoinRequest, actorOf(w, "admin"), { groupId: w.group.id, userId: requester.id, approve: true, message: null });
    expect(second.ok ? null : [statusOf(second.error), second.error.messageKey]).toEqual([409, "groups.manage.wrongState"]);
  });

  it("accept an invitation only for its own address, once, and say which problem a refusal is", async () => {
    const w = await makePersonas();
    const invited = await createUser({ email: "invited@example.test" });
    executeOrThrow(inviteMembers, actorOf(w, "moderator"), { groupId: w.group.id, entries: [{ email: invited.email, name: null }], message: null });
    drainEvents();
    const mail = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, invited.email)).get()!;
    const token = openToken(mail.linkSecret!, mail.toAddress)!;
    const before = snapshotOf(TABLES);
    const outcome = (actor: Actor, account: { userId: string; email: string } | { create: { name: string; passwordHash: string; locale: null } }) => {
      const r = execute(acceptInvitation, actor, { token, account });
      // The page's status for the problem (410 for a spent link), as the route answers.
      return r.ok ? 200 : `${ACCEPT_PROBLEM_STATUS[problemOf(r.error)]} ${problemOf(r.error)}`;
    };
    const other = actorOf(w, "nonMember");
    expect(outcome(other, { userId: other.id, email: other.email })).toBe("403 wrongAccount");
    // Someone signed in cannot spend another person's link in their name.
    expect(outcome(other, { userId: invited.id, email: invited.email })).toBe("403 wrongAccount");
    // ... nor by naming the invited address beside their own id: the address is the actor's, not the input's.
    expect(outcome(other, { userId: other.id, email: invited.email })).toBe("403 wrongAccount");
    // ... nor make an account while signed in as someone else: a new account is the signed-out visitor's.
    expect(outcome(other, { create: { name: "Second me", passwordHash: "x", locale: null } })).toBe("403 wrongAccount");
    expect(outcome(visitor, { create: { name: "Dup", passwordHash: "x", locale: null } })).toBe("409 accountExists");
    expect(snapshotOf(TABLES)).toBe(before);
    expect(findInvitation(token)?.state).toBe("valid");
    expect(outcome({ ...invited, locale: null }, { userId: invited.id, email: invited.email })).toBe(200);
    expect(outcome({ ...invited, locale: null }, { userId: invited.id, email: invited.email })).toBe("410 used");
    expect(execute(acceptInvitation, visitor, { token: "x".repeat(43), account: { create: { name: "N", passwordHash: "x", locale: null } } })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});

describe("the visitor as an actor", () => {
  it("is recorded as nobody in the event log, not as an account id that is empty", async () => {
    const w = await makePersonas();
    executeOrThrow(inviteMembers, actorOf(w, "moderator"), { groupId: w.group.id, entries: [{ email: "newcomer@example.test", name: null }], message: null });
    drainEvents();
    const mail = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, "newcomer@example.test")).get()!;
    const token = openToken(mail.linkSecret!, mail.toAddress)!;
    // The new account's name holds to the form's rule (one line, 80 characters at most).
    for (const name of ["New\ncomer", "x".repeat(81), " "]) {
      const refused = execute(acceptInvitation, visitor, { token, account: { create: { name, passwordHash: "$argon2id$x", locale: null } } });
      expect(refused.ok ? 200 : statusOf(refused.error), name).toBe(400);
    }
    const accepted = executeOrThrow(acceptInvitation, visitor, { token, account: { create: { name: "Newcomer", passwordHash: "$argon2id$x", locale: null } } });
    const joined = db().select().from(schema.domainEvents).where(eq(schema.domainEvents.type, "member.joined")).all().at(-1)!;
    expect(joined.payload).toMatchObject({ userId: accepted.userId, via: "invitation" });
    expect(joined.actorId).toBeNull();
  });
});

describe("the groups commands' own input rules", () => {
  it("hold a caller without a form to what the forms allow: an address-safe slug and a bounded capacity", async () => {
    const w = await makePersonas();
    const admin = actorOf(w, "admin");
    const group = (overrides: Record<string, unknown>) => ({ ...groupValues(w), slug: `ok-${Math.random().toString(36).slice(2, 8)}`, ...overrides });
    const before = snapshotOf(TABLES);
    for (const slug of ["Upper-Case", "with space", "../admin", "a/b", "-dash", "x".repeat(51)]) {
      const r = execute(createGroup, admin, { group: group({ slug }), firstBoard: false });
      expect(r.ok ? 200 : statusOf(r.error), slug).toBe(400);
      const u = execute(updateGroup, admin, { groupId: w.group.id, group: group({ slug }) });
      expect(u.ok ? 200 : statusOf(u.error), slug).toBe(400);
    }
    const huge = execute(createGroup, admin, { group: group({ capacity: 1e12 }), firstBoard: false });
    expect(huge.ok ? 200 : statusOf(huge.error)).toBe(400);
    expect(snapshotOf(TABLES)).toBe(before);
    expect(execute(createGroup, admin, { group: group({ capacity: 100_000 }), firstBoard: false }).ok).toBe(true);
  });

  it("refuse the control characters and lengths the forms refuse (NUL, a line break in a name or title)", async () => {
    const w = await makePersonas({ joinPolicy: "request" });
    const admin = actorOf(w, "admin");
    const staff = actorOf(w, "staff");
    const before = snapshotOf(TABLES);
    const refusals = [
      execute(updateGroup, admin, { groupId: w.group.id, group: { ...groupValues(w), name: "Pilot\nBcc: x@example.test" } }),
      execute(updateGroup, admin, { groupId: w.group.id, group: { ...groupValues(w), name: "x".repeat(81) } }),
      execute(updateGroup, admin, { groupId: w.group.id, group: { ...groupValues(w), description: "a\u0000b" } }),
      execute(publishUpdate, staff, { groupId: w.group.id, title: "Two\nlines", body: "Text", pinned: false }),
      execute(publishUpdate, staff, { groupId: w.group.id, title: "A title", body: "nul \u0000", pinned: false }),
      execute(publishUpdate, staff, { groupId: w.group.id, title: "A title", body: "", pinned: false }),
      execute(updateIntro, actorOf(w, "member"), { groupId: w.group.id, intro: "bell \u0007" }),
      execute(inviteMembers, actorOf(w, "moderator"), { groupId: w.group.id, entries: [{ email: "x@example.test", name: null }], message: "esc \u001b[31m" }),
    ];
    expect(refusals.map((r) => (r.ok ? 200 : statusOf(r.error)))).toEqual(refusals.map(() => 400));
    expect(snapshotOf(TABLES)).toBe(before);
  });

  it("invite only real addresses, with names on one line, as the pasted list allows", async () => {
    const w = await makePersonas();
    const moderator = actorOf(w, "moderator");
    const before = snapshotOf(TABLES);
    for (const entry of [
      { email: "not-an-address", name: null },
      { email: "a@b", name: null },
      { email: "eve@example.test", name: "Eve\r\nBcc: everyone@example.test" },
      { email: "eve@example.test", name: "x".repeat(81) },
    ]) {
      const r = execute(inviteMembers, moderator, { groupId: w.group.id, entries: [entry], message: null });
      expect(r.ok ? 200 : statusOf(r.error), JSON.stringify(entry)).toBe(400);
    }
    expect(snapshotOf(TABLES)).toBe(before);
    const ok = executeOrThrow(inviteMembers, moderator, { groupId: w.group.id, entries: [{ email: " Eve@Example.TEST ", name: "Eve" }], message: null });
    expect(ok.invited).toEqual(["eve@example.test"]);
  });
});

describe("the events of the groups area", () => {
  it("carry an invitation's token only sealed for its recipient, and only until its e-mail is queued; the e-mails and notices exist once each", async () => {
    const w = await makePersonas({ joinPolicy: "request" });
    executeOrThrow(inviteMembers, actorOf(w, "moderator"), { groupId: w.group.id, entries: [{ email: "sealed@example.test", name: null }], message: null });
    const requester = await createUser();
    executeOrThrow(joinGroup, { ...requester, locale: null }, { groupId: w.group.id, answer: "Me, please" });
    const invitationEvent = () =>
      db()
        .select()
        .from(schema.domainEvents)
        .where(and(eq(schema.domainEvents.type, "invitations.sent"), eq(schema.domainEvents.groupId, w.group.id)))
        .all()[0]!;
    const sealed = (invitationEvent().payload as { invitations: { sealedToken: string }[] }).invitations[0].sealedToken;
    drainEvents();
    drainEvents(); // a second run delivers nothing again
    const event = invitationEvent();
    const mail = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, "sealed@example.test")).all();
    expect(mail).toHaveLength(1);
    const token = openToken(mail[0].linkSecret!, "sealed@example.test")!;
    expect(findInvitation(token)?.state).toBe("valid");
    const logged = JSON.stringify(event.payload);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(LINK_TOKEN_PLACEHOLDER);
    // The sealed token opened for its own address only, and the log's copy is gone once the outbox row has it
    // (the outbox erases its own when the e-mail is sent: no copy of the link outlives the sending).
    expect([openToken(sealed, "sealed@example.test"), openToken(sealed, "someone.else@example.test")]).toEqual([token, null]);
    expect((event.payload as { invitations: { sealedToken: string }[] }).invitations.map((i) => i.sealedToken)).toEqual([""]);
    expect(logged).not.toContain(sealed);
    const notices = db()
      .select()
      .from(schema.notifications)
      .where(and(eq(schema.notifications.kind, "joinRequested"), eq(schema.notifications.groupId, w.group.id)))
      .all();
    expect(notices.map((n) => n.userId)).toEqual([w.users.moderator.id]);
  });
});
