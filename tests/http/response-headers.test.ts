// Issue 11 item 15: headers that loaders and actions pass to data() reach the document and data responses.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
const PASSWORD = "a good long password";
const DAY_S = 86_400;

beforeAll(async () => {
  server = await startServer();
  await insertAccount(server.dbPath, { email: "fresh@example.test", password: PASSWORD, locale: "en" });
  await insertAccount(server.dbPath, { email: "limited@example.test", password: PASSWORD, locale: "en" });
}, 60_000);
afterAll(() => server.stop());

describe("route headers", () => {
  it("sends Referrer-Policy: no-referrer (and only that) on the password-reset and invitation pages", async () => {
    for (const path of ["/reset-password?token=not-a-real-token", "/invite/AAAAAAAAAAAAAAAAAAAAAAAA", "/reset-password.data?token=not-a-real-token"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    expect((await fetch(`${server.url}/login`)).headers.get("referrer-policy")).toBe("same-origin");
  });

  it("sends Retry-After with the 429 of a sign-in past its limit, as a page and as data", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 12 && last?.status !== 429; i++)
      last = await post(`${server.url}/login`, { email: "limited@example.test", password: "wrong password!" });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    const data = await post(`${server.url}/login.data`, { email: "limited@example.test", password: "wrong password!" });
    expect(data.status).toBe(429);
    expect(Number(data.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("sends the refreshed session cookie when Lucia extends a session past half its life, on pages and data", async () => {
    const cookie = await signInHttp(server.url, "fresh@example.test", PASSWORD);
    const sessionId = createHash("sha256").update(cookie.split("=")[1]).digest("hex"); // sessions are stored by the hash of their id
    for (const path of ["/", "/account", "/notifications.data"]) {
      const soon = Math.floor(Date.now() / 1000) + DAY_S;
      execDb(server.dbPath, "UPDATE sessions SET expires_at = ? WHERE id = ?", soon, sessionId);
      const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status, path).toBeLessThan(400);
      const refreshed = res.headers.getSetCookie().find((c) => c.startsWith(`${cookie}`));
      expect(refreshed, `${path}: ${res.headers.getSetCookie().join(" | ")}`).toBeDefined();
      const maxAge = /Max-Age=(\d+)/i.exec(refreshed!)?.[1];
      const expires = maxAge ? Date.now() + Number(maxAge) * 1000 : Date.parse(/Expires=([^;]+)/i.exec(refreshed!)![1]);
      expect(expires - Date.now(), refreshed).toBeGreaterThan(20 * DAY_S * 1000);
      const [row] = queryDb<{ expires_at: number }>(server.dbPath, "SELECT expires_at FROM sessions WHERE id = ?", sessionId);
      expect(row.expires_at).toBeGreaterThan(soon + 10 * DAY_S);
    }
    // A session with plenty of life left is not sent again on every request.
    const res = await fetch(`${server.url}/account`, { headers: { Cookie: cookie } });
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
