import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../app/auth/password.server";
import { db, schema } from "../../app/db.server";
import { TOKEN_TTL_MS, issuePasswordToken, redeemPasswordToken } from "../../app/models/password-token.server";
import * as forgot from "../../app/routes/forgot-password";
import * as account from "../../app/routes/account";
import * as reset from "../../app/routes/reset-password";
import { PASSWORD, createUser, sessionCookie } from "../support/factories";
import { deliveredText } from "../support/outbox";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const outboxFor = (to: string) => db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, to)).all();
/** The token of the link in the e-mail as delivered (the stored body has only a placeholder). */
const tokenOf = (email: Parameters<typeof deliveredText>[0]) => new URL(deliveredText(email).match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
const ctx = (ip: string) => ({ cspNonce: "", clientIp: ip });

describe("password reset", () => {
  it("emails a single-use link in the user's language; the database keeps only its hash", async () => {
    const user = await createUser({ locale: "fi" });
    const res = await callAction(forgot, postRequest("/forgot-password", { email: user.email }), {}, ctx("10.9.0.1"));
    expect(res.status).toBe(200);
    expect(res.data.sent).toBe(true);
    const [email] = outboxFor(user.email);
    expect(email.subject).toBe("Kaiku-salasanan vaihto");
    expect(email.status).toBe("pending");
    const token = tokenOf(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const stored = db().select().from(schema.passwordTokens).where(eq(schema.passwordTokens.userId, user.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    expect(stored[0].expiresAt - stored[0].createdAt).toBe(60 * 60_000);
  });

  it("answers an unknown address exactly like a known one, and sends nothing", async () => {
    const res = await callAction(forgot, postRequest("/forgot-password", { email: "ghost@example.test" }), {}, ctx("10.9.0.2"));
    expect(res.status).toBe(200);
    expect(res.data.sent).toBe(true);
    expect(outboxFor("ghost@example.test")).toHaveLength(0);
  });

  it("sets the new password once, ends every session, and signs the user in", async () => {
    const user = await createUser();
    const oldSession = await sessionCookie(user.id);
    await callAction(forgot, postRequest("/forgot-password", { email: user.email }), {}, ctx("10.9.0.3"));
    const token = tokenOf(outboxFor(user.email)[0]);

    const page = await callLoader(reset, getRequest(`/reset-password?token=${token}`));
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ valid: true, purpose: "reset", email: user.email });

    const ok = await callAction(reset, postRequest("/reset-password", { token, password: "a brand new password", confirm: "a brand new password" }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/^kaiku_session=\w+/);
    const row = db().select().from(schema.users).where(eq(schema.users.id, user.id)).get()!;
    expect(await verifyPassword(row.passwordHash!, "a brand new password")).toBe(true);
    const sessions = db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id)).all();
    expect(sessions).toHaveLength(1); // only the new one
    expect(oldSession).not.toContain(sessions[0].id);

    const again = await callAction(reset, postRequest("/reset-password", { token, password: "another new password", confirm: "another new password" }));
    expect(again.status).toBe(410);
    expect((await callLoader(reset, getRequest(`/reset-password?token=${token}`))).status).toBe(410);
  });

  it("refuses an expired link", async () => {
    const user = await createUser();
    const token = issuePasswordToken(db(), { userId: user.id, purpose: "reset", now: Date.now() - TOKEN_TTL_MS.reset - 1 });
    expect((await callLoader(reset, getRequest(`/reset-password?token=${token}`))).status).toBe(410);
    expect(redeemPasswordToken({ token, passwordHash: "x" })).toBeNull();
  });

  it("lets exactly one of many parallel redemptions win", async () => {
    const user = await createUser();
    const token = issuePasswordToken(db(), { userId: user.id, purpose: "reset" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callAction(reset, postRequest("/reset-password", { token, password: `parallel password ${i}`, confirm: `parallel password ${i}` })),
      ),
    );
    expect(results.filter((r) => r.status === 302)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(19);
  });

  it("rejects mismatched or short passwords with 400 and changes nothing", async () => {
    const user = await createUser();
    const before = db().select().from(schema.users).where(eq(schema.users.id, user.id)).get()!.passwordHash;
    const token = issuePasswordToken(db(), { userId: user.id, purpose: "reset" });
    const short = await callAction(reset, postRequest("/reset-password", { token, password: "short", confirm: "short" }));
    expect(short.status).toBe(400);
    expect(short.data.error.password).toEqual(["validation.passwordLength"]);
    const mismatch = await callAction(reset, postRequest("/reset-password", { token, password: "long enough one", confirm: "long enough two" }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.error.confirm).toEqual(["validation.passwordMismatch"]);
    expect(db().select().from(schema.users).where(eq(schema.users.id, user.id)).get()!.passwordHash).toBe(before);
    expect((await callLoader(reset, getRequest(`/reset-password?token=${token}`))).status).toBe(200); // still usable
  });

  it("limits reset requests per account", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++)
      expect((await callAction(forgot, postRequest("/forgot-password", { email: user.email }), {}, ctx(`10.8.0.${i}`))).status).toBe(200);
    const limited = await callAction(
      forgot,
      postRequest("/forgot-password", { email: user.email }, { headers: { "Accept-Language": "en" } }),
      {},
      ctx("10.8.1.1"),
    );
    expect(limited.status).toBe(429);
    expect(limited.data.result.error[""][0]).toMatch(/^Too many requests. Try again in \d+ min.$/);
    expect(outboxFor(user.email)).toHaveLength(5);
  });

  it("a reset link mailed before a password change no longer works after it", async () => {
    const user = await createUser();
    await callAction(forgot, postRequest("/forgot-password", { email: user.email }), {}, ctx("10.9.1.1"));
    const token = tokenOf(outboxFor(user.email)[0]);
    const setup = issuePasswordToken(db(), { userId: user.id, purpose: "setup" });
    expect((await callLoader(reset, getRequest(`/reset-password?token=${token}`))).status).toBe(200);

    const cookie = await sessionCookie(user.id);
    const changed = await callAction(
      account,
      postRequest("/account", { intent: "password", current: PASSWORD, password: "changed password 123", confirm: "changed password 123" }, { cookie }),
    );
    expect(changed.status).toBe(200);

    for (const t of [token, setup]) {
      expect((await callLoader(reset, getRequest(`/reset-password?token=${t}`))).status).toBe(410);
      const used = await callAction(reset, postRequest("/reset-password", { token: t, password: "attacker password 1", confirm: "attacker password 1" }));
      expect(used.status).toBe(410);
    }
    const open = db()
      .select()
      .from(schema.passwordTokens)
      .where(eq(schema.passwordTokens.userId, user.id))
      .all()
      .filter((r) => r.usedAt === null);
    expect(open).toHaveLength(0);
    const row = db().select().from(schema.users).where(eq(schema.users.id, user.id)).get()!;
    expect(await verifyPassword(row.passwordHash!, "changed password 123")).toBe(true);
  });

  it("resetting the password spends the account's other reset and setup links too", async () => {
    const user = await createUser();
    const first = issuePasswordToken(db(), { userId: user.id, purpose: "reset" });
    const second = issuePasswordToken(db(), { userId: user.id, purpose: "reset" });
    const setup = issuePasswordToken(db(), { userId: user.id, purpose: "setup" });
    expect(
      (await callAction(reset, postRequest("/reset-password", { token: first, password: "a brand new password", confirm: "a brand new password" }))).status,
    ).toBe(302);
    for (const t of [second, setup]) expect((await callLoader(reset, getRequest(`/reset-password?token=${t}`))).status).toBe(410);
  });
});
