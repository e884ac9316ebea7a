// Issue 12: the account, administration, notification, board and tag commands refuse, called directly through
// `execute` (as the JSON API will), the personas their pages refuse, with the status the page gives, and write
// nothing when they refuse.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessionKey } from "../../app/auth/adapter.server";
import { type Actor, type Command, execute, executeOrThrow } from "../../app/commands/command.server";
import { db, schema } from "../../app/db.server";
import { statusOf } from "../../app/http/command-reply.server";
import { changePassword, prepareChangePassword } from "../../app/features/accounts/commands/change-password.server";
import { markNotificationsRead } from "../../app/features/accounts/commands/mark-notifications-read.server";
import { openNotification } from "../../app/features/accounts/commands/open-notification.server";
import { requestPasswordReset } from "../../app/features/accounts/commands/request-password-reset.server";
import { resetPassword } from "../../app/features/accounts/commands/reset-password.server";
import { setEmailPreferences } from "../../app/features/accounts/commands/set-email-preferences.server";
import { setLocale } from "../../app/features/accounts/commands/set-locale.server";
import { countSignInAttempt, signIn } from "../../app/features/accounts/commands/sign-in.server";
import { signOut } from "../../app/features/accounts/commands/sign-out.server";
import { unsubscribe } from "../../app/features/accounts/commands/unsubscribe.server";
import { updateProfile } from "../../app/features/accounts/commands/update-profile.server";
import { VISITOR } from "../../app/features/accounts/visitor.server";
import { changeOrgRole } from "../../app/features/admin/commands/change-org-role.server";
import { createUser as createUserCommand } from "../../app/features/admin/commands/create-user.server";
import { revealOutboxLink } from "../../app/features/admin/commands/reveal-outbox-link.server";
import { updateOrgSettings } from "../../app/features/admin/commands/update-org-settings.server";
import { closeBoard } from "../../app/features/boards/commands/close-board.server";
import { createBoard } from "../../app/features/boards/commands/create-board.server";
import { createTag } from "../../app/features/boards/commands/create-tag.server";
import { deleteBoard } from "../../app/features/boards/commands/delete-board.server";
import { deleteTag } from "../../app/features/boards/commands/delete-tag.server";
import { moveBoard } from "../../app/features/boards/commands/move-board.server";
import { updateBoard } from "../../app/features/boards/commands/update-board.server";
import { updateTag } from "../../app/features/boards/commands/update-tag.server";
import { unsubscribeToken } from "../../app/email/unsubscribe.server";
import { getOrgSettings } from "../../app/models/org.server";
import { issuePasswordToken } from "../../app/models/password-token.server";
import { findUserById } from "../../app/models/user.server";
import { rows, snapshotOf, value } from "../support/db";
import { PASSWORD, createUser, makeBoard, makeIdea, makeTag, sessionCookie } from "../support/factories";
import { PERSONAS, makePersonas, type Persona } from "../support/personas";

const TABLES = [
  "users",
  "sessions",
  "boards",
  "tags",
  "idea_tags",
  "audit_log",
  "notifications",
  "email_outbox",
  "org_settings",
  "password_tokens",
  "domain_events",
];
const snapshot = () => snapshotOf(TABLES);

const actorFor = (id: string): Actor => {
  const u = findUserById(id)!;
  return { id: u.id, name: u.name, email: u.email, role: u.role, locale: u.locale };
};

/** The status `execute` answers with: 200 for a success, the refusal's status otherwise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function statusFor(command: Command<any, any, any>, actor: Actor, input: unknown): number {
  const result = execute(command, actor, input);
  return result.ok ? 200 : statusOf(result.error);
}

describe("board and tag commands", () => {
  // The boards page: outsiders 404, members 403, moderators, staff and admins may (tests/integration/idea-access.test.ts).
  const expected: Record<Persona, number> = {
    anonymous: 404,
    nonMember: 404,
    otherGroup: 404,
    banned: 404,
    member: 403,
    moderator: 200,
    staff: 200,
    admin: 200,
  };

  it("refuse everyone but the group's managers, writing nothing", async () => {
    const { group, users } = await makePersonas();
    const actors = Object.fromEntries(PERSONAS.map((p) => [p, p === "anonymous" ? VISITOR : actorFor(users[p].id)])) as Record<Persona, Actor>;
    let n = 0;
    // Each case makes what it acts on first (a board, a tag); the command's own writes are what must not happen.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const cases: { name: string; command: Command<any, any, any>; input: () => unknown }[] = [
      { name: "createBoard", command: createBoard, input: () => ({ groupId: group.id, name: `Board ${++n}`, description: "" }) },
      {
        name: "updateBoard",
        command: updateBoard,
        input: () => ({ groupId: group.id, boardId: makeBoard(group.id).id, name: `Renamed ${++n}`, description: "d" }),
      },
      { name: "moveBoard", command: moveBoard, input: () => ({ groupId: group.id, boardId: makeBoard(group.id).id, direction: "up" }) },
      { name: "closeBoard", command: closeBoard, input: () => ({ groupId: group.id, boardId: makeBoard(group.id).id, closed: true }) },
      { name: "deleteBoard", command: deleteBoard, input: () => ({ groupId: group.id, boardId: makeBoard(group.id).id }) },
      { name: "createTag", command: createTag, input: () => ({ groupId: group.id, name: `Tag ${++n}`, color: "green" }) },
      { name: "updateTag", command: updateTag, input: () => ({ groupId: group.id, tagId: makeTag(group.id).id, name: `Renamed tag ${++n}`, color: "red" }) },
      { name: "deleteTag", command: deleteTag, input: () => ({ groupId: group.id, tagId: makeTag(group.id).id }) },
    ];
    for (const c of cases) {
      for (const persona of PERSONAS) {
        const input = c.input();
        const before = snapshot();
        const status = statusFor(c.command, actors[persona], input);
        expect(status, `${c.name} ${persona}`).toBe(expected[persona]);
        if (status !== 200) expect(snapshot(), `${c.name} ${persona}`).toBe(before);
      }
    }
  });

  it("refuse a read-only group's managers with 409 after the 403 of members, and things of another group with 404", async () => {
    const { group, other, users } = await makePersonas();
    const board = makeBoard(other.id);
    const tag = makeTag(other.id);
    const mod = actorFor(users.moderator.id);
    const before = snapshot();
    expect(statusFor(updateBoard, mod, { groupId: group.id, boardId: board.id, name: "Hijacked", description: "" })).toBe(404);
    expect(statusFor(deleteBoard, mod, { groupId: group.id, boardId: board.id })).toBe(404);
    expect(statusFor(deleteTag, mod, { groupId: group.id, tagId: tag.id })).toBe(404);
    expect(snapshot()).toBe(before);
    db()
      .$client.prepare("UPDATE groups SET archived_at = ? WHERE id = ?")
      .run(Date.now() - 60_000, group.id);
    const archived = snapshot();
    expect(statusFor(createBoard, actorFor(users.member.id), { groupId: group.id, name: "Late board", description: "" })).toBe(403);
    for (const who of ["moderator", "staff", "admin"] as const)
      expect(statusFor(createBoard, actorFor(users[who].id), { groupId: group.id, name: "Late board", description: "" }), who).toBe(409);
    expect(snapshot()).toBe(archived);
  });

  it("answer the page's conflicts: a taken tag name, the first board up, a board with ideas", async () => {
    const { group, users } = await makePersonas();
    const mod = actorFor(users.moderator.id);
    makeTag(group.id, "Mobile");
    const taken = execute(createTag, mod, { groupId: group.id, name: "mobile", color: "blue" });
    expect(taken.ok ? null : [taken.error.code, taken.error.messageKey, taken.error.params]).toEqual(["conflict", "tags.nameTaken", { name: "mobile" }]);
    const first = rows("SELECT id FROM boards WHERE group_id = ? ORDER BY position LIMIT 1", group.id)[0] as { id: number };
    const up = execute(moveBoard, mod, { groupId: group.id, boardId: first.id, direction: "up" });
    expect(up.ok ? null : [statusOf(up.error), up.error.messageKey]).toEqual([409, "boards.alreadyFirst"]);
    const full = makeBoard(group.id);
    makeIdea({ groupId: group.id, boardId: full.id, authorId: users.member.id });
    const del = execute(deleteBoard, mod, { groupId: group.id, boardId: full.id });
    expect(del.ok ? null : [statusOf(del.error), del.error.messageKey]).toEqual([409, "boards.notEmpty"]);
    // Invalid input is refused before anything is read: 400 with the form's message keys.
    const invalid = execute(createBoard, mod, { groupId: group.id, name: "x", description: "" });
    expect(invalid.ok ? null : [statusOf(invalid.error), invalid.error.fieldErrors]).toEqual([400, { name: ["validation.boardName"] }]);
  });
});

describe("administration commands", () => {
  it("refuse members and staff with 403 and write nothing; an admin demoted meanwhile is refused too", async () => {
    const target = await createUser();
    const email = { id: 0 };
    db()
      .insert(schema.emailOutbox)
      .values({ kind: "password-reset", toAddress: "x@example.test", subject: "s", textBody: "t", htmlBody: "h", headers: {}, nextAttemptAt: Date.now() })
      .run();
    email.id = value("SELECT max(id) FROM email_outbox") as number;
    const settings = getOrgSettings();
    for (const role of ["member", "staff"] as const) {
      const actor = actorFor((await createUser({ role })).id);
      const before = snapshot();
      expect(statusFor(createUserCommand, actor, { email: "new@example.test", name: "New", role: "admin", locale: null }), role).toBe(403);
      expect(statusFor(changeOrgRole, actor, { userId: target.id, role: "admin" }), role).toBe(403);
      expect(statusFor(updateOrgSettings, actor, { name: "Hacked", defaultLocale: "en", timeZone: "UTC" }), role).toBe(403);
      expect(statusFor(revealOutboxLink, actor, { emailId: email.id }), role).toBe(403);
      expect(snapshot(), role).toBe(before);
    }
    // The session said admin; the account says member now.
    const demoted = actorFor((await createUser({ role: "admin" })).id);
    db().update(schema.users).set({ role: "member" }).where(eq(schema.users.id, demoted.id)).run();
    expect(statusFor(updateOrgSettings, demoted, { name: "Hacked", defaultLocale: "en", timeZone: "UTC" })).toBe(403);
    expect(getOrgSettings()).toEqual(settings);
  });

  it("answer as the admin pages do: a taken address 400 on the field, one's own role and the last admin 400, an unknown person 404, a gone link 404 (the page's 410)", async () => {
    const admin = actorFor((await createUser({ role: "admin" })).id);
    const existing = await createUser({ email: "taken@example.test" });
    const taken = execute(createUserCommand, admin, { email: "Taken@Example.test", name: "Again", role: "member", locale: null });
    expect(taken.ok ? null : [statusOf(taken.error), taken.error.fieldErrors]).toEqual([400, { email: ["admin.users.emailTaken"] }]);
    const own = execute(changeOrgRole, admin, { userId: admin.id, role: "member" });
    expect(own.ok ? null : [statusOf(own.error), own.error.messageKey]).toEqual([400, "admin.users.ownRole"]);
    expect(statusFor(changeOrgRole, admin, { userId: "no-such-person", role: "staff" })).toBe(404);
    expect(statusFor(revealOutboxLink, admin, { emailId: 987_654 })).toBe(404);
    // A success: the account, its setup e-mail and the audit entry, with an event for later subscribers.
    const created = executeOrThrow(createUserCommand, admin, { email: "fresh@example.test", name: "Fresh", role: "staff", locale: "fi" });
    expect(rows("SELECT kind FROM email_outbox WHERE to_address = 'fresh@example.test'")).toEqual([{ kind: "account-setup" }]);
    expect(rows("SELECT type FROM domain_events WHERE payload LIKE ?", `%${created.userId}%`)).toEqual([{ type: "user.created" }]);
    expect(findUserById(existing.id)!.role).toBe("member");
  });
});

describe("account commands", () => {
  it("need an account: the visitor (no account) is not found, and nothing is written", async () => {
    const before = snapshot();
    expect(statusFor(updateProfile, VISITOR, { name: "Nobody", locale: null })).toBe(404);
    expect(statusFor(setLocale, VISITOR, { locale: "fi" })).toBe(404);
    expect(statusFor(setEmailPreferences, VISITOR, { status: "off", replies: "off", mentions: "off", comments: "off" })).toBe(404);
    expect(statusFor(changePassword, VISITOR, { sessionId: "s", verifiedHash: "x", passwordHash: "y" })).toBe(404);
    expect(snapshot()).toBe(before);
  });

  it("change a password only with the current one verified against the stored hash (400 on the current field)", async () => {
    const user = await createUser();
    const actor = actorFor(user.id);
    const wrong = execute(
      changePassword,
      actor,
      await prepareChangePassword({ userId: user.id, sessionId: "s", current: "not it", next: "a new long password" }),
    );
    expect(wrong.ok ? null : [statusOf(wrong.error), wrong.error.fieldErrors]).toEqual([400, { current: ["account.wrongCurrent"] }]);
    // A hash made up by the caller is not the stored one either.
    expect(statusFor(changePassword, actor, { sessionId: "s", verifiedHash: "$argon2id$made-up", passwordHash: "y" })).toBe(400);
    expect(findUserById(user.id)!.passwordHash).toBe(user.passwordHash);
    expect(
      execute(changePassword, actor, await prepareChangePassword({ userId: user.id, sessionId: "s", current: PASSWORD, next: "a new long password" })).ok,
    ).toBe(true);
  });

  it("unsubscribe only with a valid link (400), and sign out only the actor's own session", async () => {
    const user = await createUser();
    const before = snapshot();
    expect(statusFor(unsubscribe, VISITOR, { userId: user.id, kind: "status", token: "0".repeat(32) })).toBe(400);
    expect(statusFor(unsubscribe, VISITOR, { userId: "nobody", kind: "status", token: unsubscribeToken("nobody", "status") })).toBe(400);
    expect(snapshot()).toBe(before);
    expect(statusFor(unsubscribe, VISITOR, { userId: user.id, kind: "status", token: unsubscribeToken(user.id, "status") })).toBe(200);
    expect(findUserById(user.id)!.emailStatus).toBe("off");

    const other = await createUser();
    const theirs = (await sessionCookie(other.id)).split("=")[1];
    executeOrThrow(signOut, actorFor(user.id), { sessionId: theirs });
    expect(value("SELECT count(*) FROM sessions WHERE id = ?", sessionKey(theirs))).toBe(1);
    executeOrThrow(signOut, actorFor(other.id), { sessionId: theirs });
    expect(value("SELECT count(*) FROM sessions WHERE id = ?", sessionKey(theirs))).toBe(0);
  });

  it("open and mark read only the actor's own notifications (someone else's: 404)", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    db().insert(schema.notifications).values({ userId: owner.id, kind: "role", groupId: null, data: {} }).run();
    const id = value("SELECT max(id) FROM notifications") as number;
    const before = snapshot();
    expect(statusFor(openNotification, actorFor(stranger.id), { id })).toBe(404);
    executeOrThrow(markNotificationsRead, actorFor(stranger.id), { id });
    executeOrThrow(markNotificationsRead, actorFor(stranger.id), {});
    expect(snapshot()).toBe(before);
    expect(statusFor(openNotification, actorFor(owner.id), { id })).toBe(200);
    expect(value("SELECT read_at IS NOT NULL FROM notifications WHERE id = ?", id)).toBe(1);
  });
});

describe("the visitor's commands", () => {
  it("count reset requests per address (5 an hour) and per IP (20 an hour): 429, and a refused request creates nothing", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) expect(statusFor(requestPasswordReset, VISITOR, { email: user.email, ip: `10.20.0.${i}` })).toBe(200);
    const before = snapshot();
    const blocked = execute(requestPasswordReset, VISITOR, { email: user.email, ip: "10.20.1.1" });
    expect(blocked.ok ? null : [statusOf(blocked.error), blocked.error.messageKey, (blocked.error.retryAfterMs ?? 0) > 0]).toEqual([
      429,
      "auth.forgot.rateLimited",
      true,
    ]);
    expect(snapshot()).toBe(before);
    for (let i = 0; i < 20; i++) execute(requestPasswordReset, VISITOR, { email: `nobody${i}@example.test`, ip: "10.20.2.2" });
    expect(statusFor(requestPasswordReset, VISITOR, { email: "someone@example.test", ip: "10.20.2.2" })).toBe(429);
  });

  it("set a password only with a working link (404, the page's 410), and start a session with it", async () => {
    const user = await createUser();
    expect(statusFor(resetPassword, VISITOR, { token: "no-such-token", passwordHash: "x" })).toBe(404);
    const token = db().transaction((tx) => issuePasswordToken(tx, { userId: user.id, purpose: "reset" }), { behavior: "immediate" });
    const done = executeOrThrow(resetPassword, VISITOR, { token, passwordHash: "$argon2id$new" });
    expect(value("SELECT count(*) FROM sessions WHERE id = ? AND user_id = ?", sessionKey(done.sessionId), user.id)).toBe(1);
    expect(findUserById(user.id)!.passwordHash).toBe("$argon2id$new");
    expect(statusFor(resetPassword, VISITOR, { token, passwordHash: "$argon2id$again" })).toBe(404);
  });

  it("count sign-in attempts before the password is checked: the 11th for an account is 429, a right password then too", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) {
      const res = await signIn({ email: user.email, password: `wrong-${i}`, ip: `10.22.0.${i}` });
      expect(res.ok ? 200 : statusOf(res.error)).toBe(400);
    }
    const blocked = await signIn({ email: user.email, password: PASSWORD, ip: "10.22.1.1" });
    expect(blocked.ok ? null : [statusOf(blocked.error), blocked.error.messageKey]).toEqual([429, "auth.login.rateLimited"]);
    expect(statusFor(countSignInAttempt, VISITOR, { email: user.email, ip: "10.22.1.2" })).toBe(429);
    const other = await createUser();
    const ok = await signIn({ email: other.email, password: PASSWORD, ip: "10.22.2.1" });
    expect(ok.ok && value("SELECT count(*) FROM sessions WHERE id = ?", sessionKey(ok.value.sessionId))).toBe(1);
  });
});
