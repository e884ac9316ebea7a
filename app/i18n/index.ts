import { LOCALES, type Locale } from "~/domain/constants";
import type { MessageKey, PageMessageKey } from "./en";
// An empty module in the browser build (Remix replaces `.server` modules there), so the server's dictionaries, e-mail
// strings included, never reach the browser; on the server and in tests they are here from the first call on.
import * as server from "./server/messages.server";

export type { MessageKey, PageMessageKey };
export type { Locale };
export { LOCALES };
type Dictionary = Record<string, string>;

/**
 * The browser's dictionaries: only the page strings, and only the languages a page asked for (`loadMessages`). Each
 * language is a chunk of its own, loaded before hydration (entry.client.tsx), so a page carries one language.
 */
const pageDictionaries: Partial<Record<Locale, Dictionary>> = {};
const pageLoaders: Record<Locale, () => Promise<Record<PageMessageKey, string>>> = {
  en: () => import("./en").then((m) => m.en),
  fi: () => import("./fi").then((m) => m.fi),
};
const listeners = new Set<() => void>();
let loadedVersion = 0;

function dictionaryOf(locale: Locale): Dictionary | undefined {
  return (server.serverDictionaries?.[locale] as Dictionary | undefined) ?? pageDictionaries[locale];
}

/** Whether `translate` has the language's strings here (always on the server). */
export function hasMessages(locale: Locale): boolean {
  return dictionaryOf(locale) !== undefined;
}

/** Loads a language's page strings into the browser (a no-op once loaded, and on the server). */
export async function loadMessages(locale: Locale): Promise<void> {
  if (hasMessages(locale)) return;
  const dictionary = await pageLoaders[locale]();
  pageDictionaries[locale] = dictionary;
  loadedVersion++;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: components re-render when a language they wait for arrives. */
export function subscribeMessages(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function messagesVersion(): number {
  return loadedVersion;
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return value === "fi" || value === "en";
}

/** A key of the dictionaries this side has (in the browser: a page key; server-only keys are translated before they are sent). */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && LOCALES.some((locale) => Object.prototype.hasOwnProperty.call(dictionaryOf(locale) ?? {}, value));
}

// One Intl.PluralRules per locale, made once (building Intl objects is the costly part).
const pluralRules = new Map<Locale, Intl.PluralRules>();
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(tag(locale))));
  return rules.select(count);
}

/**
 * Plurals: with a numeric `count` (or a string of one, such as a formatted "1"), a key with a variant for the
 * count's CLDR plural category (`key.one`; `key.zero`, `key.few` … where a language has them) uses it, else the
 * key itself, which is written for "other" (the plural). Finnish and English have one and other.
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  // A language still loading in the browser (just switched to) shows the one it has until it arrives.
  const fallback = dictionaryOf("en") ?? dictionaryOf("fi") ?? {};
  const dictionary = dictionaryOf(locale) ?? fallback;
  const count =
    params?.count === undefined ? NaN : typeof params.count === "number" ? params.count : Number(String(params.count).replace(/[\s\u00a0\u202f,]/g, ""));
  const variant = Number.isFinite(count)
    ? dictionary[`${key}.${count === 0 && `${key}.zero` in dictionary ? "zero" : pluralCategory(locale, count)}`]
    : undefined;
  const template = variant ?? dictionary[key] ?? fallback[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Every action the audit log knows a name for (the action filter's choices), from the message keys. */
export function auditActions(): string[] {
  const prefix = "admin.audit.action.";
  return Object.keys(dictionaryOf("en") ?? dictionaryOf("fi") ?? {})
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/**
 * Schema messages are message keys, translated here; messages an action produced are already in the user's
 * language and pass through.
 */
export function translateError(t: Translate, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return isMessageKey(message) ? t(message) : message;
}

/** Picks the best supported locale from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...rest] = part.trim().split(";");
      const q = rest.find((r) => r.trim().startsWith("q="));
      return { lang: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.lang && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}

// Building an Intl formatter costs far more than using one (measured: a fifth of the board page's CPU time
// went to building them per call), so each locale and time zone gets one, made once.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let found = formatters.get(key) as T | undefined;
  if (!found) formatters.set(key, (found = make()));
  return found;
}
const tag = (locale: Locale) => (locale === "fi" ? "fi-FI" : "en-GB");

export function formatDateTime(ms: number, locale: Locale, timeZone: string): string {
  return formatter(`dt:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(tag(locale), { dateStyle: "medium", timeStyle: "short", timeZone })).format(ms);
}

export function formatDate(ms: number, locale: Locale, timeZone: string): string {
  return formatter(`d:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(tag(locale), { dateStyle: "medium", timeZone })).format(ms);
}

export function formatNumber(n: number, locale: Locale): string {
  return formatter(`n:${locale}`, () => new Intl.NumberFormat(tag(locale))).format(n);
}
