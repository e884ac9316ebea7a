// Accounts in a real browser, once in a Finnish and once in an American browser: sign-in, errors, rate limits,
// password reset, the language controls (one source of truth: the root loader's locale), the admin pages on a phone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_LOCALES, expectAccessible, launchBrowser, newContext, setBrowserLocale, waitForHydration } from "../support/browser";
import { insertAccount, queryDb } from "../support/http";
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

const storedLocale = (email: string) => queryDb<{ locale: string | null }>(server.dbPath, "SELECT locale FROM users WHERE email = ?", email)[0].locale;
const headerLanguage = (page: Page) => page.locator("#locale-switch").inputValue();

describe.each(BROWSER_LOCALES)("in a $locale browser ($timezoneId)", (browserLocale) => {
  beforeAll(async () => {
    setBrowserLocale(browserLocale);
    server = await startServer();
    await Promise.all([
      insertAccount(server.dbPath, { email: "emma@example.test", name: "Emma Johnson", password: PASSWORD, locale: "en" }),
      insertAccount(server.dbPath, { email: "matti@example.test", name: "Matti Meikäläinen", password: PASSWORD, locale: null }),
      insertAccount(server.dbPath, { email: "kaisa@example.test", name: "Kaisa Korhonen", password: PASSWORD, locale: "fi" }),
      insertAccount(server.dbPath, { email: "locked@example.test", name: "Lock Test", password: PASSWORD, locale: "en" }),
      insertAccount(server.dbPath, { email: "reset@example.test", name: "Reset Test", password: PASSWORD, locale: "en" }),
      insertAccount(server.dbPath, { email: "admin@example.test", name: "Aino Admin", role: "admin", password: PASSWORD, locale: "en" }),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("accounts in a real browser", () => {
    it("signs in, lands where it was going, and signs out", async () => {
      const context = await newContext(browser, { pageLanguage: "en" });
      const page = await context.newPage();
      await page.goto(`${server.url}/account`);
      await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.getByLabel("Email").fill("emma@example.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Your account" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/account");
      await expectAccessible(page);

      await page.locator("summary", { hasText: "Account menu for Emma Johnson" }).click();
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("link", { name: "Sign in" }).first().waitFor();
      await page.goto(`${server.url}/account`);
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(context.problems).toEqual([]);
      await context.close();
    });

    it("shows a clear message for a wrong password, and client-side errors before submitting", async () => {
      const context = await newContext(browser, { pageLanguage: "en" });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await waitForHydration(page);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.getByText("This field is required.").count()).toBe(2);
      await page.getByLabel("Email").fill("emma@example.test");
      await page.getByLabel("Password").fill("definitely wrong");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toContain("The email or password is incorrect.");
      await expect.poll(() => page.getByLabel("Password").inputValue()).toBe("");
      await expectAccessible(page);
      expect(context.problems).toEqual([]);
      await context.close();
    });

    it("tells the user when to retry after too many failures", async () => {
      const context = await newContext(browser, { pageLanguage: "en" });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await waitForHydration(page);
      for (let i = 0; i < 10; i++) {
        await page.getByLabel("Email").fill("locked@example.test");
        await page.getByLabel("Password").fill(`wrong password ${i}`);
        await page.getByRole("button", { name: "Sign in" }).click();
        await expect.poll(() => page.getByRole("alert").textContent()).toContain("incorrect");
      }
      await page.getByLabel("Email").fill("locked@example.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/Too many failed sign-in attempts. Try again in 1[45] min/);
      expect(new URL(page.url()).pathname).toBe("/login");
      await context.close();
    });

    it("resets a password through the emailed link", async () => {
      const context = await newContext(browser, { pageLanguage: "en" });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await waitForHydration(page);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      // The sign-in page has an "Email" field too: wait for the new page before filling.
      await page.getByRole("heading", { name: "Reset your password" }).waitFor();
      await page.getByLabel("Email").fill("reset@example.test");
      await page.getByRole("button", { name: "Send link" }).click();
      await page.getByRole("status").getByText("a link is on its way").waitFor();

      const [email] = queryDb<{ text_body: string; subject: string }>(
        server.dbPath,
        "SELECT text_body, subject FROM email_outbox WHERE to_address = ?",
        "reset@example.test",
      );
      expect(email.subject).toBe("Reset your Kaiku password");
      const link = deliveredTextIn(server.dbPath, "reset@example.test").match(/http:\/\/\S+/)![0];
      expect(link.startsWith(server.url)).toBe(true);

      await page.goto(link);
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      await waitForHydration(page);
      await expectAccessible(page);
      await page.getByLabel("New password", { exact: true }).fill("my new reset password");
      await page.getByLabel("Confirm the new password").fill("my new reset password");
      await page.getByRole("button", { name: "Save password" }).click();
      await page.getByRole("heading", { name: "Hello, Reset Test!" }).waitFor();

      // The link is spent.
      await page.goto(link);
      await page.getByRole("heading", { name: "This link no longer works" }).waitFor();
      // And the new password works.
      const fresh = await newContext(browser, { pageLanguage: "en" });
      const page2 = await fresh.newPage();
      await page2.goto(`${server.url}/login`);
      await waitForHydration(page2);
      await page2.getByLabel("Email").fill("reset@example.test");
      await page2.getByLabel("Password").fill("my new reset password");
      await page2.getByRole("button", { name: "Sign in" }).click();
      await page2.getByRole("heading", { name: "Hello, Reset Test!" }).waitFor();
      expect(context.problems.concat(fresh.problems)).toEqual([]);
      await Promise.all([context.close(), fresh.close()]);
    });

    it("switches language with the header's select, and remembers it on the account", async () => {
      // A browser in English (in this run's time zone).
      const context = await newContext(browser, { locale: "en-GB" });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByRole("heading", { name: "Welcome to Kaiku" }).waitFor();
      await waitForHydration(page);
      // With JavaScript the choice applies at once: no "Change" button to press.
      expect(await page.getByRole("button", { name: "Change" }).count()).toBe(0);
      await page.getByLabel("Language").selectOption("fi");
      await page.getByRole("heading", { name: "Tervetuloa Kaikuun" }).waitFor();
      expect(await page.getAttribute("html", "lang")).toBe("fi");
      expect(await headerLanguage(page)).toBe("fi");

      await page.getByRole("link", { name: "Kirjaudu sisään" }).first().click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
      await page.getByLabel("Sähköposti").fill("matti@example.test");
      await page.getByLabel("Salasana").fill(PASSWORD);
      await page.getByRole("button", { name: "Kirjaudu" }).click();
      await page.getByRole("heading", { name: "Hei, Matti Meikäläinen!" }).waitFor();
      // Signed in, the language is in the account menu.
      await page.locator("summary", { hasText: "Tilivalikko: Matti Meikäläinen" }).click();
      await page.getByLabel("Kieli").selectOption("en");
      await page.getByRole("heading", { name: "Hello, Matti Meikäläinen!" }).waitFor();
      expect(storedLocale("matti@example.test")).toBe("en");
      expect(context.problems).toEqual([]);
      await context.close();
    });

    it("the header and the account form always show the current language (issue 11, item 22)", async () => {
      const context = await newContext(browser, { locale: "en-GB" });
      const page = await context.newPage();
      // 1. The account is Finnish, the browser English: after signing in the header reads Suomi on the Finnish page.
      await page.goto(`${server.url}/login`);
      await waitForHydration(page);
      expect(await headerLanguage(page)).toBe("en");
      await page.getByLabel("Email").fill("kaisa@example.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Hei, Kaisa Korhonen!" }).waitFor();
      expect(await headerLanguage(page)).toBe("fi");

      // 2. Saving English on the account page: the header follows without a reload.
      await page.locator("summary", { hasText: "Tilivalikko: Kaisa Korhonen" }).click();
      await page.getByRole("link", { name: "Oma tili" }).click();
      await page.getByRole("heading", { name: "Oma tili" }).waitFor();
      await waitForHydration(page);
      const accountLanguage = page.getByRole("main").getByLabel("Kieli");
      expect(await accountLanguage.inputValue()).toBe("fi");
      await accountLanguage.selectOption("en");
      await page.getByRole("main").getByRole("button", { name: "Tallenna" }).first().click();
      await page.getByRole("heading", { name: "Your account" }).waitFor();
      expect(await headerLanguage(page)).toBe("en");
      expect(storedLocale("kaisa@example.test")).toBe("en");

      // 3. Switching in the header: the account form shows the new value, so a later Save keeps it.
      await page.locator("summary", { hasText: "Account menu for Kaisa Korhonen" }).click();
      await page.locator("#locale-switch").selectOption("fi");
      await page.getByRole("heading", { name: "Oma tili" }).waitFor();
      expect(storedLocale("kaisa@example.test")).toBe("fi");
      await expect.poll(() => page.getByRole("main").getByLabel("Kieli").inputValue()).toBe("fi");
      await page.getByRole("main").getByLabel("Nimi").fill("Kaisa K. Korhonen");
      await page.getByRole("main").getByRole("button", { name: "Tallenna" }).first().click();
      await page.getByText("Profiili tallennettiin.").waitFor();
      expect(storedLocale("kaisa@example.test")).toBe("fi");
      expect(await headerLanguage(page)).toBe("fi");
      expect(context.problems).toEqual([]);
      await context.close();
    });
  });

  describe("without JavaScript", () => {
    it("the language select keeps its Change button", async () => {
      const context = await newContext(browser, { javaScriptEnabled: false, pageLanguage: "en" });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByLabel("Language").selectOption("fi");
      await page.getByRole("button", { name: "Change" }).click();
      await page.getByRole("heading", { name: "Tervetuloa Kaikuun" }).waitFor();
      await context.close();
    });

    it("signs in and shows server-rendered errors", async () => {
      const context = await newContext(browser, { javaScriptEnabled: false, pageLanguage: "en" });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill("emma@example.test");
      await page.getByLabel("Password").fill("wrong again");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("The email or password is incorrect.").waitFor();
      await page.getByLabel("Email").fill("emma@example.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Hello, Emma Johnson!" }).waitFor();
      await context.close();
    });
  });

  describe("admin pages on a 375 px phone", () => {
    let context: Awaited<ReturnType<typeof newContext>>;
    let page: Page;
    beforeAll(async () => {
      context = await newContext(browser, { viewport: { width: 375, height: 740 }, pageLanguage: "en" });
      page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill("admin@example.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Hello, Aino Admin!" }).waitFor();
    });
    afterAll(async () => {
      expect(context.problems).toEqual([]);
      await context.close();
    });

    // One test per page, so a slow machine's budget grows with the pages (issue 11, item 27).
    it.each(["/", "/admin/users", "/admin/outbox", "/admin/audit", "/admin/settings", "/account", "/no-such-page"])(
      "%s is accessible and fits the screen",
      async (path) => {
        await page.goto(`${server.url}${path}`);
        await waitForHydration(page);
        await expectAccessible(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
        expect(await page.evaluate(() => document.querySelector("body > div > header")!.getBoundingClientRect().height), path).toBeLessThanOrEqual(64);
      },
    );

    it("adding a person queues the setup email, visible on the outbox page", async () => {
      await page.goto(`${server.url}/admin/users`);
      await waitForHydration(page);
      await page.getByLabel("Email", { exact: true }).fill("new.person@example.test");
      await page.getByLabel("Display name").fill("New Person");
      await page.getByRole("button", { name: "Add and send setup link" }).click();
      await page.getByRole("status").getByText("new.person@example.test was added").waitFor();
      await page.goto(`${server.url}/admin/outbox`);
      await page.getByText("Kaiku-tilisi (Kaiku) on valmis").waitFor(); // no language chosen: the organisation default (fi)
    });
  });
});
