import { getOrgSettings } from "~/models/org.server";
import { isLocale, localeFromAcceptLanguage, translator, type Locale } from "./index";

export const LOCALE_COOKIE = "kaiku_lang";

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

/** The user's setting, then the switcher's cookie, then Accept-Language, then the organisation's default. */
export function resolveLocale(request: Request, user: { locale: Locale | null } | null): Locale {
  if (user?.locale) return user.locale;
  const cookie = readCookie(request, LOCALE_COOKIE);
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? getOrgSettings().defaultLocale;
}

export function localeCookie(locale: Locale, secure: boolean): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function serverTranslator(request: Request, user: { locale: Locale | null } | null) {
  return translator(resolveLocale(request, user));
}
