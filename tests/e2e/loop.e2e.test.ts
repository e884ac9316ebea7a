// The staff feedback loop in a real browser (once in a Finnish and once in an American browser): staff answer an overdue idea from the response queue with a saved
// reply (the caring-reply hints react as they write); the author sees the notification and the official
// response; the e-mail waits in the outbox in each reader's language, and its unsubscribe link works. The new
// pages pass axe and fit a phone screen.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROWSER_LOCALES,
  expectAccessible,
  expectPhoneReady,
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
const TITLE = "Offline tickets in the tunnel";
const ids: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function seed() {
  ids.staff = await insertAccount(server.dbPath, { email: "sanna@example.test", name: "Sanna Staff", role: "staff", password: PASSWORD, locale: "en" });
  ids.mona = await insertAccount(server.dbPath, { email: "mona@example.test", name: "Mona Moderator", password: PASSWORD, locale: "en" });
  ids.maija = await insertAccount(server.dbPath, { email: "maija@example.test", name: "Maija Member", password: PASSWORD, locale: "en" });
  ids.ville = await insertAccount(server.dbPath, { email: "ville@example.test", name: "Ville Virtanen", password: PASSWORD, locale: "fi" });
  const groupId = insertGroup(server.dbPath, { slug: "app-pilot", name: "App pilot", moderatorId: ids.mona });
  for (const who of ["maija", "ville"])
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      ids[who],
      Date.now() - 30 * 86_400_000,
    );
  execDb(server.dbPath, "UPDATE groups SET member_count = 3 WHERE id = ?", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'mobile-app', 'Mobile app')", groupId);
  const board = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards")[0].id;
  const tenDaysAgo = Date.now() - 10 * 86_400_000;
  execDb(
    server.dbPath,
    "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, vote_count, follower_count, created_at, last_activity_at) VALUES (?, ?, 1, ?, ?, 'Tickets should open without a network.', 1, 2, ?, ?)",
    groupId,
    board,
    ids.maija,
    TITLE,
    tenDaysAgo,
    tenDaysAgo,
  );
  const ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas")[0].id;
  execDb(server.dbPath, "INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)", ideaId, ids.ville, tenDaysAgo);
  for (const who of ["maija", "ville"])
    execDb(server.dbPath, "INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)", ideaId, ids[who], tenDaysAgo);
  execDb(
    server.dbPath,
    "INSERT INTO saved_replies (title, body, created_by) VALUES ('Thanks, planned', 'Hi {name}, thank you for “{idea}”! It is now planned.', ?)",
    ids.staff,
  );
}

const signIn = (page: Page, email: string) => signInAs(page, server.url, email, PASSWORD);

describe.each(BROWSER_LOCALES)("in a $locale browser ($timezoneId)", (browserLocale) => {
  beforeAll(async () => {
    setBrowserLocale(browserLocale);
    server = await startServer();
    await seed();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("the feedback loop in a real browser", () => {
    it("staff answer from the queue; the member sees the notification and the response; the e-mail's unsubscribe link works", async () => {
      const staff = await newContext(browser);
      const page = await staff.newPage();
      await signIn(page, "sanna@example.test");
      await page.getByRole("link", { name: "Response queue" }).click();
      await page.getByRole("heading", { name: "Response queue" }).waitFor();
      await page.getByText("1 idea waiting.").waitFor();
      const item = page.getByRole("listitem").filter({ hasText: TITLE });
      await item.getByText("Overdue").waitFor();
      await expectAccessible(page);

      await waitForHydration(page);
      await item.getByText(`Answer “${TITLE}”`).click();
      await item.getByLabel("Status").selectOption("planned");
      await item.getByLabel("Saved reply").selectOption({ label: "Thanks, planned" });
      const response = item.getByLabel("Official response");
      await expect.poll(() => response.inputValue()).toBe(`Hi Maija, thank you for “${TITLE}”! It is now planned.`);
      // Greeting and thanks are there; the hint asks for a next step until one is written.
      await item.getByText("Say what happens next, and when.").waitFor();
      expect(await item.getByText("Thank them for the idea.").count()).toBe(0);
      await response.press("End");
      await response.pressSequentially(" We will share the first sketches here next week.");
      await expect.poll(() => item.getByText("Say what happens next, and when.").count()).toBe(0);
      await expectAccessible(page);
      await item.getByRole("button", { name: "Send the response" }).click();
      await page.getByRole("status").getByText("#1 in App pilot is answered.", { exact: false }).waitFor();
      await page.getByText("Nothing is waiting.").waitFor();

      // E-mails: one to the author (English) and one to the voter (Finnish), each with a working unsubscribe link.
      const mails = queryDb<{ to_address: string; subject: string; text_body: string; headers: string }>(
        server.dbPath,
        "SELECT to_address, subject, text_body, headers FROM email_outbox WHERE kind = 'notify-status' ORDER BY to_address",
      );
      expect(mails.map((m) => m.to_address)).toEqual(["maija@example.test", "ville@example.test"]);
      expect(mails[0].subject).toBe(`[App pilot] “${TITLE}” is now: Planned`);
      expect(mails[0].text_body).toContain("We will share the first sketches here next week.");
      expect(mails[1].subject).toBe(`[App pilot] ”${TITLE}”: Suunnitteilla`);
      const headers = JSON.parse(mails[0].headers) as Record<string, string>;
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const unsubscribe = /<(http[^>]+)>/.exec(headers["List-Unsubscribe"])![1];
      expect(mails[0].text_body).toContain(unsubscribe);

      // The author: the notification leads to the idea, where the response is highlighted in the timeline.
      const member = await newContext(browser);
      const mpage = await member.newPage();
      await signIn(mpage, "maija@example.test");
      await mpage.getByRole("link", { name: /Notifications\s*1/ }).click();
      await mpage.getByRole("button", { name: `Sanna Staff changed “${TITLE}” to: Planned.` }).click();
      await mpage.getByRole("heading", { name: TITLE }).waitFor();
      expect(new URL(mpage.url()).hash).toMatch(/^#event-\d+$/);
      await mpage.getByRole("region", { name: "Official response" }).getByText("We will share the first sketches here next week.").waitFor();
      await mpage.getByRole("article", { name: "Update by Sanna Staff" }).getByText("Latest response").waitFor();
      await expectAccessible(mpage);
      await mpage.getByRole("link", { name: "Notifications", exact: true }).waitFor(); // no unread count any more

      // What became of my ideas shows it too.
      await mpage.goto(`${server.url}/my-ideas`);
      await mpage.getByRole("link", { name: TITLE }).waitFor();
      await mpage.getByText("We will share the first sketches here next week.").waitFor();

      // The unsubscribe link: opening it changes nothing; the button turns status e-mails off.
      await mpage.goto(unsubscribe.replace(/^http:\/\/[^/]+/, server.url));
      await mpage.getByRole("heading", { name: "Stop these e-mails" }).waitFor();
      expect(queryDb(server.dbPath, "SELECT email_status FROM users WHERE id = ?", ids.maija)).toEqual([{ email_status: "immediately" }]);
      await expectAccessible(mpage);
      await mpage.getByRole("button", { name: "Stop these e-mails" }).click();
      await mpage.getByText("Done: no more e-mails about status changes and responses.").waitFor();
      expect(queryDb(server.dbPath, "SELECT email_status FROM users WHERE id = ?", ids.maija)).toEqual([{ email_status: "off" }]);

      expect(staff.problems.concat(member.problems)).toEqual([]);
      await Promise.all([staff.close(), member.close()]);
    });
  });

  // One test per page, so the budget grows with the pages visited (issue 11, item 27); one context per person.
  const PHONE_PAGES = {
    "sanna@example.test": ["/queue", "/g/app-pilot/queue", "/g/app-pilot/loop", "/staff/replies", "/g/app-pilot/ideas/1", "/g/app-pilot/ideas/new", "/account"],
    "mona@example.test": ["/g/app-pilot/loop", "/g/app-pilot/ideas/1", "/my-ideas", "/notifications"],
  } as const;

  describe.each(Object.keys(PHONE_PAGES) as (keyof typeof PHONE_PAGES)[])("the loop's pages on a 375 px phone for %s", (email) => {
    const tab = phoneTab(() => browser, signIn, email);

    it.each(PHONE_PAGES[email] as readonly string[])("%s is accessible and fits the screen", async (path) => {
      const page = tab();
      await expectPhoneReady(page, `${server.url}${path}`);
    });
  });
});
