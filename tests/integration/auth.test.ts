import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as account from "../../app/routes/account";
import { PASSWORD, createUser, sessionCookie } from "../support/factories";
import { callAction, callLoader, cookieFrom, getRequest, postRequest } from "../support/remix";

const signIn = (fields: Record<string, string>, headers: Record<string, string> = {}, ip = "10.0.0.1") =>
  callAction(login, postRequest("/login", fields, { headers }), {}, { cspNonce: "", clientIp: ip });

describe("sign in", () => {
  it("creates a session and redirects to a same-origin redirectTo", async () => {
    const user = await createUser();
    const res = await signIn({ email: user.email.toUpperCase(), password: PASSWORD, redirectTo: "/account?tab=1" });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/account?tab=1");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await callLoader(account, getRequest("/account", { cookie: cookieFrom(res.headers) }));
    expect(me.data.user.email).toBe(user.email);
  });

  it.each(["//evil.example/x", "/\t/evil.example", "https://evil.example", "/\n/evil.example"])("never redirects off-site (%j)", async (redirectTo) => {
    const user = await createUser();
    const res = await signIn({ email: user.email, password: PASSWORD, redirectTo });
    expect(res.status).toBe(302);
    expect(new URL(res.location!, "https://kaiku.example").origin).toBe("https://kaiku.example");
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const user = await createUser();
    const noPassword = await createUser({ password: null });
    const wrong = await signIn({ email: user.email, password: "not the password" }, { "Accept-Language": "en" });
    const unknown = await signIn({ email: "nobody@example.test", password: "whatever it is" }, { "Accept-Language": "en" });
    const pending = await signIn({ email: noPassword.email, password: "whatever it is" }, { "Accept-Language": "en" });
    for (const res of [wrong, unknown, pending]) {
      expect(res.status).toBe(400);
      expect(res.data.error[""]).toEqual(["The email or password is incorrect. Check them and try again, or reset your password."]);
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("answers in the browser's language", async () => {
    const res = await signIn({ email: "nobody@example.test", password: "x" }, { "Accept-Language": "fi-FI,fi;q=0.9" });
    expect(res.data.error[""][0]).toMatch(/^Sähköposti tai salasana on väärin/);
  });

  it("returns 400 with field errors for malformed input, never a session", async () => {
    const res = await signIn({ email: "not-an-email", password: "" });
    expect(res.status).toBe(400);
    expect(res.data.error.email).toEqual(["validation.email"]);
    expect(res.data.error.password).toEqual(["validation.required"]);
  });

  it("blocks an account after 10 failures in 15 minutes, even with the right password, and says when to retry", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) expect((await signIn({ email: user.email, password: `wrong-${i}` }, {}, `10.1.0.${i}`)).status).toBe(400);
    const blocked = await signIn({ email: user.email, password: PASSWORD }, { "Accept-Language": "en" }, "10.1.1.1");
    expect(blocked.status).toBe(429);
    expect(blocked.data.error[""][0]).toBe("Too many failed sign-in attempts. Try again in 15 min, or reset your password.");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(800);
    // Kept in SQLite, so a restart does not reset it.
    const row = db()
      .select()
      .from(schema.rateLimits)
      .where(eq(schema.rateLimits.key, `login:account:${user.email}`))
      .get();
    expect(row?.count).toBe(10);
  });

  it("blocks an address that sprays many accounts", async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < 50; i++) await signIn({ email: `spray${i}@example.test`, password: "x" }, {}, ip);
    const user = await createUser();
    expect((await signIn({ email: user.email, password: PASSWORD }, {}, ip)).status).toBe(429);
    expect((await signIn({ email: user.email, password: PASSWORD }, {}, "10.2.0.2")).status).toBe(302);
  });

  it("clears the account's failure count after a successful sign-in", async () => {
    const user = await createUser();
    for (let i = 0; i < 9; i++) await signIn({ email: user.email, password: "wrong" });
    expect((await signIn({ email: user.email, password: PASSWORD })).status).toBe(302);
    for (let i = 0; i < 9; i++) await signIn({ email: user.email, password: "wrong" });
    expect((await signIn({ email: user.email, password: PASSWORD })).status).toBe(302);
  });
});

describe("sign out", () => {
  it("invalidates the session on the server", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const res = await callAction(logout, postRequest("/logout", {}, { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/kaiku_session=;/);
    expect(db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id)).all()).toHaveLength(0);
    // The old cookie no longer authenticates.
    const after = await callLoader(account, getRequest("/account", { cookie }));
    expect(after.status).toBe(302);
    expect(after.location).toBe("/login?redirectTo=%2Faccount");
  });
});
