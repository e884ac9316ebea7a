import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, waitForHydration } from "../support/browser";
import { insertAccount, queryDb } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
const PASSWORD = "a good long password";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await Promise.all([
    insertAccount(server.dbPath, { email: "emma@example.test", name: "Emma Johnson", password: PASSWORD, locale: "en" }),
    insertAccount(server.dbPath, { email: "matti@example.test", name: "Matti Meikäläinen", password: PASSWORD, locale: null }),
    insertAccount(server.dbPath, { email: "locked@example.test", name: "Lock Test", password: PASSWORD, locale: "en" }),
    insertAccount(server.dbPath, { email: "reset@example.test", name: "Reset Test", password: PASSWORD, locale: "en" }),
    insertAccount(server.dbPath, { email: "admin@example.test", name: "Aino Admin", role: "admin", password: PASSWORD, locale: "en" }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("accounts in a real browser", () => {
  it("signs in, lands where it was going, and signs out", async () => {
    const context = await newContext(browser);
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

    await page.getByText("Emma Johnson").first().click(); // opens the account menu
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await page.goto(`${server.url}/account`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(context.problems).toEqual([]);
    await context.close();
  });

  it("shows a clear message for a wrong password, and client-side errors before submitting", async () => {
    const context = await newContext(browser);
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
    const context = await newContext(browser);
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
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await waitForHydration(page);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    // The sign-in page has an "Email" field too: wait for the new page before filling.
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill("reset@example.test");
    await page.getByRole("button", { name: "Send link" }).click();
    await page.getByRole("status").getByText("a link is on its way").waitFor();

    const [email] = queryDb<{ text_body: string; subject: string }>(server.dbPath, "SELECT text_body, subject FROM email_outbox WHERE to_address = ?", "reset@example.test");
    expect(email.subject).toBe("Reset your Kaiku password");
    const link = email.text_body.match(/http:\/\/\S+/)![0];
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
    const fresh = await newContext(browser);
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

  it("switches language, and remembers it on the account", async () => {
    const context = await newContext(browser, { locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Welcome to Kaiku" }).waitFor();
    await page.getByLabel("Language").selectOption("fi");
    await page.getByRole("button", { name: "Change" }).click();
    await page.getByRole("heading", { name: "Tervetuloa Kaikuun" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("fi");

    await page.getByRole("link", { name: "Kirjaudu sisään" }).first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("Sähköposti").fill("matti@example.test");
    await page.getByLabel("Salasana").fill(PASSWORD);
    await page.getByRole("button", { name: "Kirjaudu" }).click();
    await page.getByRole("heading", { name: "Hei, Matti Meikäläinen!" }).waitFor();
    await page.getByLabel("Kieli").selectOption("en");
    await page.getByRole("button", { name: "Vaihda" }).click();
    await page.getByRole("heading", { name: "Hello, Matti Meikäläinen!" }).waitFor();
    expect(queryDb<{ locale: string }>(server.dbPath, "SELECT locale FROM users WHERE email = 'matti@example.test'")[0].locale).toBe("en");
    expect(context.problems).toEqual([]);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("signs in and shows server-rendered errors", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
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

describe("admin pages", () => {
  it("are accessible and fit a phone screen", async () => {
    const context = await newContext(browser, { viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill("admin@example.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Hello, Aino Admin!" }).waitFor();
    for (const path of ["/", "/admin/users", "/admin/outbox", "/admin/audit", "/admin/settings", "/account", "/no-such-page"]) {
      await page.goto(`${server.url}${path}`);
      await waitForHydration(page);
      await expectAccessible(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
    // Adding a person queues the setup email, visible on the outbox page.
    await page.goto(`${server.url}/admin/users`);
    await waitForHydration(page);
    await page.getByLabel("Email", { exact: true }).fill("new.person@example.test");
    await page.getByLabel("Display name").fill("New Person");
    await page.getByRole("button", { name: "Add and send setup link" }).click();
    await page.getByRole("status").getByText("new.person@example.test was added").waitFor();
    await page.goto(`${server.url}/admin/outbox`);
    await page.getByText("Kaiku-tilisi (Kaiku) on valmis").waitFor(); // no language chosen: the organisation default (fi)
    expect(context.problems).toEqual([]);
    await context.close();
  });
});
