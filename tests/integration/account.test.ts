import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessionKey } from "../../app/auth/adapter.server";
import { verifyPassword } from "../../app/auth/password.server";
import { db, schema } from "../../app/db.server";
import * as account from "../../app/routes/account";
import * as setLocale from "../../app/routes/set-locale";
import * as root from "../../app/root";
import { PASSWORD, createUser, sessionCookie } from "../support/factories";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const userRow = (id: string) => db().select().from(schema.users).where(eq(schema.users.id, id)).get()!;

describe("account", () => {
  it("redirects signed-out visitors to sign in", async () => {
    const res = await callAction(account, postRequest("/account", { intent: "profile", name: "X" }));
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("updates the display name and language", async () => {
    const user = await createUser({ locale: "en" });
    const cookie = await sessionCookie(user.id);
    const res = await callAction(account, postRequest("/account", { intent: "profile", name: "  Aino Uusi  ", locale: "fi" }, { cookie }));
    expect(res.status).toBe(200);
    expect(userRow(user.id)).toMatchObject({ name: "Aino Uusi", locale: "fi" });
    const emptyLocale = await callAction(account, postRequest("/account", { intent: "profile", name: "Aino", locale: "" }, { cookie }));
    expect(emptyLocale.status).toBe(200);
    expect(userRow(user.id).locale).toBeNull();
  });

  it("rejects bad input with 400 and writes nothing", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const cases: Record<string, string>[] = [
      { intent: "profile", name: "" },
      { intent: "profile", name: "x".repeat(81) },
      { intent: "profile", name: "Ok", locale: "sv" },
      { intent: "profile", name: "Ok", extra: "field" },
      { intent: "nonsense" },
    ];
    for (const fields of cases) {
      const res = await callAction(account, postRequest("/account", fields, { cookie }));
      expect(res.status, JSON.stringify(fields)).toBe(400);
    }
    expect(userRow(user.id).name).toBe(user.name);
    const extra = await callAction(account, postRequest("/account", { intent: "profile", name: "Ok", extra: "x" }, { cookie }));
    expect(extra.data.result.error[""]).toEqual(["validation.unexpectedField"]);
  });

  it("changes the password and ends only the other sessions", async () => {
    const user = await createUser();
    const current = await sessionCookie(user.id);
    await sessionCookie(user.id);
    await sessionCookie(user.id);
    const wrong = await callAction(
      account,
      postRequest(
        "/account",
        { intent: "password", current: "nope nope nope", password: "new password 123", confirm: "new password 123" },
        { cookie: current },
      ),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.current).toEqual(["The current password is not correct."]);
    expect(db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id)).all()).toHaveLength(3);

    const ok = await callAction(
      account,
      postRequest("/account", { intent: "password", current: PASSWORD, password: "new password 123", confirm: "new password 123" }, { cookie: current }),
    );
    expect(ok.status).toBe(200);
    const sessions = db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id)).all();
    expect(sessions.map((s) => s.id)).toEqual([sessionKey(current.split("=")[1])]); // stored by its hash
    expect(await verifyPassword(userRow(user.id).passwordHash!, "new password 123")).toBe(true);
  });
});

describe("language", () => {
  it("follows the user's setting, then the switcher's cookie, then Accept-Language", async () => {
    const anon = await callLoader(root, getRequest("/", { headers: { "Accept-Language": "en-GB,en;q=0.9" } }));
    expect(anon.data.locale).toBe("en");
    const cookieWins = await callLoader(root, getRequest("/", { headers: { "Accept-Language": "en", Cookie: "kaiku_lang=fi" } }));
    expect(cookieWins.data.locale).toBe("fi");
    const user = await createUser({ locale: "fi" });
    const cookie = await sessionCookie(user.id);
    const settingWins = await callLoader(root, getRequest("/", { cookie: `${cookie}; kaiku_lang=en`, headers: { "Accept-Language": "en" } }));
    expect(settingWins.data.locale).toBe("fi");
  });

  it("the switcher stores the choice on the account and in a cookie, and only redirects on-site", async () => {
    const user = await createUser({ locale: "fi" });
    const cookie = await sessionCookie(user.id);
    const res = await callAction(setLocale, postRequest("/set-locale", { locale: "en", redirectTo: "//evil.example" }, { cookie }));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/");
    expect(res.headers.get("Set-Cookie")).toMatch(/^kaiku_lang=en;/);
    expect(userRow(user.id).locale).toBe("en");
    const bad = await callAction(setLocale, postRequest("/set-locale", { locale: "de" }, { cookie }));
    expect(bad.status).toBe(400);
  });
});
