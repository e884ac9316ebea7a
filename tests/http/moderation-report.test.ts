// Reporting a comment over real HTTP against the built server, as a browser without JavaScript does it: a plain
// form post with intent=report. Three distinct reporters hide the comment (the group's default threshold), a fourth
// member no longer finds its text, the reporter sees their report and withdraws it; one's own comment and a 1 MB
// note are refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectPhoneReady, launchBrowser, newContext } from "../support/browser";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("reporting a comment without JavaScript (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "report-pilot";
  const MARKER = `OffensiveWords${Math.random().toString(36).slice(2, 10)}`;
  const names = ["author", "r1", "r2", "r3", "reader"] as const;
  const cookies = {} as Record<(typeof names)[number], string>;
  let commentId: number;
  let page: string;
  let modCookie: string;
  let groupId: string;
  const ids = {} as Record<(typeof names)[number], string>;

  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: res.status, body: await res.text() };
  };
  const tables = () =>
    JSON.stringify(
      ["reports", "moderation_cases", "moderation_decisions", "domain_events", "notifications"].map((t) =>
        queryDb(server.dbPath, `SELECT * FROM ${t} ORDER BY rowid`),
      ),
    );
  const report = (who: (typeof names)[number], fields: Record<string, string> = {}) =>
    post(
      `${server.url}${page}`,
      { intent: "report", itemType: "comment", itemId: String(commentId), reason: "offensive", ...fields },
      { cookie: cookies[who] },
    );

  beforeAll(async () => {
    server = await startServer();
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "en" });
    modCookie = await signInHttp(server.url, "mod@example.test", PASSWORD);
    groupId = insertGroup(server.dbPath, { slug, name: "Report pilot", moderatorId: modId });
    for (const name of names) {
      const id = await insertAccount(server.dbPath, { email: `${name}@example.test`, name: `Person ${name}`, password: PASSWORD, locale: "en" });
      ids[name] = id;
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        id,
        Date.now(),
      );
      cookies[name] = await signInHttp(server.url, `${name}@example.test`, PASSWORD);
    }
    execDb(server.dbPath, "UPDATE groups SET member_count = ? WHERE id = ?", names.length + 1, groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    const created = await post(
      `${server.url}/g/${slug}/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: "Quieter library", body: "More quiet rooms, please.", confirmed: "1" },
      { cookie: cookies.author },
    );
    expect(created.status).toBe(302);
    page = `/g/${slug}/ideas/1`;
    const commented = await post(`${server.url}${page}`, { intent: "comment", body: `Reply with ${MARKER} in it.` }, { cookie: cookies.author });
    expect(commented.status).toBe(302);
    commentId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments")[0].id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the page offers a plain report form for others' comments, not for one's own", async () => {
    const reader = await get(page, cookies.r1);
    expect(reader.body).toContain('name="intent" value="report"');
    expect(reader.body).toContain(`name="itemId" value="${commentId}"`);
    const author = await get(page, cookies.author);
    expect(author.body).not.toContain(`name="itemId" value="${commentId}"`);
  });

  it("one's own comment: 409, nothing written", async () => {
    const before = tables();
    const res = await report("author");
    expect(res.status).toBe(409);
    expect(tables()).toBe(before);
  });

  it("a 1 MB note: 400 or 413, nothing written", async () => {
    const before = tables();
    const res = await report("r1", { note: "x".repeat(1024 * 1024) });
    expect([400, 413]).toContain(res.status);
    expect(tables()).toBe(before);
  });

  it("a note over 1000 characters (under the body limit): a translated 400, nothing written", async () => {
    const before = tables();
    const res = await report("r1", { note: "x".repeat(1001) });
    expect(res.status).toBe(400);
    expect(tables()).toBe(before);
  });

  it("an unknown reason: 400, nothing written", async () => {
    const before = tables();
    const res = await report("r1", { reason: "boring" });
    expect(res.status).toBe(400);
    expect(tables()).toBe(before);
  });

  it("a member reports; the confirmation and 'You reported this' with a withdraw button show", async () => {
    const res = await report("r1", { note: "Not nice." });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toBe(`${page}?reported=comment-${commentId}#comment-${commentId}`);
    const after = await get(location.split("#")[0], cookies.r1);
    expect(after.body).toContain("your report was sent to the group");
    expect(after.body).toContain("You reported this (Offensive or harassing).");
    expect(after.body).toContain('value="withdraw-report"');
    expect(queryDb(server.dbPath, "SELECT reason, note, withdrawn_at FROM reports")).toEqual([{ reason: "offensive", note: "Not nice.", withdrawn_at: null }]);
    // Still shown to others: one report does not hide it.
    expect((await get(page, cookies.reader)).body).toContain(MARKER);
  });

  it("a second and a third reporter hide it: a fourth member no longer sees its text", async () => {
    expect((await report("r2", { reason: "spam" })).status).toBe(302);
    expect((await report("r3")).status).toBe(302);
    const hidden = queryDb<{ hidden_at: number | null }>(server.dbPath, "SELECT hidden_at FROM comments WHERE id = ?", commentId)[0];
    expect(hidden.hidden_at).not.toBeNull();
    for (const path of [page, `${page}.data`]) {
      const res = await get(path, cookies.reader);
      expect(res.status, path).toBe(200);
      expect(res.body, path).toContain("Quieter library");
      expect(res.body, path).not.toContain(MARKER);
    }
  });

  it("the author sees their hidden comment marked; the moderator sees it marked with a link to the review queue", async () => {
    const author = await get(page, cookies.author);
    expect(author.body).toContain(MARKER);
    expect(author.body).toContain("Hidden pending review after reports.");
    const moderator = await get(page, modCookie);
    expect(moderator.body).toContain(MARKER);
    expect(moderator.body).toContain(`href="/g/${slug}/review"`);
    expect(moderator.body).toContain("Hidden — see the review queue");
    // The header badge counts the open case for the moderator, not for a member.
    expect(moderator.body).toContain("1 item to review");
    expect((await get(page, cookies.reader)).body).not.toContain("to review");
  });

  it("the reporter withdraws the report", async () => {
    const res = await post(`${server.url}${page}`, { intent: "withdraw-report", itemType: "comment", itemId: String(commentId) }, { cookie: cookies.r1 });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("withdrawn=comment-");
    const r1 = queryDb<{ withdrawn_at: number | null }>(
      server.dbPath,
      "SELECT withdrawn_at FROM reports WHERE reporter_id = (SELECT id FROM users WHERE email = 'r1@example.test')",
    );
    expect(r1).toHaveLength(1);
    expect(r1[0].withdrawn_at).not.toBeNull();
    // A second withdrawal has no open report to withdraw.
    const again = await post(`${server.url}${page}`, { intent: "withdraw-report", itemType: "comment", itemId: String(commentId) }, { cookie: cookies.r1 });
    expect(again.status).toBe(404);
  });

  it("the idea itself is reported by its own form; the reporter sees it reported", async () => {
    const ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE number = 1")[0].id;
    const res = await post(
      `${server.url}${page}`,
      { intent: "report", itemType: "idea", itemId: String(ideaId), reason: "off_topic" },
      { cookie: cookies.reader },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${page}?reported=idea-${ideaId}#idea-title`);
    const after = await get(page, cookies.reader);
    expect(after.body).toContain("You reported this (Off-topic).");
    expect(queryDb(server.dbPath, "SELECT item_type, item_id, reason FROM reports WHERE reporter_id = ?", ids.reader)).toEqual([
      { item_type: "idea", item_id: String(ideaId), reason: "off_topic" },
    ]);
    // The author is offered no form for their own idea.
    // (Their auto-hidden comment may share the id: it carries an appeal form, itemType "comment".)
    expect((await get(page, cookies.author)).body).not.toContain(`name="itemType" value="idea"/><input type="hidden" name="itemId" value="${ideaId}"`);
  });

  it("a hidden comment with replies leaves 'Hidden by a moderator' in its place for others", async () => {
    const SECOND = `SecondMarker${Math.random().toString(36).slice(2, 8)}`;
    expect((await post(`${server.url}${page}`, { intent: "comment", body: `Also ${SECOND}.` }, { cookie: cookies.author })).status).toBe(302);
    const second = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments ORDER BY id DESC LIMIT 1")[0].id;
    const replied = await post(`${server.url}${page}`, { intent: "comment", body: "A calm reply.", parentId: String(second) }, { cookie: cookies.reader });
    expect(replied.status).toBe(302);
    for (const who of ["r1", "r2", "r3"] as const) {
      const res = await post(
        `${server.url}${page}`,
        { intent: "report", itemType: "comment", itemId: String(second), reason: "spam" },
        { cookie: cookies[who] },
      );
      expect(res.status, who).toBe(302);
    }
    const reader = await get(page, cookies.reader);
    expect(reader.body).not.toContain(SECOND);
    expect(reader.body).toContain("Hidden by a moderator");
    expect(reader.body).toContain("A calm reply.");
    // No report form for the placeholder.
    expect(reader.body).not.toContain(`name="itemId" value="${second}"`);
  });

  it("the page with its report forms open passes axe and fits a 375 px phone, for a member and for the moderator", async () => {
    const browser = await launchBrowser();
    try {
      for (const cookie of [cookies.r3, cookies.reader, modCookie]) {
        const context = await newContext(browser, { viewport: { width: 375, height: 800 } });
        const [name, value] = cookie.split("=");
        await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/" }]);
        const tab = await context.newPage();
        await expectPhoneReady(tab, `${server.url}${page}`);
        // Signed in on the idea page itself (not the sign-in page), with a report form or the report made.
        expect(await tab.locator("#idea-title").textContent()).toBe("Quieter library");
        expect(await tab.locator('button[value="report"], button[value="withdraw-report"]').count()).toBeGreaterThan(0);
        expect(context.problems).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("a muted member sees why and until when instead of the form, and a report is refused (403, nothing written)", async () => {
    execDb(
      server.dbPath,
      "INSERT INTO member_mutes (group_id, user_id, muted_by, reason, length, starts_at, ends_at) VALUES (?, ?, NULL, 'Cool down', '1w', ?, ?)",
      groupId,
      ids.r2,
      Date.now() - 1000,
      Date.now() + 7 * 86_400_000,
    );
    const muted = await get(page, cookies.r2);
    expect(muted.body).toContain("You are muted in this group until");
    expect(muted.body).toContain("Cool down");
    expect(muted.body).not.toContain('value="report"');
    const before = tables();
    const ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE number = 1")[0].id;
    const res = await post(`${server.url}${page}`, { intent: "report", itemType: "idea", itemId: String(ideaId), reason: "spam" }, { cookie: cookies.r2 });
    expect(res.status).toBe(403);
    expect(tables()).toBe(before);
  });

  it("a hidden idea: the author sees the reason, the moderator a mark with the queue's link, a member a 404", async () => {
    execDb(server.dbPath, "UPDATE ideas SET hidden_at = ?, hidden_reason = 'Rude title' WHERE number = 1 AND group_id = ?", Date.now(), groupId);
    const author = await get(page, cookies.author);
    expect(author.status).toBe(200);
    expect(author.body).toContain("Hidden by a moderator: Rude title");
    const moderator = await get(page, modCookie);
    expect(moderator.status).toBe(200);
    expect(moderator.body).toContain("Hidden — see the review queue");
    expect((await get(page, cookies.r3)).status).toBe(404);
  });
});
