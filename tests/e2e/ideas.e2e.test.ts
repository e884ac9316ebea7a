// Idea boards in a real browser (Debian's Chromium): a member posts an idea after seeing the similar-idea hint
// and voting there, previews markdown, comments with an @mention chosen from the autocomplete; the mentioned
// member is notified and replies; votes change at once on the board; everything also works without JavaScript;
// the pages pass axe and fit a phone screen.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, waitForHydration, expectPhoneReady, signInAs } from "../support/browser";
import { execDb, insertAccount, insertGroup, queryDb } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
const PASSWORD = "a good long password";
let groupId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ids.mona = await insertAccount(server.dbPath, { email: "mona@example.test", name: "Mona Moderator", password: PASSWORD, locale: "en" });
  ids.maija = await insertAccount(server.dbPath, { email: "maija@example.test", name: "Maija Member", password: PASSWORD, locale: "en" });
  ids.bob = await insertAccount(server.dbPath, { email: "bob@example.test", name: "Bob Builder", password: PASSWORD, locale: "en" });
  ids.nojs = await insertAccount(server.dbPath, { email: "nojs@example.test", name: "Nora Nojs", password: PASSWORD, locale: "en" });
  groupId = insertGroup(server.dbPath, { slug: "app-pilot", name: "App pilot", moderatorId: ids.mona });
  for (const who of ["maija", "bob", "nojs"]) execDb(server.dbPath, "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)", groupId, ids[who], Date.now());
  execDb(server.dbPath, "UPDATE groups SET member_count = 4 WHERE id = ?", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'mobile-app', 'Mobile app', 0)", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'stations', 'Stations', 1)", groupId);
  const board = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE slug = 'mobile-app'")[0].id;
  const existing = [
    ["Offline mode for tickets", "Tickets should open without a network, for example in a tunnel."],
    ["Dark theme for the app", "Easier on the eyes in the evening."],
    ["Live train position on a map", "Show where my train is right now."],
  ];
  existing.forEach(([title, body], i) =>
    execDb(server.dbPath, "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", groupId, board, i + 1, ids.mona, title, body, Date.now() - (10 - i) * 3600_000, Date.now()),
  );
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page: Page, email: string) => signInAs(page, server.url, email, PASSWORD);

const votesOf = (title: string) => queryDb<{ vote_count: number; n: number }>(server.dbPath, "SELECT vote_count, (SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS n FROM ideas i WHERE title = ?", title)[0];

describe("idea boards in a real browser", () => {
  it("a member sees similar ideas while typing, votes there, previews, posts, and comments with an @mention; the mentioned member replies", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "maija@example.test");
    await page.getByRole("link", { name: "App pilot" }).click();
    await page.getByRole("navigation", { name: "Group sections" }).getByRole("link", { name: "Ideas" }).click();
    await page.getByRole("heading", { name: "All ideas" }).waitFor();
    await page.getByRole("link", { name: "Share an idea" }).first().click();
    await page.getByRole("heading", { name: "Share an idea" }).waitFor();
    await waitForHydration(page);

    // The hint: typed words (the last one half-typed) find the existing idea; vote for it from the hint.
    await page.getByLabel("Title", { exact: true }).pressSequentially("Open my tickets offline in the tunn", { delay: 10 });
    const hint = page.getByRole("region", { name: /similar idea/i });
    await hint.getByRole("link", { name: /Offline mode for tickets/ }).waitFor();
    await expectAccessible(page);
    const voteInHint = hint.getByRole("button", { name: /Vote for “Offline mode for tickets”/ });
    expect(await voteInHint.getAttribute("aria-pressed")).toBe("false");
    await voteInHint.click();
    await expect.poll(() => voteInHint.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => votesOf("Offline mode for tickets")).toEqual({ vote_count: 1, n: 1 });

    // Still different enough to post: preview the markdown, then post.
    await page.getByLabel("Title", { exact: true }).fill("Download tickets for the whole week");
    await page.getByLabel("Description", { exact: true }).fill("I travel **every day** and would like:\n\n- all tickets on the phone\n- no network needed");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("region", { name: "Preview" }).locator("strong", { hasText: "every day" }).waitFor();
    await page.getByRole("button", { name: "Write" }).click();
    // The similar ideas for this very title have been shown, so no confirmation step follows.
    await page.locator("input[name=suggestionsSeen]").waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Post the idea" }).click();
    await page.getByText("Your idea is posted.").waitFor();
    await page.getByRole("heading", { name: "Download tickets for the whole week" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/g/app-pilot/ideas/4");
    await page.locator(".markdown li", { hasText: "no network needed" }).waitFor();

    // A comment that mentions Bob, chosen from the autocomplete with the keyboard.
    await waitForHydration(page);
    const box = page.getByLabel("Add a comment");
    await box.pressSequentially("Thanks! @Bo", { delay: 20 });
    const option = page.getByRole("option", { name: /Bob Builder/ });
    await option.waitFor();
    await expectAccessible(page);
    await box.press("Enter");
    await expect.poll(() => box.inputValue()).toMatch(/^Thanks! @bob-builder-\w+ $/);
    await box.pressSequentially("what do you think?");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    const comment = page.getByRole("article", { name: "Comment by Maija Member" });
    await comment.getByRole("link", { name: "@Bob Builder" }).waitFor();
    await expect.poll(() => box.inputValue()).toBe(""); // the form is empty again
    expect(queryDb(server.dbPath, "SELECT kind FROM notifications WHERE user_id = ? AND kind = 'mentioned'", ids.bob)).toHaveLength(1);

    // Bob is told, follows the notification to the comment and replies.
    const bobContext = await newContext(browser);
    const bobPage = await bobContext.newPage();
    await signIn(bobPage, "bob@example.test");
    await bobPage.getByRole("link", { name: /Notifications\s*1/ }).click();
    // An unread notification opens with a POST that marks it read on the way.
    await bobPage.getByRole("button", { name: "Maija Member mentioned you in “Download tickets for the whole week”." }).click();
    await bobPage.getByRole("heading", { name: "Download tickets for the whole week" }).waitFor();
    expect(new URL(bobPage.url()).hash).toMatch(/^#comment-\d+$/);
    await waitForHydration(bobPage);
    const maijasComment = bobPage.getByRole("article", { name: "Comment by Maija Member" });
    await maijasComment.getByText("Reply", { exact: true }).click();
    await maijasComment.getByLabel("Reply to Maija Member").fill("Count me in, a weekly download would help a lot.");
    await maijasComment.getByRole("button", { name: "Send reply" }).click();
    const reply = bobPage.getByRole("list", { name: "1 reply" }).getByRole("article", { name: "Comment by Bob Builder" });
    await reply.locator(".markdown", { hasText: "Count me in" }).waitFor();
    expect(queryDb(server.dbPath, "SELECT kind FROM notifications WHERE user_id = ? AND kind = 'replied'", ids.maija)).toHaveLength(1);
    // Replying followed the idea; Bob now also follows and votes from the board, and the count moves at once.
    await bobPage.goto(`${server.url}/g/app-pilot/ideas?sort=new`);
    await waitForHydration(bobPage);
    const vote = bobPage.getByRole("button", { name: /Vote for “Download tickets for the whole week”/ });
    await expect.poll(() => vote.textContent()).toContain("0");
    // Hold the vote request in the browser: the count must change before the server has even seen it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await bobPage.route(/\/g\/app-pilot\/ideas/, async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    });
    await vote.click();
    await expect.poll(() => vote.textContent()).toContain("1");
    expect(await vote.getAttribute("aria-pressed")).toBe("true");
    expect(votesOf("Download tickets for the whole week")).toEqual({ vote_count: 0, n: 0 });
    // After the vote the page reloads its data; reloading the page before that ends would abort it mid-way.
    const revalidated = bobPage.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(".data"));
    release();
    await expect.poll(() => votesOf("Download tickets for the whole week")).toEqual({ vote_count: 1, n: 1 });
    await revalidated;
    await bobPage.unrouteAll({ behavior: "wait" });
    await bobPage.reload();
    await expect.poll(() => bobPage.getByRole("button", { name: /Vote for “Download tickets for the whole week”: 1$/ }).getAttribute("aria-pressed")).toBe("true");

    expect(context.problems.concat(bobContext.problems)).toEqual([]);
    await Promise.all([context.close(), bobContext.close()]);
  });

  it("works without JavaScript: similar ideas on a confirmation step, voting there keeps the draft, posting anyway, voting on the board", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill("nojs@example.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Hello, / }).waitFor();
    await page.goto(`${server.url}/g/app-pilot/ideas/new?board=stations`);
    await page.getByLabel("Title", { exact: true }).fill("Dark mode for the app, please");
    await page.getByLabel("Description", { exact: true }).fill("My *eyes* hurt at night.");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("region", { name: "Preview" }).locator("em", { hasText: "eyes" }).waitFor();
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Dark mode for the app, please");
    await page.getByRole("button", { name: "Post the idea" }).click();

    // Confirmation step: the similar idea, a vote button that keeps the draft, and "post anyway".
    await page.getByRole("heading", { name: /similar idea/i }).waitFor();
    await page.getByRole("button", { name: "Vote instead: Dark theme for the app" }).click();
    await page.getByText("Your vote is counted.").waitFor();
    expect(votesOf("Dark theme for the app")).toEqual({ vote_count: 1, n: 1 });
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Dark mode for the app, please");
    expect(await page.getByLabel("Description", { exact: true }).inputValue()).toBe("My *eyes* hurt at night.");
    expect(await page.getByLabel("Board").inputValue()).toBe(String(queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE slug = 'stations'")[0].id));
    await page.getByRole("button", { name: "Post my idea anyway" }).click();
    await page.getByText("Your idea is posted.").waitFor();
    const [created] = queryDb<{ number: number; board: string }>(server.dbPath, "SELECT i.number, b.slug AS board FROM ideas i JOIN boards b ON b.id = i.board_id WHERE title = 'Dark mode for the app, please'");
    expect(created.board).toBe("stations");

    // Voting from the board without JavaScript answers with the same board, filters kept.
    await page.goto(`${server.url}/g/app-pilot/ideas?board=mobile-app&sort=new`);
    await page.getByRole("button", { name: /Vote for “Live train position on a map”: 0$/ }).click();
    await page.getByRole("button", { name: /Vote for “Live train position on a map”: 1$/ }).waitFor();
    const kept = new URL(page.url()).searchParams;
    expect([kept.get("board"), kept.get("sort")]).toEqual(["mobile-app", "new"]);
    expect(votesOf("Live train position on a map")).toEqual({ vote_count: 1, n: 1 });

    // A comment without JavaScript, mentioning by handle as shown in the directory.
    const bobHandle = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE id = ?", ids.bob)[0].handle;
    await page.goto(`${server.url}/g/app-pilot/ideas/${created.number}`);
    await page.getByLabel("Add a comment").fill(`Hi @${bobHandle}, is this the same as yours?`);
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByRole("article", { name: "Comment by Nora Nojs" }).getByRole("link", { name: "@Bob Builder" }).waitFor();
    await context.close();
  });

  it("board pages are accessible and fit a phone screen, for a member and for a moderator", async () => {
    let editForms = 0;
    for (const email of ["maija@example.test", "mona@example.test"]) {
      const context = await newContext(browser, { viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await signIn(page, email);
      const paths = ["/g/app-pilot", "/g/app-pilot/ideas", "/g/app-pilot/ideas?board=mobile-app&q=tickets", "/g/app-pilot/ideas/new", "/g/app-pilot/ideas/4", "/g/app-pilot/ideas/1"];
      if (email.startsWith("mona")) paths.push("/g/app-pilot/boards", "/g/app-pilot/ideas/2");
      else paths.push("/g/app-pilot/ideas/4/edit");
      // The reply and edit forms are rendered only when opened: open them by address (as without JavaScript).
      const who = email.startsWith("mona") ? ids.mona : ids.maija;
      const anyComment = queryDb<{ id: number; number: number }>(server.dbPath, "SELECT c.id, i.number FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.deleted_at IS NULL AND c.parent_id IS NULL ORDER BY c.id LIMIT 1")[0];
      const opened = [`/g/app-pilot/ideas/${anyComment.number}?replyTo=${anyComment.id}`];
      const own = queryDb<{ id: number; number: number }>(server.dbPath, "SELECT c.id, i.number FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.deleted_at IS NULL AND c.author_id = ? ORDER BY c.id LIMIT 1", who)[0];
      if (own) {
        opened.push(`/g/app-pilot/ideas/${own.number}?edit=${own.id}`);
        editForms++;
      }
      for (const path of paths) await expectPhoneReady(page, `${server.url}${path}`);
      for (const path of opened) {
        await expectPhoneReady(page, `${server.url}${path}`);
        // The new comment's box and the opened form's.
        expect(await page.locator("form textarea").count(), path).toBeGreaterThanOrEqual(2);
      }
      expect(context.problems).toEqual([]);
      await context.close();
    }
    expect(editForms).toBeGreaterThan(0);
  });
});
