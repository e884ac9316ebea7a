import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** A context that records CSP violations and page errors, so a test can assert there were none. */
export async function newContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext & { problems: string[] }> {
  const context = (await browser.newContext({ locale: "en-GB", ...options })) as BrowserContext & { problems: string[] };
  context.problems = [];
  context.setDefaultTimeout(10_000);
  context.on("page", (page) => watch(page, context.problems));
  return context;
}

function watch(page: Page, problems: string[]) {
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
}

/** Runs axe-core on the page and fails on any serious or critical violation. */
export async function expectAccessible(page: Page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/** Waits until React has hydrated, so client-side behaviour is under test rather than the server HTML. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

/** Signs in through the English sign-in form and waits for the home page's greeting. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /^Hello, / }).waitFor();
}

/**
 * Opens a page on a phone-sized context and checks it: every disclosure opened (so their forms are checked too),
 * no serious axe violation, no horizontal scrolling at the viewport's width.
 */
export async function expectPhoneReady(page: Page, url: string, width = 375) {
  await page.goto(url);
  await waitForHydration(page);
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await expectAccessible(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(width);
}
