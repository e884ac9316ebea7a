// Idea boards in a real browser (Debian's Chromium), once in a Finnish and once in an American browser: a member
// posts an idea after seeing the similar-idea hint and voting there, previews markdown, comments with an @mention
// chosen from the autocomplete; the mentioned member is notified and replies; votes change at once on the board;
// everything also works without JavaScript; the pages pass axe and fit a phone screen, long words included.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROWSER_LOCALES,
  expectAccessible,
  expectPhoneReady,
  firstScreen,
  launchBrowser,
  newContext,
  phoneTab,
  setBrowserLocale,
  signInAs,
  waitForHydration,
} from "../support/browser";
import { execDb, insertAccount, insertGroup, queryDb } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
const PASSWORD = "a good long password";
let groupId: string;
let ids: Record<string, string> = {};
// One word of 114 characters, as in the report that found pages 1,375 px wide on a 375 px phone.
const LONG_TITLE = "Kausilippuautomaattienkäyttöliittymäuudistussuunnitelmaehdotus".repeat(2).slice(0, 114);
const LONG_NAME = "Wilhelmiina-Kristiina-Alexandra-Josefiina-Maximiliana Hohenzollern";

async function seed() {
  ids = {};
  ids.mona = await insertAccount(server.dbPath, { email: "mona@example.test", name: "Mona Moderator", password: PASSWORD, locale: "en" });
  ids.maija = await insertAccount(server.dbPath, { email: "maija@example.test", name: "Maija Member", password: PASSWORD, locale: "en" });
  ids.bob = await insertAccount(server.dbPath, { email: "bob@example.test", name: "Bob Builder", password: PASSWORD, locale: "en" });
  ids.nojs = await insertAccount(server.dbPath, { email: "nojs@example.test", name: "Nora Nojs", password: PASSWORD, locale: "en" });
  ids.aino = await insertAccount(server.dbPath, { email: "aino@example.test", name: "Aino Suomalainen", password: PASSWORD, locale: "fi" });
  ids.long = await insertAccount(server.dbPath, { email: "long@example.test", name: LONG_NAME, password: PASSWORD, locale: "en" });
  groupId = insertGroup(server.dbPath, { slug: "app-pilot", name: "App pilot", moderatorId: ids.mona });
  for (const who of ["maija", "bob", "nojs", "aino"])
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      ids[who],
      Date.now(),
    );
  execDb(server.dbPath, "UPDATE groups SET member_count = 5 WHERE id = ?", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'mobile-app', 'Mobile app', 0)", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'stations', 'Stations', 1)", groupId);
  const board = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE slug = 'mobile-app'")[0].id;
  execDb(server.dbPath, "INSERT INTO tags (group_id, name, color) VALUES (?, 'Tickets', 'blue')", groupId);
  const existing = [
    ["Offline mode for tickets", "Tickets should open without a network, for example in a tunnel."],
    ["Dark theme for the app", "Easier on the eyes in the evening."],
    ["Live train position on a map", "Show where my train is right now."],
  ];
  existing.forEach(([title, body], i) =>
    execDb(
      server.dbPath,
      "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      groupId,
      board,
      i + 1,
      ids.mona,
      title,
      body,
      Date.now() - (10 - i) * 3600_000,
      Date.now(),
    ),
  );
  // A group of long words: a title without spaces and a long name, on every list they appear in.
  const longGroup = insertGroup(server.dbPath, { slug: "long-pilot", name: "Long words", moderatorId: ids.mona, description: `Welcome! ${LONG_TITLE}` });
  for (const who of ["maija", "long"])
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      longGroup,
      ids[who],
      Date.now(),
    );
  execDb(server.dbPath, "UPDATE groups SET member_count = 3 WHERE id = ?", longGroup);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'long-board', ?, 0)", longGroup, `Board ${LONG_TITLE.slice(0, 60)}`);
  const longBoard = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE slug = 'long-board'")[0].id;
  for (const [number, author] of [
    [1, ids.long],
    [2, ids.maija],
  ] as const)
    execDb(
      server.dbPath,
      "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      longGroup,
      longBoard,
      number,
      author,
      LONG_TITLE,
      LONG_TITLE,
      Date.now() - number * 60_000,
      Date.now(),
    );
  const longIdea = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE group_id = ? AND number = 1", longGroup)[0].id;
  execDb(
    server.dbPath,
    "INSERT INTO comments (idea_id, group_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
    longIdea,
    longGroup,
    ids.long,
    LONG_TITLE,
    Date.now(),
  );
  execDb(server.dbPath, "UPDATE ideas SET comment_count = 1 WHERE id = ?", longIdea);
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const signIn = (page: Page, email: string) => signInAs(page, server.url, email, PASSWORD);

const votesOf = (title: string) =>
  queryDb<{ vote_count: number; n: number }>(
    server.dbPath,
    "SELECT vote_count, (SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS n FROM ideas i WHERE title = ?",
    title,
  )[0];

describe.each(BROWSER_LOCALES)("in a $locale browser ($timezoneId)", (browserLocale) => {
  beforeAll(async () => {
    setBrowserLocale(browserLocale);
    server = await startServer();
    await seed();
  });
  afterAll(async () => {
    await server?.stop();
  });

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
      await expect
        .poll(() => bobPage.getByRole("button", { name: /Vote for “Download tickets for the whole week”: 1$/ }).getAttribute("aria-pressed"))
        .toBe("true");

      expect(context.problems.concat(bobContext.problems)).toEqual([]);
      await Promise.all([context.close(), bobContext.close()]);
    });

    it("works without JavaScript: similar ideas on a confirmation step, voting there keeps the draft, posting anyway, voting on the board", async () => {
      const context = await newContext(browser, { javaScriptEnabled: false, pageLanguage: "en" });
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
      expect(await page.getByLabel("Board").inputValue()).toBe(
        String(queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE slug = 'stations'")[0].id),
      );
      await page.getByRole("button", { name: "Post my idea anyway" }).click();
      await page.getByText("Your idea is posted.").waitFor();
      const [created] = queryDb<{ number: number; board: string }>(
        server.dbPath,
        "SELECT i.number, b.slug AS board FROM ideas i JOIN boards b ON b.id = i.board_id WHERE title = 'Dark mode for the app, please'",
      );
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
  });

  // One test per page (item 27 of issue 11: a sweep of twenty pages in one test outgrew the 30 s timeout on a busy
  // machine); one signed-in phone context per person, shared by that person's pages.
  const PHONE_PAGES = {
    "maija@example.test": [
      "/g/app-pilot",
      "/g/app-pilot/ideas",
      "/g/app-pilot/ideas?board=mobile-app&q=tickets",
      "/g/app-pilot/ideas/new",
      "/g/app-pilot/ideas/4",
      "/g/app-pilot/ideas/1",
      "/g/app-pilot/ideas/4/edit",
      "reply form",
      "edit form",
    ],
    "mona@example.test": [
      "/g/app-pilot",
      "/g/app-pilot/ideas",
      "/g/app-pilot/ideas/new",
      "/g/app-pilot/ideas/4",
      "/g/app-pilot/boards",
      "/g/app-pilot/ideas/2",
      "reply form",
    ],
    // Long words: a 114-character title without spaces and a long name on every list they appear in.
    "long@example.test": ["/g/long-pilot", "/g/long-pilot/ideas", "/g/long-pilot/members", "/g/long-pilot/ideas/1", "/my-ideas", "/notifications", "/"],
  } as const;

  describe.each(Object.keys(PHONE_PAGES) as (keyof typeof PHONE_PAGES)[])("board pages on a 375 px phone for %s", (email) => {
    const tab = phoneTab(() => browser, signIn, email);

    it.each(PHONE_PAGES[email] as readonly string[])("%s is accessible and fits the screen", async (path) => {
      const page = tab();
      if (path === "reply form" || path === "edit form") {
        // The reply and edit forms are rendered only when opened: open them by address (as without JavaScript).
        const who = ids[email.split("@")[0]];
        const comment =
          path === "reply form"
            ? queryDb<{ id: number; number: number }>(
                server.dbPath,
                "SELECT c.id, i.number FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.deleted_at IS NULL AND c.parent_id IS NULL AND i.group_id = ? ORDER BY c.id LIMIT 1",
                groupId,
              )[0]
            : queryDb<{ id: number; number: number }>(
                server.dbPath,
                "SELECT c.id, i.number FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.deleted_at IS NULL AND c.author_id = ? AND i.group_id = ? ORDER BY c.id LIMIT 1",
                who,
                groupId,
              )[0];
        expect(comment, `a comment for the ${path}`).toBeDefined();
        const url = `/g/app-pilot/ideas/${comment.number}?${path === "reply form" ? "replyTo" : "edit"}=${comment.id}`;
        await expectPhoneReady(page, `${server.url}${url}`);
        // The new comment's box and the opened form's.
        expect(await page.locator("form textarea").count(), url).toBeGreaterThanOrEqual(2);
      } else {
        await expectPhoneReady(page, `${server.url}${path}`);
      }
      // The long words are really on the page under test.
      const longText = {
        "/g/long-pilot": LONG_TITLE,
        "/g/long-pilot/ideas": LONG_TITLE,
        "/g/long-pilot/ideas/1": LONG_TITLE,
        "/my-ideas": LONG_TITLE,
        "/g/long-pilot/members": LONG_NAME,
      }[path as string];
      if (email.startsWith("long") && longText) expect(await page.getByText(longText).count(), path).toBeGreaterThan(0);
    });
  });

  describe("the phone shell (375 × 667)", () => {
    it("the header is one row, the first idea is on the first screen, and the folded filters' chips remove them", async () => {
      const context = await newContext(browser, { viewport: { width: 375, height: 667 } });
      const page = await context.newPage();
      await signIn(page, "mona@example.test");
      // The moderator's header: notifications, the account menu; the main links live inside the menu.
      const tag = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM tags WHERE group_id = ? AND name = 'Tickets'", groupId)[0].id;
      await page.goto(`${server.url}/g/app-pilot/ideas`);
      await waitForHydration(page);
      const screen = await firstScreen(page);
      expect(screen.headerTotal).toBeLessThanOrEqual(64);
      expect(screen.firstIdea).not.toBeNull();
      expect(screen.firstIdea!).toBeLessThan(667);
      await page.screenshot({ path: `/tmp/kaiku/phone-board-${browserLocale.locale}.png` });
      // The group's tabs scroll: the hint at the edge says there is more.
      const tabs = page.getByRole("navigation", { name: "Group sections" });
      expect(await tabs.evaluate((nav) => nav.scrollWidth > nav.clientWidth)).toBe(true);
      expect(await tabs.locator("xpath=following-sibling::button").count()).toBeGreaterThan(0);

      // The filters are folded; opening them and choosing applies at once; each choice becomes a removable chip.
      const search = page.getByRole("search", { name: "Search and filter ideas" });
      expect(await search.isVisible()).toBe(false);
      await page.getByText("Search and filter", { exact: true }).click();
      await search.getByLabel("Status").selectOption("open");
      await expect.poll(() => new URL(page.url()).searchParams.get("status")).toBe("open");
      await page.goto(`${server.url}/g/app-pilot/ideas?status=open&tag=${tag}&mine=1&q=tickets`);
      await waitForHydration(page);
      const chips = page.getByRole("list", { name: "Active filters" });
      expect(await chips.getByRole("link").evaluateAll((links) => links.map((a) => a.textContent))).toEqual([
        "Remove filter:Search: “tickets”×",
        "Remove filter:Status: Open×",
        "Remove filter:Tag: Tickets×",
        "Remove filter:My ideas×",
      ]);
      await expectAccessible(page);
      await chips.getByRole("link", { name: "Remove filter: Tag: Tickets" }).click();
      await expect.poll(() => [...new URL(page.url()).searchParams.keys()].sort()).toEqual(["mine", "q", "status"]);
      await chips.getByRole("link", { name: "Remove filter: My ideas" }).click();
      await expect.poll(() => [...new URL(page.url()).searchParams.keys()].sort()).toEqual(["q", "status"]);
      await expect.poll(() => chips.getByRole("link").count()).toBe(2);
      await page.screenshot({ path: `/tmp/kaiku/phone-chips-${browserLocale.locale}.png` });

      // The account menu holds the main links and the language, so nothing else needs a row of its own.
      await page.locator("summary", { hasText: "Account menu for Mona Moderator" }).click();
      await page.getByRole("link", { name: "My ideas" }).click();
      await page.getByRole("heading", { name: "What became of my ideas" }).waitFor();
      expect((await firstScreen(page)).headerTotal).toBeLessThanOrEqual(64);
      // The favicon and the logo mark; Mona's initials in the header and in the member list share her colour.
      expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon.svg");
      expect(await page.locator("header a[href='/'] svg").count()).toBe(1);
      const colour = (el: Element) => [...el.classList].find((c) => c.startsWith("bg-"));
      const headerColour = await page.locator("header summary span[aria-hidden=true]").first().evaluate(colour);
      await page.goto(`${server.url}/g/app-pilot/members`);
      const listed = page.getByRole("listitem").filter({ hasText: "Mona Moderator" }).locator("span[aria-hidden=true]").first();
      expect(await listed.evaluate(colour)).toBe(headerColour);
      expect(await listed.textContent()).toBe("MM");

      // A tab that starts out of view (Boards, the last but one) is scrolled into the tab row, and only the row
      // scrolls: a link to a comment further down still lands on the comment.
      await page.goto(`${server.url}/g/app-pilot/boards`);
      await waitForHydration(page);
      const active = await tabs.evaluate((nav) => {
        const tab = nav.querySelector<HTMLElement>("[aria-current=page]")!;
        const n = nav.getBoundingClientRect();
        const r = tab.getBoundingClientRect();
        return { inView: r.left >= n.left - 1 && r.right <= n.right + 1, scrolled: nav.scrollLeft > 0 };
      });
      expect(active).toEqual({ inView: true, scrolled: true });
      const comment = queryDb<{ id: number }>(
        server.dbPath,
        "SELECT c.id FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE i.group_id = ? AND i.number = 4 ORDER BY c.id DESC LIMIT 1",
        groupId,
      )[0].id;
      await page.goto(`${server.url}/g/app-pilot/ideas/4?comment=${comment}#comment-${comment}`);
      await waitForHydration(page);
      await expect.poll(() => page.locator(`#comment-${comment}`).evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(667);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(context.problems).toEqual([]);
      await context.close();
    });

    it("a long word wraps inside its card on a desktop too", async () => {
      const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await signIn(page, "long@example.test");
      for (const path of ["/g/long-pilot", "/g/long-pilot/ideas", "/g/long-pilot/members", "/my-ideas"]) {
        await page.goto(`${server.url}${path}`);
        await waitForHydration(page);
        // No text sticks out of the card (or list item) that holds it.
        const sticking = await page.evaluate(() =>
          [...document.querySelectorAll(".card, li")].filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => box.textContent!.slice(0, 40)),
        );
        expect(sticking, path).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(1280);
      }
      expect(context.problems).toEqual([]);
      await context.close();
    });
  });

  describe("hydration in the browser's own locale", () => {
    it("a title typed right after the new-idea page loads is still there 3 s later, with no hydration error", async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      expect(await page.evaluate(() => [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone])).toEqual([
        browserLocale.locale,
        browserLocale.timezoneId,
      ]);
      await signIn(page, "aino@example.test"); // a Finnish account: the page is in Finnish in both browsers
      // "load", not hydration: the member starts typing as soon as the form is on the screen.
      await page.goto(`${server.url}/g/app-pilot/ideas/new`);
      const title = page.getByLabel("Otsikko", { exact: true });
      await title.pressSequentially("Lippu näkyviin heti", { delay: 5 });
      await page.waitForTimeout(3000);
      expect(await title.inputValue()).toBe("Lippu näkyviin heti");
      // The limit is written as Finnish writes numbers (a no-break space groups the thousands).
      await page
        .getByText(/10[\s\u00a0]000 merkkiä/)
        .first()
        .waitFor();
      expect(context.problems).toEqual([]);
      await context.close();
    });
  });

  describe("the @mention list", () => {
    it("closes on a complete handle, on Escape and on blur, never covers the Comment button, and fast typing logs nothing", async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signIn(page, "maija@example.test");
      await page.goto(`${server.url}/g/app-pilot/ideas/2`);
      await waitForHydration(page);
      const box = page.getByLabel("Add a comment");
      const list = page.getByRole("listbox", { name: /mention/i });
      const bobHandle = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE id = ?", ids.bob)[0].handle;

      // Fast typing: every keystroke starts a lookup that cancels the one before; none of that is an error.
      await box.pressSequentially("Hello @bob-builder", { delay: 0 });
      await list.getByRole("option", { name: /Bob Builder/ }).waitFor();
      // The list pushes the Comment button down instead of covering it: what is at its centre is the button.
      const comment = page.getByRole("button", { name: "Comment", exact: true });
      const covered = await comment.evaluate((button) => {
        const r = button.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== button && !button.contains(hit);
      });
      expect(covered).toBe(false);

      // The exact handle, typed out: nothing left to choose, the list closes.
      await box.pressSequentially(bobHandle.slice("bob-builder".length), { delay: 0 });
      await expect.poll(() => list.count()).toBe(0);
      // A space after it closes it too (a new "@" opens it again first).
      await box.pressSequentially(" and @bo", { delay: 0 });
      await list.waitFor();
      await box.press("Escape");
      await expect.poll(() => list.count()).toBe(0);
      await box.pressSequentially("b", { delay: 0 });
      await list.waitFor();
      await box.pressSequentially("-builder, ", { delay: 0 });
      await expect.poll(() => list.count()).toBe(0);
      // Blur closes it.
      await box.pressSequentially("@bo", { delay: 0 });
      await list.waitFor();
      await page.getByRole("heading", { level: 1 }).first().click();
      await expect.poll(() => list.count()).toBe(0);

      await comment.click();
      await page.getByRole("article", { name: "Comment by Maija Member" }).filter({ hasText: "Hello" }).waitFor();
      expect(context.problems).toEqual([]);
      await context.close();
    });
  });
});
