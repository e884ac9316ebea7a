// Issue 11 item 8: no stored e-mail holds a working sign-in link. The bodies keep a placeholder, the token is
// stored only as its HMAC (token tables) and AES-256-GCM ciphertext (outbox); the dispatcher renders the link
// into the message at send time, and an admin can reveal a logged link (audited).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sealLegacyLinks } from "../../app/auth/maintenance.server";
import { db, schema } from "../../app/db.server";
import { dispatchOutbox } from "../../app/email/dispatcher.server";
import { LINK_TOKEN_PLACEHOLDER, openToken, sealToken } from "../../app/email/link-secret.server";
import { executeOrThrow } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { requestPasswordReset } from "../../app/features/accounts/commands/request-password-reset.server";
import { VISITOR } from "../../app/features/accounts/visitor.server";
import { createUser as createUserCommand } from "../../app/features/admin/commands/create-user.server";
import { inviteMembers } from "../../app/features/groups/commands/invite-members.server";
import { findInvitation } from "../../app/models/invitation.server";
import { findValidPasswordToken } from "../../app/models/password-token.server";
import * as outboxRoute from "../../app/routes/admin.outbox";
import { seedDemo } from "../../scripts/seed/demo";
import { rows } from "../support/db";
import { addMember, createUser, makeGroup, sessionCookie } from "../support/factories";
import { deliveredText } from "../support/outbox";
import { smtpReceiver } from "../support/smtp";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const quiet = () => {};
/** A reset link asked for on the forgot-password page (the command, from a fresh address each time). */
let requests = 0;
const resetLink = (email: string) => executeOrThrow(requestPasswordReset, VISITOR, { email, ip: `10.9.0.${++requests}` });
const works = (candidate: string) => findValidPasswordToken(candidate) !== null || findInvitation(candidate)?.state === "valid";

/** Every 43-character window of every base64url-like run in every text column of every outbox row. */
function workingTokensInOutbox(): { tried: number; working: string[] } {
  let tried = 0;
  const working: string[] = [];
  for (const row of rows("SELECT * FROM email_outbox")) {
    for (const value of Object.values(row)) {
      if (typeof value !== "string") continue;
      for (const run of value.match(/[A-Za-z0-9_-]{43,}/g) ?? []) {
        for (let i = 0; i + 43 <= run.length; i++) {
          tried++;
          if (works(run.slice(i, i + 43))) working.push(run.slice(i, i + 43));
        }
      }
    }
  }
  return { tried, working };
}

const tokenInLink = (text: string) => /(?:token=|\/invite\/)([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;

describe("the demo seed", () => {
  beforeAll(async () => {
    expect(await seedDemo(db())).toBe(true);
  }, 60_000);

  it("leaves no working sign-in link in any outbox row, though its invitation links work when delivered", () => {
    const linked = db()
      .select()
      .from(schema.emailOutbox)
      .all()
      .filter((m) => m.linkSecret !== null);
    expect(linked.length).toBeGreaterThan(0);
    const { tried, working } = workingTokensInOutbox();
    expect(working).toEqual([]);
    expect(tried).toBeGreaterThan(0); // the ciphertexts are long base64url runs: every window was tried
    for (const mail of linked) {
      expect(mail.textBody).toContain(LINK_TOKEN_PLACEHOLDER);
      const token = tokenInLink(deliveredText(mail))!;
      expect(works(token)).toBe(true);
      for (const column of Object.values(mail)) if (typeof column === "string") expect(column).not.toContain(token);
    }
    // James's invitation (the README's demo story) is among them.
    expect(linked.map((m) => m.toAddress)).toContain("james@demo.kaiku.test");
  });
});

describe("reset, setup and invitation e-mails", () => {
  const { received, transport } = smtpReceiver();
  /** The message as the SMTP server got it, quoted-printable soft breaks and =3D undone. */
  const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

  it("store no working token, and the messages delivered over SMTP carry working links", async () => {
    await db().delete(schema.emailOutbox).run();
    const admin = await createUser({ role: "admin" });
    const reader = await createUser({ email: "reader@example.test" });
    executeOrThrow(createUserCommand, admin, { email: "setup@example.test", name: "Setup Person", role: "member", locale: "en" });
    resetLink(reader.email);
    const group = makeGroup();
    const mod = await createUser();
    addMember(group.id, mod.id, { role: "moderator" });
    executeOrThrow(inviteMembers, mod, { groupId: group.id, entries: [{ email: "invitee@example.test", name: null }], message: null });
    drainEvents();

    const stored = db().select().from(schema.emailOutbox).all();
    expect(stored.map((m) => m.kind).sort()).toEqual(["account-setup", "group-invitation", "password-reset"]);
    const tokens = stored.map((m) => tokenInLink(deliveredText(m))!);
    for (const token of tokens) expect(works(token)).toBe(true);
    expect(workingTokensInOutbox().working).toEqual([]);
    const dump = JSON.stringify(rows("SELECT * FROM email_outbox"));
    for (const token of tokens) expect(dump).not.toContain(token);

    expect((await dispatchOutbox({ transport: transport(), log: quiet })).sent).toBe(3);
    for (const [i, mail] of stored.entries()) {
      const got = received.find((r) => r.to.includes(mail.toAddress))!;
      const message = decoded(got.raw);
      expect(message).toContain(tokens[i]);
      expect(message).not.toContain(LINK_TOKEN_PLACEHOLDER);
      expect(works(tokenInLink(message)!)).toBe(true);
    }
    // Delivered: the ciphertexts are gone, the bodies still have only the placeholder.
    expect(
      db()
        .select()
        .from(schema.emailOutbox)
        .all()
        .map((m) => [m.status, m.linkSecret]),
    ).toEqual([
      ["sent", null],
      ["sent", null],
      ["sent", null],
    ]);
  });

  it("without SMTP logs the e-mail with its link redacted and lets an admin reveal it, audited", async () => {
    await db().delete(schema.emailOutbox).run();
    const admin = await createUser({ role: "admin" });
    const user = await createUser({ email: "logged@example.test" });
    resetLink(user.email);
    const lines: string[] = [];
    expect((await dispatchOutbox({ transport: null, log: (l) => lines.push(l) })).logged).toBe(1);
    const mail = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, user.email)).get()!;
    const token = tokenInLink(deliveredText(mail))!;
    expect(mail.status).toBe("logged");
    expect(lines.join("\n")).toContain("/reset-password?token=••••••••");
    expect(lines.join("\n")).not.toContain(token);

    const cookie = await sessionCookie(admin.id);
    const page = await callLoader(outboxRoute, getRequest("/admin/outbox", { cookie }));
    const shown = page.data.rows.find((r: { id: number }) => r.id === mail.id);
    expect(shown).toMatchObject({ canReveal: true });
    expect(shown.text).not.toContain(token);
    expect(shown.text).not.toContain(LINK_TOKEN_PLACEHOLDER);

    const revealed = await callAction(outboxRoute, postRequest("/admin/outbox", { intent: "reveal", id: String(mail.id) }, { cookie }));
    expect(revealed.status).toBe(200);
    expect(revealed.data.link).toBe(`http://localhost:3000/reset-password?token=${token}`);
    const audit = db().select().from(schema.auditLog).where(eq(schema.auditLog.action, "outbox.reveal")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      targetType: "email",
      targetId: String(mail.id),
      details: { email: user.email, kind: "password-reset" },
    });

    // Not an admin: 403. Bad input: 400. An id without a link: 410. Nothing is audited for those.
    const member = await sessionCookie(user.id);
    expect((await callAction(outboxRoute, postRequest("/admin/outbox", { intent: "reveal", id: String(mail.id) }, { cookie: member }))).status).toBe(403);
    expect((await callAction(outboxRoute, postRequest("/admin/outbox", { intent: "reveal", id: "0x1" }, { cookie }))).status).toBe(400);
    expect((await callAction(outboxRoute, postRequest("/admin/outbox", { intent: "reveal", id: "999999" }, { cookie }))).status).toBe(410);
    expect(db().select().from(schema.auditLog).where(eq(schema.auditLog.action, "outbox.reveal")).all()).toHaveLength(1);
  });

  it("refuses a ciphertext moved to another recipient's row instead of mailing the link there", async () => {
    await db().delete(schema.emailOutbox).run();
    const user = await createUser({ email: "victim@example.test" });
    resetLink(user.email);
    const mail = db().select().from(schema.emailOutbox).get()!;
    expect(openToken(mail.linkSecret!, "attacker@example.test")).toBeNull();
    db().update(schema.emailOutbox).set({ toAddress: "attacker@example.test" }).where(eq(schema.emailOutbox.id, mail.id)).run();
    const before = received.length;
    expect((await dispatchOutbox({ transport: transport(), log: quiet })).failed).toBe(1);
    expect(received.length).toBe(before);
    expect(db().select().from(schema.emailOutbox).get()).toMatchObject({ status: "failed", linkSecret: null });
  });

  it("seals the clear-text links of e-mails queued before the change", async () => {
    await db().delete(schema.emailOutbox).run();
    const user = await createUser({ email: "legacy@example.test" });
    resetLink(user.email);
    const mail = db().select().from(schema.emailOutbox).get()!;
    const token = openToken(mail.linkSecret!, mail.toAddress)!;
    // What such a row looked like: the token in both bodies, no ciphertext.
    db()
      .update(schema.emailOutbox)
      .set({
        textBody: mail.textBody.replaceAll(LINK_TOKEN_PLACEHOLDER, token),
        htmlBody: mail.htmlBody.replaceAll(LINK_TOKEN_PLACEHOLDER, token),
        linkSecret: null,
        linkExpiresAt: null,
      })
      .run();
    expect(new Set(workingTokensInOutbox().working)).toEqual(new Set([token])); // what the scan finds in an old row
    expect(sealLegacyLinks()).toBe(1);
    expect(workingTokensInOutbox().working).toEqual([]);
    const sealed = db().select().from(schema.emailOutbox).get()!;
    expect(tokenInLink(deliveredText(sealed))).toBe(token);
    expect(sealed.htmlBody).not.toContain(token);
    expect(sealLegacyLinks()).toBe(0);
    expect(sealToken(token, "x")).not.toBe(sealToken(token, "x")); // a fresh IV each time
  });
});
