// XSS over real HTTP: an idea title, body and comment made of payloads, posted through the forms of the built
// server, come back escaped on the idea page and on the board. (The loader-level payload list is in
// tests/integration/idea-access.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("XSS over HTTP (the built server)", () => {
  let server: RunningServer;
  let cookie: string;
  let boardId: number;
  const PASSWORD = "a good long password";
  const pilot = "xss-pilot";
  beforeAll(async () => {
    server = await startServer();
    const memberId = await insertAccount(server.dbPath, { email: "member@example.test", name: "Mia Member", password: PASSWORD, locale: "en" });
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug: pilot, name: "XSS pilot", moderatorId: modId });
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      memberId,
      Date.now(),
    );
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    cookie = await signInHttp(server.url, "member@example.test", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a payload title, body and comment posted through the forms come back escaped on the idea page and the board", async () => {
    const title = "<script>alert(1)</script>";
    const body = "<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<svg onload=alert(1)>";
    const created = await post(`${server.url}/g/${pilot}/ideas/new`, { intent: "submit", boardId: String(boardId), title, body, confirmed: "1" }, { cookie });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toMatch(new RegExp(`/g/${pilot}/ideas/1\\?posted=1$`));
    const said = await post(
      `${server.url}/g/${pilot}/ideas/1`,
      { intent: "comment", body: '"><script>alert(2)</script><iframe src=javascript:alert(3)>' },
      { cookie },
    );
    expect(said.status).toBe(302);
    expect(queryDb(server.dbPath, "SELECT title, body FROM ideas")).toEqual([{ title, body }]);

    for (const path of [`/g/${pilot}/ideas/1`, `/g/${pilot}/ideas`]) {
      const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).not.toMatch(/<script>alert\(/i);
      expect(html, path).not.toMatch(/<(img|svg|iframe)\s+(src|onload|onerror)/i);
      expect(html, path).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
      expect(html, path).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    const page = await (await fetch(`${server.url}/g/${pilot}/ideas/1`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
  });
});
