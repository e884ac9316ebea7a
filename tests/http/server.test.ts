import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccount, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";
import { deliveredTextIn } from "../support/outbox";

let server: RunningServer;
const PASSWORD = "a good long password";

beforeAll(async () => {
  server = await startServer();
  await insertAccount(server.dbPath, { email: "admin@example.test", role: "admin", password: PASSWORD, locale: "en" });
  await insertAccount(server.dbPath, { email: "fi@example.test", role: "member", password: PASSWORD, locale: "fi" });
});
afterAll(() => server.stop());

describe("security headers", () => {
  it("sends a CSP whose nonce matches every inline script, and refuses framing", async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) {
      if (attrs.includes("src=")) continue;
      expect(attrs).toContain(`nonce="${nonce}"`);
    }
    const again = await fetch(`${server.url}/login`);
    expect(again.headers.get("content-security-policy")).not.toContain(nonce); // fresh per request
  });

  it("marks the session cookie HttpOnly, SameSite=Lax and Secure in production", async () => {
    const res = await post(`${server.url}/login`, { email: "admin@example.test", password: PASSWORD });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });
});

describe("CSRF", () => {
  it("refuses a cross-origin POST with 403 in the visitor's language and does not act on it", async () => {
    const res = await post(
      `${server.url}/login`,
      { email: "admin@example.test", password: PASSWORD },
      { headers: { Origin: "https://evil.example", "Accept-Language": "fi" } },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/^Pyyntö tuli toiselta sivustolta/);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a POST the browser marks cross-site, even to a signed-in user's form", async () => {
    const cookie = await signInHttp(server.url, "admin@example.test", PASSWORD);
    const res = await post(
      `${server.url}/admin/settings`,
      { name: "Pwned", defaultLocale: "en", timeZone: "UTC" },
      { cookie, headers: { "Sec-Fetch-Site": "cross-site" } },
    );
    expect(res.status).toBe(403);
    expect(queryDb<{ name: string }>(server.dbPath, "SELECT name FROM org_settings")).not.toContainEqual({ name: "Pwned" });
  });

  it("serves the sign-out form only as POST: a GET changes nothing", async () => {
    const cookie = await signInHttp(server.url, "admin@example.test", PASSWORD);
    const before = queryDb(server.dbPath, "SELECT id FROM sessions").length;
    const res = await fetch(`${server.url}/logout`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(queryDb(server.dbPath, "SELECT id FROM sessions").length).toBe(before);
  });
});

describe("error pages", () => {
  it("has no benchmark routes or timings unless the server runs for the benchmark (KAIKU_BENCH=1)", async () => {
    const cookie = await signInHttp(server.url, "admin@example.test", PASSWORD);
    for (const path of ["/bench/baseline", "/bench/baseline.data", "/bench/timings", "/bench/timings?reset=1"]) {
      expect((await fetch(`${server.url}${path}`, { headers: { cookie } })).status, path).toBe(404);
    }
    for (const path of ["/bench/action", "/bench/action.data"]) {
      const res = await post(`${server.url}${path}`, { x: "1" }, { cookie });
      expect(res.status, path).toBe(404);
    }
  });

  it("shows a translated 404 inside the layout", async () => {
    const en = await fetch(`${server.url}/no/such/page`, { headers: { "Accept-Language": "en" } });
    expect(en.status).toBe(404);
    const html = await en.text();
    expect(html).toContain("Page not found");
    expect(html).toContain('href="/login"'); // the header is there
    const fi = await fetch(`${server.url}/no/such/page`, { headers: { "Accept-Language": "fi" } });
    expect(await fi.text()).toContain("Sivua ei löytynyt");
  });

  it("offers a signed-out visitor of a group address a way to sign in and come back, without saying whether the group exists", async () => {
    const res = await fetch(`${server.url}/g/some-group/members`, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Sign in to see it");
    expect(html).toContain('href="/login?redirectTo=%2Fg%2Fsome-group%2Fmembers"');
    const cookie = await signInHttp(server.url, "fi@example.test", PASSWORD);
    const signedIn = await (await fetch(`${server.url}/g/some-group/members`, { headers: { Cookie: cookie } })).text();
    expect(signedIn).not.toContain("Kirjaudu sisään nähdäksesi sen");
  });

  it("shows 403 to a member on an admin page", async () => {
    const cookie = await signInHttp(server.url, "fi@example.test", PASSWORD);
    const res = await fetch(`${server.url}/admin/outbox`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Ei käyttöoikeutta");
  });

  it("answers a server failure with a friendly 500 and no internals", async () => {
    const cookie = await signInHttp(server.url, "fi@example.test", PASSWORD);
    // Break the database under the running server: session lookups now fail inside SQLite.
    const db = new Database(server.dbPath);
    db.exec("ALTER TABLE sessions RENAME TO sessions_moved");
    try {
      const res = await fetch(`${server.url}/`, { headers: { Cookie: cookie, "Accept-Language": "en" } });
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain("Something went wrong");
      expect(html).not.toMatch(/SqliteError|no such table|sessions_moved|\.ts:\d+|at async/);
      const data = await fetch(`${server.url}/account.data`, { headers: { Cookie: cookie } });
      expect(await data.text()).not.toMatch(/no such table|SqliteError/);
    } finally {
      db.exec("ALTER TABLE sessions_moved RENAME TO sessions");
      db.close();
    }
  });
});

describe("every form answers bad input with 400 and a translated field error", () => {
  const expectError = async (res: Response, text: string) => {
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(text);
  };

  it("sign-in and password reset forms", async () => {
    await expectError(
      await post(`${server.url}/login`, { email: "nope", password: "x" }, { headers: { "Accept-Language": "en" } }),
      "Enter a valid email address, like name@example.com.",
    );
    await expectError(await post(`${server.url}/login`, { email: "", password: "" }, { headers: { "Accept-Language": "fi" } }), "Tämä kenttä on pakollinen.");
    await expectError(
      await post(`${server.url}/forgot-password`, { email: "x".repeat(300) }, { headers: { "Accept-Language": "fi" } }),
      "Tämä on liian pitkä.",
    );
    await post(`${server.url}/forgot-password`, { email: "admin@example.test" });
    const token = new URL(deliveredTextIn(server.dbPath, "admin@example.test").match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
    await expectError(
      await post(`${server.url}/reset-password?token=${token}`, { token, password: "short", confirm: "short" }, { headers: { "Accept-Language": "en" } }),
      "Use 10–200 characters.",
    );
  });

  it("account and admin forms", async () => {
    const fi = await signInHttp(server.url, "fi@example.test", PASSWORD);
    await expectError(await post(`${server.url}/account`, { intent: "profile", name: "" }, { cookie: fi }), "Anna 1–80 merkin nimi.");
    await expectError(
      await post(`${server.url}/account`, { intent: "password", current: "x", password: "long enough pw", confirm: "different pw!!" }, { cookie: fi }),
      "Salasanat eivät täsmää.",
    );
    const admin = await signInHttp(server.url, "admin@example.test", PASSWORD);
    await expectError(
      await post(`${server.url}/admin/users`, { intent: "create", email: "bad", name: "X", role: "member" }, { cookie: admin }),
      "Enter a valid email address",
    );
    await expectError(
      await post(`${server.url}/admin/settings`, { name: "Org", defaultLocale: "en", timeZone: "Nowhere/City" }, { cookie: admin }),
      "Enter a time zone such as Europe/Helsinki.",
    );
  });

  it("a 400 for an unknown intent, not a 500", async () => {
    const admin = await signInHttp(server.url, "admin@example.test", PASSWORD);
    const res = await post(`${server.url}/admin/users`, { intent: "drop-tables" }, { cookie: admin });
    expect(res.status).toBe(400);
  });
});
