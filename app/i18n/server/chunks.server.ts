import fs from "node:fs";
import path from "node:path";
import type { Locale } from "~/domain/constants";
import { env } from "~/env.server";

/**
 * The address of a language's page strings in the browser build, for a <link rel="modulepreload"> in the document:
 * the browser then fetches them alongside the other modules instead of after entry.client asks for them, and
 * hydration does not wait a round trip. The browser build names that chunk after its module (app/i18n/fi.ts ->
 * _shared/fi-HASH.js); the one holding the dictionary is the one that defines "nav.skip". Null without a build (tests
 * that call loaders), so the page then loads the strings as it would anyway.
 */
let cache: Partial<Record<Locale, string | null>> = {};

export function pageMessagesUrl(locale: Locale): string | null {
  // During `remix dev` the build changes under a running server: look again each time there.
  if (!env.isProduction) cache = {};
  if (cache[locale] !== undefined) return cache[locale];
  const dir = path.resolve("public/build/_shared");
  let found: string | null = null;
  try {
    const candidates = fs.readdirSync(dir).filter((f) => f.startsWith(`${locale}-`) && f.endsWith(".js"));
    found = candidates.find((f) => fs.readFileSync(path.join(dir, f), "utf8").includes('"nav.skip":')) ?? null;
  } catch {
    found = null;
  }
  cache[locale] = found ? `/build/_shared/${found}` : null;
  return cache[locale];
}
