// Moderation in a real browser, once in a Finnish and once in an American browser (the accounts follow the browser's
// language): a member reports a comment, a second and a third report hide it, the moderator finds it first in the
// review queue on a phone and restores it with a note; a newcomer's held comment is approved there, and only then
// does the person it @mentions hear of it. The pages pass axe, fit 375 px and log no hydration or console error.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_LOCALES, expectAccessible, launchBrowser, newContext, setBrowserLocale, signInAs, waitForHydration } from "../support/browser";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
const PASSWORD = "a good long password";
const slug = "mod-pilot";
const MARKER = `Rudeword${Math.random().toString(36).slice(2, 8)}`;
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};
let groupId: string;
let commentId: number;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function seed() {
  ids.mod = await insertAccount(server.dbPath, { email: "mona@example.test", name: "Mona Moderator", password: PASSWORD, locale: null });
  groupId = insertGroup(server.dbPath, { slug, name: "Moderation pilot", moderatorId: ids.mod });
  for (const who of ["author", "r1", "r2", "r3", "newcomer", "mentioned"]) {
    ids[who] = await insertAccount(server.dbPath, { email: `${who}@example.test`, name: `Person ${who}`, password: PASSWORD, locale: null });
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      ids[who],
      Date.now(),
    );
    cookies[who] = await signInHttp(server.url, `${who}@example.test`, PASSWORD);
  }
  execDb(server.dbPath, "UPDATE groups SET member_count = 7 WHERE id = ?", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
  const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
  const created = await post(
    `${server.url}/g/${slug}/ideas/new`,
    { intent: "submit", boardId: String(boardId), title: "Quieter trains", body: "Quiet carriages.", confirmed: "1" },
    { cookie: cookies.author },
  );
  expect(created.status).toBe(302);
  expect((await post(`${server.url}/g/${slug}/ideas/1`, { intent: "comment", body: `A reply with ${MARKER}.` }, { cookie: cookies.author })).status).toBe(302);
  commentId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments ORDER BY id DESC LIMIT 1")[0].id;
  // An older open case (the idea itself reported once), so "first in the queue" means the auto-hidden one jumped it.
  const older = await post(
    `${server.url}/g/${slug}/ideas/1`,
    { intent: "report", itemType: "idea", itemId: queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas")[0].id.toString(), reason: "off_topic" },
    { cookie: cookies.r3 },
  );
  expect(older.status).toBe(302);
}

const signIn = (page: Page, email: string) => signInAs(page, server.url, email, PASSWORD);
const report = (who: string) =>
  post(`${server.url}/g/${slug}/ideas/1`, { intent: "report", itemType: "comment", itemId: String(commentId), reason: "offensive" }, { cookie: cookies[who] });
const textFor = async (who: string) => (await fetch(`${server.url}/g/${slug}/ideas/1`, { headers: { Cookie: cookies[who] } })).text();

describe.each(BROWSER_LOCALES)("in a $locale browser ($timezoneId)", (browserLocale) => {
  beforeAll(async () => {
    setBrowserLocale(browserLocale);
    server = await startServer();
    await seed();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("three reports hide a comment; the moderator restores it from the top of the queue on a phone", async () => {
    const member = await newContext(browser);
    const page = await member.newPage();
    await signIn(page, "r1@example.test");
    await page.goto(`${server.url}/g/${slug}/ideas/1`);
    await waitForHydration(page);
    const form = page.locator(`form:has(input[name="itemType"][value="comment"]):has(input[name="itemId"][value="${commentId}"])`);
    await page.locator(`details:has(input[name="itemType"][value="comment"]):has(input[name="itemId"][value="${commentId}"]) > summary`).click();
    await form.locator('input[name="reason"][value="offensive"]').check();
    await form.locator('button[type="submit"]').click();
    await page
      .locator(`form:has(input[name="itemType"][value="comment"]):has(input[name="itemId"][value="${commentId}"]) button[value="withdraw-report"]`)
      .waitFor();
    expect(queryDb(server.dbPath, "SELECT * FROM reports WHERE reporter_id = ? AND withdrawn_at IS NULL", ids.r1)).toHaveLength(1);
    await expectAccessible(page);
    // The second and third reporters: the group's threshold (3) hides it pending review.
    expect((await report("r2")).status).toBe(302);
    expect(await textFor("r2")).toContain(MARKER);
    expect((await report("r3")).status).toBe(302);
    expect(await textFor("newcomer")).not.toContain(MARKER);

    const phone = await newContext(browser, { viewport: { width: 375, height: 800 } });
    const mpage = await phone.newPage();
    await signIn(mpage, "mona@example.test");
    await mpage.goto(`${server.url}/g/${slug}/review`);
    await waitForHydration(mpage);
    const first = mpage.locator("li[data-case]").first();
    await expect(first.textContent()).resolves.toContain(MARKER);
    expect(await mpage.locator("li[data-case]").count()).toBe(2);
    await mpage.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    await expectAccessible(mpage);
    expect(await mpage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const decide = first.locator('form:has(input[name="intent"][value="decide"]):has(input[name="decision"][value="restore"])');
    await decide.locator('input[name="decision"][value="restore"]').check();
    await decide.locator('textarea[name="note"]').fill("Harsh, but not abusive.");
    await decide.locator('button[type="submit"]').click();
    // The click posts the form; wait for the decision itself (the URL does not change on the way).
    for (let i = 0; i < 100 && queryDb(server.dbPath, "SELECT id FROM moderation_decisions WHERE decision = 'restore'").length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    await mpage.waitForLoadState("networkidle");
    expect(await textFor("newcomer")).toContain(MARKER);
    const decided = queryDb<{ decision: string; note: string }>(
      server.dbPath,
      "SELECT decision, note FROM moderation_decisions WHERE item_id = ? AND actor_id = ?",
      String(commentId),
      ids.mod,
    );
    expect(decided).toEqual([{ decision: "restore", note: "Harsh, but not abusive." }]);
    expect(member.problems.concat(phone.problems)).toEqual([]);
    await Promise.all([member.close(), phone.close()]);
  });

  it("a newcomer's held comment is approved on a phone, and only then does its @mention notify", async () => {
    execDb(server.dbPath, "UPDATE groups SET hold_first_posts = 1 WHERE id = ?", groupId);
    const handle = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE id = ?", ids.mentioned)[0].handle;
    expect(
      (await post(`${server.url}/g/${slug}/ideas/1`, { intent: "comment", body: `Hello @${handle}, what do you think?` }, { cookie: cookies.newcomer })).status,
    ).toBe(302);
    const held = queryDb<{ id: number; held_at: number | null }>(server.dbPath, "SELECT id, held_at FROM comments ORDER BY id DESC LIMIT 1")[0];
    expect(held.held_at).not.toBeNull();
    const mentions = () => queryDb(server.dbPath, "SELECT * FROM notifications WHERE user_id = ? AND kind = 'mentioned'", ids.mentioned).length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(mentions()).toBe(0);
    expect(await textFor("mentioned")).not.toContain("what do you think");

    const phone = await newContext(browser, { viewport: { width: 375, height: 800 } });
    const mpage = await phone.newPage();
    await signIn(mpage, "mona@example.test");
    await mpage.goto(`${server.url}/g/${slug}/review`);
    await waitForHydration(mpage);
    const row = mpage.locator("li[data-case]", { hasText: "what do you think" });
    const form = row.locator('form:has(input[name="intent"][value="held"])');
    await form.locator('input[name="decision"][value="approve"]').check();
    await form.locator('button[type="submit"]').click();
    await mpage.waitForLoadState("networkidle");
    let told = 0;
    for (let i = 0; i < 50 && told === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      told = mentions();
    }
    expect(told).toBe(1);
    expect(await textFor("mentioned")).toContain("what do you think");
    expect(phone.problems).toEqual([]);
    await phone.close();
  });
});
