// Deleting for good over real HTTP against the built server, as a browser without JavaScript does it: staff post
// the idea page's "Delete for good" form (intent=erase) for a comment and then the idea; the text is gone from the
// rows and the search, a member then gets 404 for the idea page; members are not offered the form and are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectPhoneReady, launchBrowser, newContext } from "../support/browser";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("deleting for good without JavaScript (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "erase-pilot";
  const MARKER = `Secretword${Math.random().toString(36).slice(2, 10)}`;
  const COMMENT_MARKER = `Phonenumber${Math.random().toString(36).slice(2, 10)}`;
  const cookies = {} as Record<"staff" | "author" | "member" | "mod", string>;
  let page: string;
  let commentId: number;
  let ideaId: number;

  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: res.status, body: await res.text() };
  };
  const tables = () =>
    JSON.stringify(
      ["ideas", "comments", "idea_tags", "moderation_cases", "moderation_decisions", "audit_log", "domain_events", "notifications"].map((t) =>
        queryDb(server.dbPath, `SELECT * FROM ${t} ORDER BY rowid`),
      ),
    );
  const erase = (who: keyof typeof cookies, itemType: "idea" | "comment", itemId: number, reason = "Personal data (legal request)") =>
    post(`${server.url}${page}`, { intent: "erase", itemType, itemId: String(itemId), reason }, { cookie: cookies[who] });

  beforeAll(async () => {
    server = await startServer();
    await insertAccount(server.dbPath, { email: "staff@example.test", name: "Sam Staff", role: "staff", password: PASSWORD, locale: "en" });
    cookies.staff = await signInHttp(server.url, "staff@example.test", PASSWORD);
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "en" });
    cookies.mod = await signInHttp(server.url, "mod@example.test", PASSWORD);
    const groupId = insertGroup(server.dbPath, { slug, name: "Erase pilot", moderatorId: modId });
    for (const name of ["author", "member"] as const) {
      const id = await insertAccount(server.dbPath, { email: `${name}@example.test`, name: `Person ${name}`, password: PASSWORD, locale: "en" });
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        id,
        Date.now(),
      );
      cookies[name] = await signInHttp(server.url, `${name}@example.test`, PASSWORD);
    }
    execDb(server.dbPath, "UPDATE groups SET member_count = 3 WHERE id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    const created = await post(
      `${server.url}/g/${slug}/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: `Quieter ${MARKER} rooms`, body: `Ask ${MARKER} about it.`, confirmed: "1" },
      { cookie: cookies.author },
    );
    expect(created.status).toBe(302);
    page = `/g/${slug}/ideas/1`;
    const commented = await post(`${server.url}${page}`, { intent: "comment", body: `Call me: ${COMMENT_MARKER}` }, { cookie: cookies.member });
    expect(commented.status).toBe(302);
    commentId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments")[0].id;
    ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas")[0].id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("staff are offered the forms; a member and the group's moderator are not, and their posts are refused with nothing written", async () => {
    const staff = await get(page, cookies.staff);
    expect(staff.status).toBe(200);
    expect(staff.body).toContain('value="erase"');
    expect(staff.body).toContain("Delete for good");
    expect(staff.body).toContain(`name="itemId" value="${commentId}"`);
    for (const who of ["member", "mod", "author"] as const) {
      const seen = await get(page, cookies[who]);
      expect(seen.body, who).not.toContain('value="erase"');
      const before = tables();
      expect((await erase(who, "comment", commentId)).status, who).toBe(403);
      expect((await erase(who, "idea", ideaId)).status, who).toBe(403);
      expect(tables(), who).toBe(before);
    }
  });

  it("no reason, a two-line reason, another idea's comment: refused (400, 400, 404), nothing written", async () => {
    const before = tables();
    const empty = await erase("staff", "comment", commentId, "");
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Give a reason for deleting this for good.");
    expect((await erase("staff", "comment", commentId, "one\ntwo")).status).toBe(400);
    expect((await erase("staff", "comment", 999_999)).status).toBe(404);
    expect((await erase("staff", "idea", 999_999)).status).toBe(404);
    expect(tables()).toBe(before);
  });

  it("the page with the forms open passes axe and fits a 375 px phone for staff", async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, { viewport: { width: 375, height: 800 } });
      const [name, value] = cookies.staff.split("=");
      await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/" }]);
      const tab = await context.newPage();
      await expectPhoneReady(tab, `${server.url}${page}`);
      expect(await tab.locator('button[value="erase"]').count()).toBe(2);
      expect(context.problems).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("staff erase the comment: back to the idea with a notice; the text is gone", async () => {
    const res = await erase("staff", "comment", commentId);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${page}?erased=comment#comments`);
    const after = await get(`${page}?erased=comment`, cookies.staff);
    expect(after.body).toContain("The comment was deleted for good.");
    expect(after.body).not.toContain(COMMENT_MARKER);
    expect(
      queryDb(server.dbPath, "SELECT body, erased_at IS NOT NULL AS erased, deleted_at IS NOT NULL AS deleted FROM comments WHERE id = ?", commentId),
    ).toEqual([{ body: "", erased: 1, deleted: 1 }]);
    expect(queryDb(server.dbPath, "SELECT comment_count FROM ideas WHERE id = ?", ideaId)).toEqual([{ comment_count: 0 }]);
    expect((await erase("staff", "comment", commentId)).status).toBe(409);
  });

  it("staff erase the idea: to the board with a notice; a member then gets 404 and the search finds nothing", async () => {
    const res = await erase("staff", "idea", ideaId);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toBe(`/g/${slug}/ideas?board=b&erased=idea`);
    const board = await get(location, cookies.staff);
    expect(board.status).toBe(200);
    expect(board.body).toContain("The idea was deleted for good.");
    expect(board.body).not.toContain(MARKER);
    expect((await get(page, cookies.member)).status).toBe(404);
    const search = await get(`/g/${slug}/ideas?q=${MARKER}`, cookies.member);
    // The query is echoed in the search box; the title's other words are not anywhere.
    expect(search.body).not.toContain("Quieter");
    expect(queryDb(server.dbPath, "SELECT title, body, erased_at IS NOT NULL AS erased FROM ideas WHERE id = ?", ideaId)).toEqual([
      { title: "", body: "", erased: 1 },
    ]);
    expect(queryDb(server.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'moderation.delete'")).toEqual([{ n: 2 }]);
    expect(JSON.stringify(queryDb(server.dbPath, "SELECT * FROM audit_log"))).not.toContain(MARKER);
    expect(queryDb(server.dbPath, "SELECT idea_count FROM boards")).toEqual([{ idea_count: 0 }]);
  });
});
