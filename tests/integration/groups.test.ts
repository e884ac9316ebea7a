import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { execute, type Actor, type CommandResult } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { VISITOR as visitor } from "../../app/features/accounts/visitor.server";
import { acceptInvitation } from "../../app/features/groups/commands/accept-invitation.server";
import { changeMemberRole } from "../../app/features/groups/commands/change-member-role.server";
import { decideJoinRequest } from "../../app/features/groups/commands/decide-join-request.server";
import { endMembership } from "../../app/features/groups/commands/end-membership.server";
import { inviteMembers } from "../../app/features/groups/commands/invite-members.server";
import { joinGroup } from "../../app/features/groups/commands/join-group.server";
import { leaveGroup } from "../../app/features/groups/commands/leave-group.server";
import { liftBan } from "../../app/features/groups/commands/lift-ban.server";
import { resendInvitation } from "../../app/features/groups/commands/resend-invitation.server";
import { revokeInvitation } from "../../app/features/groups/commands/revoke-invitation.server";
import { findInvitation, problemOf, type InviteEntry } from "../../app/models/invitation.server";
import { findMembership } from "../../app/models/membership.server";
import { findGroupById } from "../../app/models/group.server";
import { countUnread } from "../../app/models/notification.server";
import * as invitationsRoute from "../../app/routes/g.$slug.invitations";
import * as acceptRoute from "../../app/routes/invite.$token";
import * as newGroupRoute from "../../app/routes/groups.new";
import * as homeRoute from "../../app/routes/g.$slug._index";
import * as newIdeaRoute from "../../app/routes/g.$slug.ideas.new";
import * as settingsRoute from "../../app/routes/g.$slug.settings";
import { parseInviteList } from "../../app/schemas/group";
import { addMember, createUser, makeGroup, makeTag, sessionCookie } from "../support/factories";
import { rows } from "../support/db";
import { deliveredText } from "../support/outbox";
import { callAction, callLoader, formRequest, getRequest, postRequest } from "../support/remix";

// As delivered: the stored body has a placeholder where the invitation token goes (tests/support/outbox.ts).
const outbox = (to: string) =>
  db()
    .select()
    .from(schema.emailOutbox)
    .where(eq(schema.emailOutbox.toAddress, to))
    .all()
    .map((m) => ({ ...m, textBody: deliveredText(m) }));
const tokenFrom = (text: string) => /\/invite\/([A-Za-z0-9_-]+)/.exec(text)![1];
const audit = (groupId: string) =>
  db()
    .select()
    .from(schema.auditLog)
    .where(eq(schema.auditLog.groupId, groupId))
    .all()
    .map((a) => a.action);

/**
 * Commands run directly, as a route would, with the events drained (the e-mails and notifications exist after).
 * A refusal reads as its message key (or its code) and params; a value is spread into the result.
 */
function settle<R>(result: CommandResult<R>) {
  drainEvents();
  if (result.ok) return { ok: true as const, ...(result.value as object) };
  return { ok: false as const, error: result.error.messageKey ?? result.error.code, ...result.error.params };
}
type Who = Pick<Actor, "id" | "role"> & Partial<Actor>;
const as = (who: Who): Actor => ({ name: "Someone", email: `${who.id}@example.test`, locale: null, ...who });
const invite = ({ actor, group, entries, message, now }: { actor: Who; group: { id: string }; entries: InviteEntry[]; message: string | null; now?: number }) =>
  settle(execute(inviteMembers, as(actor), { groupId: group.id, entries, message }, { now }));
const resend = ({ actor, group, invitationId }: { actor: Who; group: { id: string }; invitationId: string }) =>
  settle(execute(resendInvitation, as(actor), { groupId: group.id, invitationId }));
const revoke = ({ actor, group, invitationId }: { actor: Who; group: { id: string }; invitationId: string }) =>
  settle(execute(revokeInvitation, as(actor), { groupId: group.id, invitationId }));
type Account = { userId: string; email: string } | { create: { name: string; passwordHash: string; locale: "fi" | "en" | null } };
/** Accepting signed in (as the account) or as a visitor creating one; a refusal reads as the page's problem. */
function accept({ token, account, now }: { token: string; account: Account; now?: number }) {
  const actor = "userId" in account ? as({ id: account.userId, role: "member", email: account.email }) : visitor;
  const result = execute(acceptInvitation, actor, { token, account }, { now });
  drainEvents();
  return result.ok ? { ok: true as const, ...result.value } : { ok: false as const, error: problemOf(result.error) };
}
const join = ({ group, user, answer }: { group: { id: string }; user: Who; answer: string | null }) =>
  settle(execute(joinGroup, as(user), { groupId: group.id, answer }));
type MemberInput = { actor: Who; group: { id: string }; userId: string };
const decide = ({ actor, group, userId, approve, message }: MemberInput & { approve: boolean; message: string | null }) =>
  settle(execute(decideJoinRequest, as(actor), { groupId: group.id, userId, approve, message }));
const setRole = ({ actor, group, userId, role }: MemberInput & { role: "member" | "moderator" }) =>
  settle(execute(changeMemberRole, as(actor), { groupId: group.id, userId, role }));
const end = ({ actor, group, userId, ban, reason }: MemberInput & { ban: boolean; reason: string | null }) =>
  settle(execute(endMembership, as(actor), { groupId: group.id, userId, ban, reason }));
const unban = ({ actor, group, userId }: MemberInput) => settle(execute(liftBan, as(actor), { groupId: group.id, userId }));
const leave = ({ group, user }: { group: { id: string }; user: Who }) => settle(execute(leaveGroup, as(user), { groupId: group.id }));

async function moderatorOf(group: { id: string }) {
  const mod = await createUser({ name: "Mona Moderator" });
  addMember(group.id, mod.id, { role: "moderator" });
  return { id: mod.id, role: mod.role, name: mod.name, email: mod.email };
}

describe("invitations", () => {
  it("emails a single-use link whose token is stored only as a hash, and creates the account on acceptance", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const result = invite({ actor: mod, group, entries: [{ email: "New.Person@Example.test", name: "New Person" }], message: "Join us!" });
    expect(result).toEqual({ ok: true, invited: ["new.person@example.test"], skipped: [] });
    const [mail] = outbox("new.person@example.test");
    expect(mail.textBody).toContain("Join us!");
    const token = tokenFrom(mail.textBody);
    expect(Buffer.from(token, "base64url").length).toBe(32); // 256 bits
    const row = db().select().from(schema.invitations).where(eq(schema.invitations.email, "new.person@example.test")).get()!;
    expect(row.tokenHash).not.toContain(token);
    expect(findInvitation(token)?.state).toBe("valid");

    const accepted = accept({ token, account: { create: { name: "New Person", passwordHash: "x", locale: "en" } } });
    expect(accepted.ok).toBe(true);
    const user = db().select().from(schema.users).where(eq(schema.users.email, "new.person@example.test")).get()!;
    expect(findMembership(group.id, user.id)?.state).toBe("active");
    expect(findGroupById(group.id)!.memberCount).toBe(2);
    expect(accept({ token, account: { create: { name: "Again", passwordHash: "x", locale: "en" } } })).toEqual({ ok: false, error: "used" });
    expect(audit(group.id)).toEqual(expect.arrayContaining(["invitation.create", "invitation.accept"]));
  });

  it("says who is already a member, invited or banned instead of inviting twice", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const member = await createUser();
    const banned = await createUser();
    addMember(group.id, member.id);
    addMember(group.id, banned.id, { state: "banned" });
    invite({ actor: mod, group, entries: [{ email: "pending@example.test", name: null }], message: null });
    const result = invite({
      actor: mod,
      group,
      entries: [member.email, banned.email, "pending@example.test", "fresh@example.test", "FRESH@example.test"].map((email) => ({ email, name: null })),
      message: null,
    });
    expect(result).toEqual({
      ok: true,
      invited: ["fresh@example.test"],
      skipped: [
        { email: member.email, reason: "member" },
        { email: banned.email, reason: "banned" },
        { email: "pending@example.test", reason: "pending" },
      ],
    });
    expect(outbox("pending@example.test")).toHaveLength(1);
  });

  it("expires, can be revoked, and resending replaces the link", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const t0 = Date.now() - 60 * 60_000;
    invite({
      actor: mod,
      group,
      entries: [
        { email: "late@example.test", name: null },
        { email: "revoked@example.test", name: null },
      ],
      message: null,
      now: t0,
    });
    const late = tokenFrom(outbox("late@example.test")[0].textBody);
    const eightDays = t0 + 8 * 24 * 60 * 60_000;
    expect(findInvitation(late, eightDays)?.state).toBe("expired");
    expect(accept({ token: late, account: { create: { name: "Late", passwordHash: "x", locale: null } }, now: eightDays })).toEqual({
      ok: false,
      error: "expired",
    });

    const inv = db().select().from(schema.invitations).where(eq(schema.invitations.email, "late@example.test")).get()!;
    expect(resend({ actor: mod, group, invitationId: inv.id })).toEqual({ ok: true, email: "late@example.test" });
    expect(resend({ actor: mod, group, invitationId: inv.id })).toEqual({ ok: false, error: "groups.invite.tooSoon" });
    const mails = outbox("late@example.test");
    expect(mails).toHaveLength(2);
    expect(findInvitation(late)).toBeNull(); // the old link is dead
    expect(findInvitation(tokenFrom(mails[1].textBody))?.state).toBe("valid");

    const revokedId = db().select().from(schema.invitations).where(eq(schema.invitations.email, "revoked@example.test")).get()!.id;
    expect(revoke({ actor: mod, group, invitationId: revokedId }).ok).toBe(true);
    const revokedToken = tokenFrom(outbox("revoked@example.test")[0].textBody);
    expect(accept({ token: revokedToken, account: { create: { name: "R", passwordHash: "x", locale: null } } })).toEqual({ ok: false, error: "revoked" });
    expect(audit(group.id)).toEqual(expect.arrayContaining(["invitation.resend", "invitation.revoke"]));
  });

  it("refuses a signed-in account whose email differs, and a banned one, leaving the link usable", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const invitee = await createUser({ email: "invitee@example.test" });
    const other = await createUser();
    invite({ actor: mod, group, entries: [{ email: invitee.email, name: null }], message: null });
    const token = tokenFrom(outbox(invitee.email)[0].textBody);
    expect(accept({ token, account: { userId: other.id, email: other.email } })).toEqual({ ok: false, error: "wrongAccount" });
    expect(accept({ token, account: { create: { name: "Dup", passwordHash: "x", locale: null } } })).toEqual({ ok: false, error: "accountExists" });
    expect(findInvitation(token)?.state).toBe("valid");

    const page = await callLoader(acceptRoute as never, getRequest(`/invite/${token}`, { cookie: await sessionCookie(other.id) }), { token });
    expect(page.status).toBe(403);
    expect(page.data.problem).toBe("wrongAccount");
    expect(await callLoader(acceptRoute as never, getRequest(`/invite/${token}`, { cookie: await sessionCookie(invitee.id) }), { token })).toMatchObject({
      status: 200,
      data: { problem: null },
    });
    expect(accept({ token, account: { userId: invitee.id, email: invitee.email } }).ok).toBe(true);
  });

  it("enforces capacity when inviting and when accepting", async () => {
    const group = makeGroup({ capacity: 2 });
    const mod = await moderatorOf(group); // 1 of 2
    expect(
      invite({
        actor: mod,
        group,
        entries: [
          { email: "a@example.test", name: null },
          { email: "b@example.test", name: null },
        ],
        message: null,
      }),
    ).toEqual({ ok: false, error: "groups.invite.capacity", count: 1 });
    expect(outbox("a@example.test")).toHaveLength(0); // nothing half-sent
    expect(invite({ actor: mod, group, entries: [{ email: "a@example.test", name: null }], message: null }).ok).toBe(true);
    // Someone fills the last place another way before the invitee accepts.
    const filler = await createUser();
    addMember(group.id, filler.id);
    const token = tokenFrom(outbox("a@example.test")[0].textBody);
    expect(accept({ token, account: { create: { name: "A", passwordHash: "x", locale: null } } })).toEqual({ ok: false, error: "full" });
    expect(findInvitation(token)?.state).toBe("valid"); // rolled back: usable once there is room
    expect(db().select().from(schema.users).where(eq(schema.users.email, "a@example.test")).get()).toBeUndefined();
  });

  it("reads pasted lists and CSV files, and rejects the whole batch with a 400 when a line is not an address", async () => {
    expect(parseInviteList("email,name\nmaija@example.com, Maija Virtanen\nJohn Smith <john@example.com>\n\nplain@example.com")).toEqual({
      entries: [
        { email: "maija@example.com", name: "Maija Virtanen" },
        { email: "john@example.com", name: "John Smith" },
        { email: "plain@example.com", name: null },
      ],
      invalid: [],
    });
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const cookie = await sessionCookie(mod.id);
    const bad = await callAction(
      invitationsRoute as never,
      postRequest(`/g/${group.slug}/invitations`, { intent: "invite", emails: "ok@example.test\nnot an address" }, { cookie }),
      { slug: group.slug },
    );
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.emails[0]).toContain("not an address");
    expect(outbox("ok@example.test")).toHaveLength(0);

    const form = new FormData();
    form.set("intent", "invite");
    form.set("csv", new File(["email,name\ncsv1@example.test,Csv One\ncsv2@example.test,Csv Two\n"], "people.csv", { type: "text/csv" }));
    const request = new Request(`http://localhost:3000/g/${group.slug}/invitations`, { method: "POST", body: form, headers: { Cookie: cookie } });
    const ok = await callAction(invitationsRoute as never, request, { slug: group.slug });
    expect(ok.status).toBe(200);
    expect(ok.data.report.invited).toEqual(["csv1@example.test", "csv2@example.test"]);
    drainEvents(); // the e-mails are the subscriber's, written after the commit
    expect(outbox("csv2@example.test")[0].textBody).toContain("Hei Csv Two,"); // the organisation default language: the invitee has no account yet;
  });
});

describe("join requests", () => {
  it("queues a request with the screening answer, notifies moderators, and tells the requester the decision", async () => {
    const group = makeGroup({ joinPolicy: "request", screeningQuestion: "Why?" });
    const mod = await moderatorOf(group);
    const requester = await createUser({ locale: "fi" });
    expect(join({ group, user: requester, answer: "Because" })).toEqual({ ok: true, outcome: "requested" });
    expect(join({ group, user: requester, answer: "Again" })).toEqual({ ok: true, outcome: "alreadyRequested" });
    expect(countUnread(mod.id)).toBe(1);
    expect(findMembership(group.id, requester.id)).toMatchObject({ state: "requested", requestAnswer: "Because" });

    expect(decide({ actor: mod, group, userId: requester.id, approve: true, message: "Tervetuloa!" })).toEqual({ ok: true, name: requester.name });
    expect(findMembership(group.id, requester.id)?.state).toBe("active");
    const [mail] = outbox(requester.email);
    expect(mail.subject).toBe(`Tervetuloa ryhmään ${group.name}`);
    expect(mail.textBody).toContain("Tervetuloa!");
    expect(countUnread(requester.id)).toBe(1);
    expect(audit(group.id)).toContain("membership.approve");
  });

  it("declines with a message, lets open groups be joined at once, and keeps banned people out", async () => {
    const group = makeGroup({ joinPolicy: "request" });
    const mod = await moderatorOf(group);
    const declined = await createUser();
    join({ group, user: declined, answer: null });
    expect(decide({ actor: mod, group, userId: declined.id, approve: false, message: "Full for now" }).ok).toBe(true);
    expect(findMembership(group.id, declined.id)).toMatchObject({ state: "declined", decisionMessage: "Full for now" });
    expect(outbox(declined.email)[0].subject).toContain("Your request to join");

    const open = makeGroup({ joinPolicy: "open", capacity: 1 });
    const first = await createUser();
    const second = await createUser();
    expect(join({ group: open, user: first, answer: null })).toEqual({ ok: true, outcome: "joined" });
    expect(join({ group: open, user: second, answer: null })).toEqual({ ok: false, error: "groups.join.full" });

    const banned = await createUser();
    addMember(group.id, banned.id, { state: "banned" });
    // Banned, or a group that takes no requests: not found, as the join page answers.
    expect(join({ group, user: banned, answer: null })).toEqual({ ok: false, error: "not_found" });
    expect(join({ group: makeGroup({ joinPolicy: "invite" }), user: banned, answer: null })).toEqual({ ok: false, error: "not_found" });
  });
});

describe("roles and exits", () => {
  it("promotes, demotes, removes and bans with exact member counts and an audit entry each", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const a = await createUser();
    const b = await createUser();
    addMember(group.id, a.id);
    addMember(group.id, b.id);
    expect(findGroupById(group.id)!.memberCount).toBe(3);
    expect(setRole({ actor: mod, group, userId: a.id, role: "moderator" }).ok).toBe(true);
    // Once a moderator, a is out of a moderator's reach: staff demote.
    expect(setRole({ actor: mod, group, userId: a.id, role: "member" })).toEqual({ ok: false, error: "forbidden" });
    const staff = await createUser({ role: "staff" });
    expect(setRole({ actor: { id: staff.id, role: staff.role }, group, userId: a.id, role: "member" }).ok).toBe(true);
    expect(end({ actor: mod, group, userId: a.id, ban: false, reason: null }).ok).toBe(true);
    expect(end({ actor: mod, group, userId: b.id, ban: true, reason: "spam" }).ok).toBe(true);
    expect(findGroupById(group.id)!.memberCount).toBe(1);
    expect(end({ actor: mod, group, userId: a.id, ban: false, reason: null })).toEqual({ ok: false, error: "groups.manage.wrongState" });
    expect(audit(group.id).filter((x) => x.startsWith("membership."))).toEqual([
      "membership.promote",
      "membership.demote",
      "membership.remove",
      "membership.ban",
    ]);
    const ban = db()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.groupId, group.id), eq(schema.auditLog.action, "membership.ban")))
      .get()!;
    expect(ban).toMatchObject({ actorId: mod.id, targetId: b.id, details: { reason: "spam", from: "active" } });

    // A banned member cannot come back by invitation; a removed one can.
    expect(
      invite({
        actor: mod,
        group,
        entries: [
          { email: b.email, name: null },
          { email: a.email, name: null },
        ],
        message: null,
      }),
    ).toMatchObject({ ok: true, invited: [a.email], skipped: [{ email: b.email, reason: "banned" }] });
    expect(unban({ actor: mod, group, userId: b.id }).ok).toBe(true);
    expect(invite({ actor: mod, group, entries: [{ email: b.email, name: null }], message: null })).toMatchObject({ ok: true, invited: [b.email] });
  });

  it("keeps moderators to ordinary members and nobody acting on themselves", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const staff = await createUser({ role: "staff" });
    addMember(group.id, staff.id);
    expect(end({ actor: mod, group, userId: staff.id, ban: true, reason: null })).toEqual({ ok: false, error: "forbidden" });
    expect(setRole({ actor: mod, group, userId: mod.id, role: "member" })).toEqual({ ok: false, error: "forbidden" });
    expect(setRole({ actor: { id: staff.id, role: "staff" }, group, userId: mod.id, role: "member" }).ok).toBe(true);
  });

  it("lets a member leave and be invited again", async () => {
    const group = makeGroup();
    const mod = await moderatorOf(group);
    const m = await createUser();
    addMember(group.id, m.id);
    expect(leave({ group, user: m })).toEqual({ ok: true, left: true });
    expect(findMembership(group.id, m.id)?.state).toBe("left");
    expect(findGroupById(group.id)!.memberCount).toBe(1);
    invite({ actor: mod, group, entries: [{ email: m.email, name: null }], message: null });
    const token = tokenFrom(outbox(m.email).at(-1)!.textBody);
    expect(accept({ token, account: { userId: m.id, email: m.email } }).ok).toBe(true);
    expect(findMembership(group.id, m.id)?.state).toBe("active");
  });
});

describe("groups", () => {
  it("are created by admins with validated input (translated 400s), archived and restored", async () => {
    const admin = await createUser({ role: "admin", locale: "fi" });
    const cookie = await sessionCookie(admin.id);
    const bad = await callAction(
      newGroupRoute as never,
      postRequest(
        "/groups/new",
        { name: "X", slug: "Bad Slug!", joinPolicy: "sometimes", responseTargetDays: "0", startsOn: "2026-05-01", endsOn: "2026-04-01" },
        { cookie },
      ),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.result.error).sort()).toEqual(["joinPolicy", "name", "responseTargetDays", "slug"]);
    expect(bad.data.result.error.name).toEqual(["validation.groupName"]); // a message key, translated by the form
    const backwards = await callAction(
      newGroupRoute as never,
      postRequest("/groups/new", { name: "Dates", joinPolicy: "invite", responseTargetDays: "7", startsOn: "2026-05-01", endsOn: "2026-04-01" }, { cookie }),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.data.result.error).toEqual({ endsOn: ["validation.endBeforeStart"] });
    const ok = await callAction(
      newGroupRoute as never,
      postRequest("/groups/new", { name: "Äänestys & palaute", joinPolicy: "request", responseTargetDays: "5", endsOn: "2030-01-31" }, { cookie }),
    );
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/g/aanestys-palaute?created=1"); // the home with its setup checklist
    const group = db().select().from(schema.groups).where(eq(schema.groups.slug, "aanestys-palaute")).get()!;
    // The pilot ends when its last day ends in the organisation's time zone (Helsinki, UTC+2 in winter).
    expect(new Date(group.endsAt!).toISOString()).toBe("2030-01-31T22:00:00.000Z");
    const dup = await callAction(
      newGroupRoute as never,
      postRequest("/groups/new", { name: "Other", slug: "aanestys-palaute", joinPolicy: "invite", responseTargetDays: "7" }, { cookie }),
    );
    expect(dup.data.result.error.slug).toEqual(["Toinen ryhmä käyttää jo tätä osoitetta. Valitse toinen."]);

    const archived = await callAction(settingsRoute as never, postRequest(`/g/${group.slug}/settings`, { intent: "archive" }, { cookie }), {
      slug: group.slug,
    });
    expect(archived.status).toBe(302);
    const mod = await moderatorOf(group);
    expect(invite({ actor: mod, group, entries: [{ email: "z@example.test", name: null }], message: null })).toEqual({
      ok: false,
      error: "groups.readOnlyError",
    });
    await callAction(settingsRoute as never, postRequest(`/g/${group.slug}/settings`, { intent: "restore" }, { cookie }), { slug: group.slug });
    expect(findGroupById(group.id)!.archivedAt).toBeNull();
    expect(audit(group.id)).toEqual(expect.arrayContaining(["group.create", "group.archive", "group.restore"]));
  });

  it("are created with one open board named in the organisation's language, which takes ideas at once", async () => {
    const admin = await createUser({ role: "admin", locale: "en" });
    const cookie = await sessionCookie(admin.id);
    const created = await callAction(
      newGroupRoute as never,
      formRequest("/groups/new", { name: "First board", joinPolicy: "invite", responseTargetDays: "7" }, cookie),
    );
    expect(created.status).toBe(302);
    const group = db().select().from(schema.groups).where(eq(schema.groups.slug, "first-board")).get()!;
    // The organisation speaks Finnish by default, whatever the admin's own language.
    expect(rows("SELECT name, slug, closed_at AS closedAt FROM boards WHERE group_id = ?", group.id)).toEqual([
      { name: "Ideat", slug: "ideat", closedAt: null },
    ]);
    expect(audit(group.id)).toEqual(["group.create", "board.create"]);

    const form = await callLoader(newIdeaRoute as never, getRequest(`/g/${group.slug}/ideas/new`, { cookie }), { slug: group.slug });
    expect(form.status).toBe(200);
    expect(form.data.boards).toHaveLength(1);
    const boardId = form.data.defaultBoardId;
    expect(boardId).not.toBe("");
    const posted = await callAction(
      newIdeaRoute as never,
      formRequest(`/g/${group.slug}/ideas/new`, { intent: "submit", boardId, title: "The very first idea", body: "", confirmed: "1" }, cookie),
      { slug: group.slug },
    );
    expect(posted.status).toBe(302);
    expect(posted.location).toBe(`/g/${group.slug}/ideas/1?posted=1`);
  });

  it("show the people who run a new group a checklist of what to set up, from real data, until it is done", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await callAction(
      newGroupRoute as never,
      formRequest("/groups/new", { name: "Checklist group", joinPolicy: "invite", responseTargetDays: "7" }, await sessionCookie(admin.id)),
    );
    expect(created.status).toBe(302);
    const group = db().select().from(schema.groups).where(eq(schema.groups.slug, "checklist-group")).get()!;
    const mod = await moderatorOf(group); // joined by invitation in real life: counts as a member other than the creator
    const member = await createUser();
    const staff = await createUser({ role: "staff" });
    addMember(group.id, member.id);
    const setupFor = async (userId: string) =>
      (await callLoader(homeRoute as never, getRequest(`/g/${group.slug}`, { cookie: await sessionCookie(userId) }), { slug: group.slug })).data.setup;
    const done = (steps: { key: string; done: boolean }[]) => Object.fromEntries(steps.map((s) => [s.key, s.done]));

    expect(await setupFor(member.id)).toBeNull(); // members never see it
    expect(done(await setupFor(admin.id))).toEqual({ boards: false, tags: false, description: false, invitations: true });
    // The description is the admins' (on the settings page): moderators and staff get the steps they can take.
    expect(done(await setupFor(mod.id))).toEqual({ boards: false, tags: false, invitations: true });
    expect(done(await setupFor(staff.id))).toEqual({ boards: false, tags: false, invitations: true });

    const [board] = rows("SELECT id FROM boards WHERE group_id = ?", group.id) as { id: number }[];
    db()
      .update(schema.boards)
      .set({ name: "Sovellus", updatedAt: Date.now() + 1000 })
      .where(eq(schema.boards.id, board.id))
      .run();
    makeTag(group.id, "Liput");
    expect(await setupFor(mod.id)).toBeNull(); // all of a moderator's steps are done
    expect(done(await setupFor(admin.id))).toEqual({ boards: true, tags: true, description: false, invitations: true });
    db().update(schema.groups).set({ description: "Tervetuloa!" }).where(eq(schema.groups.id, group.id)).run();
    expect(await setupFor(admin.id)).toBeNull();
  });

  it("count an invitation sent as the people step even before anyone joined", async () => {
    const group = makeGroup();
    const staff = await createUser({ role: "staff" });
    const setupFor = async () =>
      (await callLoader(homeRoute as never, getRequest(`/g/${group.slug}`, { cookie: await sessionCookie(staff.id) }), { slug: group.slug })).data.setup as {
        key: string;
        done: boolean;
      }[];
    expect((await setupFor()).find((s) => s.key === "invitations")!.done).toBe(false);
    invite({ actor: { id: staff.id, role: staff.role, name: staff.name }, group, entries: [{ email: "first@example.test", name: null }], message: null });
    expect((await setupFor()).find((s) => s.key === "invitations")!.done).toBe(true);
  });

  it("render descriptions as sanitised markdown", async () => {
    const group = makeGroup({
      description: "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://example.com) ![i](https://evil.test/p.png)",
    });
    const member = await createUser();
    addMember(group.id, member.id);
    const res = await callLoader(homeRoute as never, getRequest(`/g/${group.slug}`, { cookie: await sessionCookie(member.id) }), { slug: group.slug });
    const html: string = res.data.descriptionHtml;
    expect(html).not.toMatch(/<script|<img|<[^>]*onerror|href="javascript/);
    expect(html).toContain('<a href="https://example.com" rel="nofollow ugc noopener">ok</a>');
  });
});
