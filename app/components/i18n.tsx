import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  hasMessages,
  loadMessages,
  messagesVersion,
  subscribeMessages,
  translator,
  type Locale,
  type Translate,
} from "~/i18n";
import type { loader as rootLoader } from "~/root";
import { useFallbackLocale } from "./request-context";

export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}

export function useLocale(): Locale {
  const fallback = useFallbackLocale();
  return useRootData()?.locale ?? fallback;
}

/**
 * The page's translator. The browser holds the page strings of the languages it loaded (the first before hydration);
 * after a switch of language the new one is loaded here, and the page shows the old one until it arrives.
 */
export function useT(): Translate {
  const locale = useLocale();
  const version = useSyncExternalStore(subscribeMessages, messagesVersion, messagesVersion);
  useEffect(() => {
    if (!hasMessages(locale)) void loadMessages(locale);
  }, [locale]);
  // A new version means new strings: a new translator, so that memoised children render again too.
  return useMemo(() => translator(locale), [locale, version]);
}

export function useFormat() {
  const locale = useLocale();
  const timeZone = useRootData()?.timeZone ?? "Europe/Helsinki";
  return useMemo(
    () => ({
      dateTime: (ms: number) => formatDateTime(ms, locale, timeZone),
      date: (ms: number) => formatDate(ms, locale, timeZone),
      number: (n: number) => formatNumber(n, locale),
    }),
    [locale, timeZone],
  );
}
