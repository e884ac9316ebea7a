// Issue 11 item 1: React 18.3's Node stream renderer flushed its whole 2,048-byte buffer when a multi-byte
// character did not fit at its end, so Finnish pages carried a NUL byte ("Kirjaudu sis\0ään" at byte 2047 of
// /g/mobiilisovellus/members). This crawls the demo as people in both languages and checks every byte.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
const DEMO_PASSWORD = "kaiku-demo-2026";
const PAGES_PER_PERSONA = 45;

beforeAll(async () => {
  server = await startServer({ env: { KAIKU_DEMO: "1" } });
}, 60_000);
afterAll(() => server.stop());

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Visits pages breadth-first from the front page, following the app's own links; returns what each one held. */
async function crawl(headers: Record<string, string>) {
  const seen = new Set<string>();
  const queue = ["/", "/login", "/g/mobiilisovellus/members", "/g/lipunmyynti/members", "/g/mobiilisovellus/ideas?board=all", "/my-ideas"];
  const problems: string[] = [];
  let pages = 0;
  let finnish = 0;
  while (queue.length > 0 && pages < PAGES_PER_PERSONA) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!(res.headers.get("content-type") ?? "").startsWith("text/html")) continue;
    pages++;
    const nul = bytes.indexOf(0);
    if (nul !== -1) problems.push(`${path}: NUL byte at ${nul}`);
    let html = "";
    try {
      html = decoder.decode(bytes);
    } catch {
      problems.push(`${path}: not valid UTF-8`);
      continue;
    }
    if (/[äöÄÖ]/.test(html)) finnish++;
    for (const [, href] of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const link = href.replaceAll("&amp;", "&");
      if (link.startsWith("/build/") || /\.\w+$/.test(link.split("?")[0]) || link.startsWith("/logout") || seen.has(link)) continue;
      queue.push(link);
    }
  }
  return { problems, pages, finnish };
}

describe("documents are whole UTF-8", () => {
  const personas: [string, string | null, string][] = [
    ["anonymous, Finnish browser", null, "fi"],
    ["anonymous, English browser", null, "en"],
    ["admin (Finnish)", "admin@demo.kaiku.test", "en"],
    ["staff (English)", "staff2@demo.kaiku.test", "fi"],
    ["moderator member (Finnish)", "member@demo.kaiku.test", "en"],
    ["moderator member (English)", "emma@demo.kaiku.test", "fi"],
    ["member without a language, Finnish browser", "daniel@demo.kaiku.test", "fi"],
  ];

  it.each(personas)(
    "has no NUL byte and no broken character on any page: %s",
    async (_name, email, browserLanguage) => {
      const headers: Record<string, string> = { "Accept-Language": browserLanguage };
      if (email) headers.Cookie = await signInHttp(server.url, email, DEMO_PASSWORD);
      const { problems, pages, finnish } = await crawl(headers);
      expect(problems).toEqual([]);
      expect(pages).toBeGreaterThanOrEqual(email ? 25 : 3);
      if (email || browserLanguage === "fi") expect(finnish).toBeGreaterThan(0); // multi-byte characters were on the pages checked
    },
    180_000,
  );
});
