import type { Locale } from "../../db/schema";
import { en, type MessageKey } from "./en";
import { fi } from "./fi";

export type { MessageKey };
export type { Locale };
export const LOCALES: readonly Locale[] = ["fi", "en"];
const dictionaries: Record<Locale, Record<MessageKey, string>> = { fi, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return value === "fi" || value === "en";
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(en, value);
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
  const dictionary = dictionaries[locale] as Record<string, string>;
  const count = params?.count === undefined ? NaN : typeof params.count === "number" ? params.count : Number(String(params.count).replace(/[\s\u00a0\u202f,]/g, ""));
  const variant = Number.isFinite(count) ? dictionary[`${key}.${count === 0 && `${key}.zero` in dictionary ? "zero" : pluralCategory(locale, count)}`] : undefined;
  const template = variant ?? dictionary[key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Every action the audit log knows a name for (the action filter's choices), from the message keys. */
export function auditActions(): string[] {
  const prefix = "admin.audit.action.";
  return Object.keys(en)
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
