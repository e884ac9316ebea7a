// Asking for a review of one's hidden idea and comment over real HTTP against the built server, as a browser without
// JavaScript does it: a plain form post with intent=appeal. The author sees the form on their hidden items, asks
// once (the item returns to the queue marked appeal, with the note), then sees "You asked for a review"; a second
// appeal, an appeal by someone else and a too long note are refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectPhoneReady, launchBrowser, newContext } from "../support/browser";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("asking for a review without JavaScript (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "appeal-pilot";
  const cookies = {} as Record<"author" | "reader", string>;
  let modCookie: string;
  let ideaId: number;
  let commentId: number;
  let page: string;

  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: res.status, body: await res.text() };
  };
  const tables = () =>
    JSON.stringify(
      ["moderation_cases", "moderation_decisions", "audit_log", "domain_events"].map((t) => queryDb(server.dbPath, `SELECT * FROM ${t} ORDER BY rowid`)),
    );
  const appeal = (who: "author" | "reader", fields: Record<string, string>) =>
    post(`${server.url}${page}`, { intent: "appeal", ...fields }, { cookie: cookies[who] });

  beforeAll(async () => {
    server = await startServer();
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "en" });
    modCookie = await signInHttp(server.url, "mod@example.test", PASSWORD);
    const groupId = insertGroup(server.dbPath, { slug, name: "Appeal pilot", moderatorId: modId });
    for (const name of ["author", "reader"] as const) {
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
      { intent: "submit", boardId: String(boardId), title: "Louder library", body: "Music in the reading room.", confirmed: "1" },
      { cookie: cookies.author },
    );
    expect(created.status).toBe(302);
    page = `/g/${slug}/ideas/1`;
    const commented = await post(`${server.url}${page}`, { intent: "comment", body: "And drums, too." }, { cookie: cookies.author });
    expect(commented.status).toBe(302);
    ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas")[0].id;
    commentId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments")[0].id;
    // A moderator hid both (the decision itself is another test's subject).
    execDb(server.dbPath, "UPDATE ideas SET hidden_at = ?, hidden_by = ?, hidden_reason = 'Too loud' WHERE id = ?", Date.now(), modId, ideaId);
    execDb(server.dbPath, "UPDATE comments SET hidden_at = ?, hidden_by = ?, hidden_reason = 'Drums' WHERE id = ?", Date.now(), modId, commentId);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the author sees the form on their hidden idea and comment; someone else cannot appeal (404), nothing written", async () => {
    const mine = await get(page, cookies.author);
    expect(mine.status).toBe(200);
    expect(mine.body).toContain("Hidden by a moderator: Too loud");
    expect(mine.body).toContain('name="intent" value="appeal"');
    expect(mine.body).toContain("Ask for a review");
    expect(mine.body).toContain("What should the moderator know? (optional)");
    expect(mine.body.match(/value="appeal"/g)?.length).toBe(2);
    // The moderator sees the marks, not the author's form.
    const moderator = await get(page, modCookie);
    expect(moderator.body).not.toContain('value="appeal"');
    // A member: the idea is not there, and a hand-made appeal is refused the same way.
    expect((await get(page, cookies.reader)).status).toBe(404);
    const before = tables();
    expect((await appeal("reader", { itemType: "idea", itemId: String(ideaId) })).status).toBe(404);
    // Too long a note: 400 beside the form.
    const long = await appeal("author", { itemType: "idea", itemId: String(ideaId), note: "x".repeat(1001) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("The note is too long");
    // An item that is not on this page: 404.
    expect((await appeal("author", { itemType: "idea", itemId: String(ideaId + 1) })).status).toBe(404);
    expect(tables()).toBe(before);
  });

  it("the author's page with both appeal forms passes axe and fits a 375 px phone", async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, { viewport: { width: 375, height: 800 } });
      const [name, value] = cookies.author.split("=");
      await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/" }]);
      const tab = await context.newPage();
      await expectPhoneReady(tab, `${server.url}${page}`);
      expect(await tab.locator('button[value="appeal"]').count()).toBe(2);
      expect(await tab.getByLabel("What should the moderator know? (optional)").count()).toBe(2);
      expect(context.problems).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("the author asks once: redirect, the case is open with origin appeal and the note, then only the line", async () => {
    const res = await appeal("author", { itemType: "idea", itemId: String(ideaId), note: "It was a joke about quiet." });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${page}?appealed=idea-${ideaId}#idea-title`);
    expect(
      queryDb(server.dbPath, "SELECT origin, state, appeal_note AS note FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?", String(ideaId)),
    ).toEqual([{ origin: "appeal", state: "open", note: "It was a joke about quiet." }]);
    expect(queryDb(server.dbPath, "SELECT count(*) AS n FROM domain_events WHERE type = 'appeal.filed'")).toEqual([{ n: 1 }]);
    expect(queryDb(server.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'moderation.appeal'")).toEqual([{ n: 1 }]);

    const after = await get(`${page}?appealed=idea-${ideaId}`, cookies.author);
    expect(after.body).toContain("Your request for a review was sent");
    expect(after.body).toContain("You asked for a review. A moderator will look at it again.");
    // The comment's form is still there (one per item).
    expect(after.body.match(/value="appeal"/g)?.length).toBe(1);

    // Again: 409, nothing written.
    const before = tables();
    const again = await appeal("author", { itemType: "idea", itemId: String(ideaId), note: "Please?" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("You have already asked for a review of this.");
    expect(tables()).toBe(before);

    // The comment, without a note.
    const c = await appeal("author", { itemType: "comment", itemId: String(commentId), note: "" });
    expect(c.status).toBe(302);
    expect(c.headers.get("location")).toBe(`${page}?appealed=comment-${commentId}#comment-${commentId}`);
    expect(queryDb(server.dbPath, "SELECT origin, appeal_note AS note FROM moderation_cases WHERE item_type = 'comment'")).toEqual([
      { origin: "appeal", note: null },
    ]);
    const last = await get(page, cookies.author);
    expect(last.body).not.toContain('value="appeal"');
    expect(last.body.match(/You asked for a review\./g)?.length).toBe(2);
  });
});
