// Pilot groups in a real browser, once in a Finnish and once in an American browser: invitations from the emailed
// link to the group, asking to join and approval, the group pages on a phone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_LOCALES, expectAccessible, launchBrowser, newContext, setBrowserLocale, signInAs, waitForHydration } from "../support/browser";
import { insertAccount, insertGroup, queryDb } from "../support/http";
import { deliveredTextIn } from "../support/outbox";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
const PASSWORD = "a good long password";

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const signIn = (page: Page, email: string) => signInAs(page, server.url, email, PASSWORD);

describe.each(BROWSER_LOCALES)("in a $locale browser ($timezoneId)", (browserLocale) => {
  beforeAll(async () => {
    setBrowserLocale(browserLocale);
    server = await startServer();
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mona Moderator", password: PASSWORD, locale: "en" });
    await insertAccount(server.dbPath, { email: "asker@example.test", name: "Asko Asker", password: PASSWORD, locale: "en" });
    insertGroup(server.dbPath, {
      slug: "app-pilot",
      name: "App pilot",
      moderatorId: modId,
      joinPolicy: "request",
      screeningQuestion: "How often do you travel?",
      description: "We test the **new app** together.",
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("pilot groups in a real browser", () => {
    it("a moderator invites an address; the invitee creates an account from the emailed link and lands in the group", async () => {
      const mod = await newContext(browser);
      const page = await mod.newPage();
      await signIn(page, "mod@example.test");
      await page.getByRole("link", { name: "App pilot" }).click();
      await page.getByRole("heading", { name: "App pilot" }).waitFor();
      await page.getByRole("link", { name: "Invitations" }).click();
      await page.getByRole("heading", { name: "Invite people" }).waitFor();
      await waitForHydration(page);
      await page.getByLabel("Email addresses").fill("Nina Newcomer <nina@example.test>");
      await page.getByLabel("Personal message (optional)").fill("Welcome aboard, Nina!");
      await page.getByRole("button", { name: "Send invitations" }).click();
      await page
        .getByRole("status")
        .getByText(/^1 invitation(\(s\))? sent\.$/)
        .waitFor();
      await page.getByText("nina@example.test").waitFor(); // in the pending list
      await expectAccessible(page);

      const [mail] = queryDb<{ text_body: string }>(server.dbPath, "SELECT text_body FROM email_outbox WHERE to_address = 'nina@example.test'");
      expect(mail.text_body).toContain("Welcome aboard, Nina!");
      const link = /http:\/\/\S+\/invite\/\S+/.exec(deliveredTextIn(server.dbPath, "nina@example.test"))![0].replace(/^http:\/\/[^/]+/, server.url);

      const invitee = await newContext(browser, { pageLanguage: "en" });
      const page2 = await invitee.newPage();
      await page2.goto(link);
      await page2.getByRole("heading", { name: "Join App pilot" }).waitFor();
      await waitForHydration(page2);
      await expectAccessible(page2);
      expect(await page2.getByLabel("Name").inputValue()).toBe("Nina Newcomer");
      await page2.getByLabel("New password", { exact: true }).fill("nina's long password");
      await page2.getByLabel("Confirm the new password").fill("nina's long password");
      await page2.getByRole("main").getByLabel("Language").selectOption("en");
      await page2.getByRole("button", { name: "Create account and join" }).click();
      await page2.getByRole("status").getByText("Welcome to App pilot!").waitFor();
      expect(new URL(page2.url()).pathname).toBe("/g/app-pilot");
      await page2.getByText("new app").waitFor(); // the description, rendered from markdown
      await expectAccessible(page2);

      // The link is spent.
      await page2.goto(link);
      await page2.getByRole("heading", { name: "This invitation has been used" }).waitFor();
      expect(mod.problems.concat(invitee.problems)).toEqual([]);
      await Promise.all([mod.close(), invitee.close()]);
    });

    it("a member asks to join with the screening answer and a moderator approves", async () => {
      const asker = await newContext(browser);
      const page = await asker.newPage();
      await signIn(page, "asker@example.test");
      await page.getByRole("link", { name: "App pilot" }).click();
      await page.getByRole("heading", { name: "App pilot" }).waitFor();
      await waitForHydration(page);
      await page.getByRole("button", { name: "Ask to join" }).click();
      await page.getByText("Answer the question so the moderators can welcome you.").waitFor(); // client-side check
      await page.getByLabel("How often do you travel?").fill("Every weekday, Tampere–Helsinki.");
      await page.getByRole("button", { name: "Ask to join" }).click();
      await page.getByText("Your request has been sent.").waitFor();

      const mod = await newContext(browser, { viewport: { width: 375, height: 800 } });
      const modPage = await mod.newPage();
      await signIn(modPage, "mod@example.test");
      await modPage.goto(`${server.url}/g/app-pilot/manage`);
      await modPage.getByRole("heading", { name: "Join requests (1)" }).waitFor();
      await modPage.getByText("Every weekday, Tampere–Helsinki.").waitFor();
      await expectAccessible(modPage);
      expect(await modPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await modPage.getByLabel("Message to the person (optional)").fill("Great to have you!");
      await modPage.getByRole("button", { name: "Approve" }).click();
      await modPage.getByRole("status").getByText("Asko Asker is now a member.").waitFor();

      await page.goto(`${server.url}/`);
      await page.getByRole("link", { name: /Notifications\s*1/ }).waitFor();
      await page.getByRole("link", { name: "App pilot" }).click();
      await page.getByRole("heading", { name: "App pilot" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/g/app-pilot");
      const [mail] = queryDb<{ subject: string; text_body: string }>(
        server.dbPath,
        "SELECT subject, text_body FROM email_outbox WHERE to_address = 'asker@example.test'",
      );
      expect(mail.subject).toBe("Welcome to App pilot");
      expect(mail.text_body).toContain("Great to have you!");
      expect(asker.problems.concat(mod.problems)).toEqual([]);
      await Promise.all([asker.close(), mod.close()]);
    });
  });

  describe("group pages on a 375 px phone", () => {
    let context: Awaited<ReturnType<typeof newContext>>;
    let page: Page;
    beforeAll(async () => {
      context = await newContext(browser, { viewport: { width: 375, height: 800 } });
      page = await context.newPage();
      await signIn(page, "mod@example.test");
    });
    afterAll(async () => {
      expect(context.problems).toEqual([]);
      await context.close();
    });

    it.each(["/g/app-pilot", "/g/app-pilot/members", "/g/app-pilot/updates", "/g/app-pilot/me", "/g/app-pilot/invitations", "/notifications"])(
      "%s is accessible and fits the screen",
      async (path) => {
        await page.goto(`${server.url}${path}`);
        await waitForHydration(page);
        await expectAccessible(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
        expect(await page.evaluate(() => document.querySelector("body > div > header")!.getBoundingClientRect().height), path).toBeLessThanOrEqual(64);
      },
    );
  });
});
