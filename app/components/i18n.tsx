import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { formatDate, formatDateTime, formatNumber, translator, type Locale, type Translate } from "~/i18n";
import type { loader as rootLoader } from "~/root";
import { useFallbackLocale } from "./request-context";

export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}

export function useLocale(): Locale {
  const fallback = useFallbackLocale();
  return useRootData()?.locale ?? fallback;
}

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
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
