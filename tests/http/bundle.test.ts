// Nothing of the server reaches the browser: checked on the real build in public/build (`npm test` and
// `npm run test:e2e` build first; this file sits with the HTTP tests because `npm run test:unit` does not).
import fs from "node:fs";
import path from "node:path";
import { is } from "drizzle-orm";
import { SQLiteTable, getTableConfig } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { en } from "../../app/i18n/en";
import { enServer } from "../../app/i18n/server/en.server";
import { startServer, type RunningServer } from "../support/server";

const root = path.resolve(import.meta.dirname, "../..");
const buildDir = path.join(root, "public/build");

type Asset = { file: string; text: string };
let assets: Asset[] = [];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

beforeAll(() => {
  if (!fs.existsSync(buildDir)) throw new Error("public/build is missing: run `npx remix build` first (npm test does)");
  assets = walk(buildDir)
    .filter((f) => /\.(js|css|map)$/.test(f))
    .map((file) => ({ file: path.relative(buildDir, file), text: fs.readFileSync(file, "utf8") }));
});

/** The assets in which `pattern` occurs, each with the first match, for a readable failure. */
function where(pattern: RegExp): string[] {
  return assets.flatMap(({ file, text }) => {
    const m = text.match(pattern);
    return m ? [`${file}: ${m[0]}`] : [];
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `name` as a whole identifier (not inside a longer one). */
const word = (name: string) => new RegExp(`(?<![A-Za-z0-9_$])${escape(name)}(?![A-Za-z0-9_$])`);

/**
 * Every table, column and index name of db/schema.ts, read from drizzle's own table configs so a new table is
 * covered without editing this test. Only names with an underscore are checked (password_hash, token_hash,
 * email_outbox, link_secret, group_id …): those are SQL identifiers and nothing else. A name without one is an
 * ordinary English word that pages use in URLs, props and strings (groups, ideas, name, status, title); a
 * schema that came along whole is caught by drizzle's own names below instead.
 */
function sqlNames(): { checked: string[]; skipped: string[] } {
  const names = new Set<string>();
  for (const value of Object.values(schema)) {
    if (!is(value, SQLiteTable)) continue;
    const config = getTableConfig(value);
    names.add(config.name);
    for (const column of config.columns) names.add(column.name);
    for (const index of config.indexes) names.add(index.config.name);
  }
  const all = [...names].sort();
  return { checked: all.filter((n) => n.includes("_")), skipped: all.filter((n) => !n.includes("_")) };
}

describe("the browser build", () => {
  it("has assets to check", () => {
    expect(assets.filter((a) => a.file.endsWith(".js")).length).toBeGreaterThan(20);
  });

  it("carries no drizzle", () => {
    expect(where(/drizzle|sqliteTable|sqlite-core|better-sqlite3/)).toEqual([]);
  });

  it("names no table, column or index of the database", () => {
    const { checked, skipped } = sqlNames();
    // The schema's reading worked: these are known to exist.
    expect(checked).toEqual(expect.arrayContaining(["password_hash", "token_hash", "email_outbox", "link_secret"]));
    expect(skipped).toEqual(expect.arrayContaining(["groups", "ideas"]));
    const found = checked.flatMap((name) => where(word(name)).map((hit) => `${name} in ${hit}`));
    expect(found).toEqual([]);
  });

  it("refers to no server-only message key (e-mails, action messages stay in app/i18n/server)", () => {
    const js = assets.filter((a) => a.file.endsWith(".js"));
    // Keys built at run time (`loop.hint.${h}`): any key under such a prefix counts as used.
    const prefixes = new Set<string>();
    for (const { text } of js) for (const m of text.matchAll(/[`"']([a-zA-Z]+(?:\.[a-zA-Z]+)*\.)(?:\$\{|["']\s*\+)/g)) prefixes.add(m[1]);
    const used = Object.keys(enServer).flatMap((key) => {
      const literal = js.find(({ text }) => text.includes(`"${key}"`) || text.includes(`'${key}'`) || text.includes(`\`${key}\``));
      if (literal) return [`${key} in ${literal.file}`];
      const prefix = [...prefixes].find((p) => key.startsWith(p));
      return prefix ? [`${key} under ${prefix}\${…}`] : [];
    });
    expect(used).toEqual([]);
  });

  it("ships each language's page strings in a chunk of its own, without the server's strings", () => {
    // Both dictionaries once sat in one shared chunk: now each language is a chunk a page loads alone.
    const dictionaries = assets.filter((a) => a.text.includes('"nav.skip":'));
    expect(dictionaries).toHaveLength(2);
    expect(dictionaries.filter((a) => a.text.includes(JSON.stringify(en["nav.skip"])))).toHaveLength(1);
    // Loaded on demand (entry.client.tsx loads the page's language before hydrating), never imported statically.
    for (const dictionary of dictionaries) {
      const url = `/build/${dictionary.file.split(path.sep).join("/")}`;
      expect(where(new RegExp(`(from|import)\\s*"${escape(url)}"`))).toEqual([]);
      expect(where(new RegExp(`import\\("${escape(url)}"\\)`)).length).toBeGreaterThan(0);
    }
    // The server's own strings (English ones, which esbuild writes as they are): none is in any asset, but for the
    // few a page also shows under a key of its own.
    const pageStrings = new Set<string>(Object.values(en));
    const serverStrings = Object.values(enServer).filter((v) => v.length >= 24 && /^[\x20-\x7e]+$/.test(v) && !pageStrings.has(v));
    expect(serverStrings.length).toBeGreaterThan(20);
    expect(serverStrings.filter((v) => assets.some((a) => a.text.includes(JSON.stringify(v))))).toEqual([]);
  });
});

describe("a page of the built app", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it.each([
    ["fi", "fi-FI,fi;q=0.9"],
    ["en", "en-GB,en;q=0.9"],
  ])("preloads its language's page strings, and only those (%s)", async (locale, acceptLanguage) => {
    const html = await (await fetch(`${server.url}/login`, { headers: { "Accept-Language": acceptLanguage } })).text();
    expect(html).toContain(`<html lang="${locale}"`);
    const preloads = [...html.matchAll(/<link rel="modulepreload" href="(\/build\/_shared\/(en|fi)-[^"]+)"/g)];
    expect(preloads.map((m) => m[2])).toEqual([locale]);
    const chunk = await fetch(`${server.url}${preloads[0][1]}`);
    expect(chunk.status).toBe(200);
    expect(await chunk.text()).toContain('"nav.skip":');
  });
});
