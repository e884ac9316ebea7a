import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Every e2e file runs its flows in both of these browsers: a Finnish one in Helsinki and an American one eight
 * hours behind. A server and a browser that format a number or a date differently (a bare toLocaleString(), a
 * date in the runtime's time zone) disagree in one of them, React's hydration fails, and the test with it.
 */
export const BROWSER_LOCALES = [
  { locale: "fi-FI", timezoneId: "Europe/Helsinki" },
  { locale: "en-US", timezoneId: "America/New_York" },
] as const;
export type BrowserLocale = (typeof BROWSER_LOCALES)[number];

let current: BrowserLocale = BROWSER_LOCALES[0];
/** The browser locale new contexts get; each file's `describe.each(BROWSER_LOCALES)` sets it in its beforeAll. */
export function setBrowserLocale(locale: BrowserLocale) {
  current = locale;
}

/** One browser per test file; Chromium's own language is Finnish, each context then emulates its locale. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--lang=fi-FI",
    ],
  });
}

type ContextOptions = NonNullable<Parameters<Browser["newContext"]>[0]> & {
  /** Pins the page's language for signed-out pages (the header switcher's cookie), whatever the browser asks for. */
  pageLanguage?: "fi" | "en";
};

/**
 * A context in the current browser locale that records page errors (hydration errors included) and every
 * console error, so a test can assert there were none.
 */
export async function newContext(browser: Browser, { pageLanguage, ...options }: ContextOptions = {}): Promise<BrowserContext & { problems: string[] }> {
  const context = (await browser.newContext({ locale: current.locale, timezoneId: current.timezoneId, ...options })) as BrowserContext & { problems: string[] };
  context.problems = [];
  context.setDefaultTimeout(10_000);
  context.on("page", (page) => watch(page, context.problems));
  // Cookies are not kept per port, so one for the host covers every test server on it.
  if (pageLanguage) await context.addCookies([{ name: "kaiku_lang", value: pageLanguage, domain: "127.0.0.1", path: "/" }]);
  return context;
}

// A 4xx answer is part of some flows (a wrong password, a page that does not exist) and Chromium logs it as an
// error. Remix 2.17's single fetch logs the AbortError of a response it was still decoding when a newer request
// replaced it (a revalidation after a vote aborting the similar-ideas lookup; seen on a loaded machine), then
// drops that response as it should: framework noise about a request nobody waits for. Anything else on the
// console is a problem.
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 4\d\d|^AbortError: signal is aborted without reason/;

function watch(page: Page, problems: string[]) {
  page.on("console", (msg) => {
    if (msg.type() === "error" && !EXPECTED_CONSOLE.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
}

/** Runs axe-core on the page and fails on any serious or critical violation. */
export async function expectAccessible(page: Page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/** Waits until React has hydrated, so client-side behaviour is under test rather than the server HTML. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

/** Signs in through the sign-in form (in whichever language the browser gets it) and waits for the greeting. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await waitForHydration(page);
  const form = page.locator("main form").filter({ has: page.locator("input[name=password]") });
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=password]").fill(password);
  await form.locator("button[type=submit]").click();
  await page.getByRole("heading", { name: /^(Hello|Hei), / }).waitFor();
}

/** The header's height and the top of the first idea card, on the page as it is now. */
export function firstScreen(page: Page) {
  return page.evaluate(() => ({
    header: document.querySelector("body > div > header > div")!.getBoundingClientRect().height,
    headerTotal: document.querySelector("body > div > header")!.getBoundingClientRect().height,
    firstIdea: document.querySelector("ul[aria-label] > li.card")?.getBoundingClientRect().top ?? null,
  }));
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

/**
 * One signed-in phone tab for the tests of the describe block that calls it: opened before them, and after them
 * checked for console and page errors and closed. Returns a getter (the tab exists only once beforeAll ran).
 */
export function phoneTab(browser: () => Browser, signIn: (page: Page, email: string) => Promise<void>, email: string): () => Page {
  let context: Awaited<ReturnType<typeof newContext>>;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(browser(), { viewport: { width: 375, height: 800 } });
    page = await context.newPage();
    await signIn(page, email);
  });
  afterAll(async () => {
    expect(context.problems).toEqual([]);
    await context.close();
  });
  return () => page;
}
