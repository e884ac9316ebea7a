import type { MetaFunction } from "@remix-run/node";
import { isLocale, translate, type MessageKey } from "~/i18n";

/** A translated <title>, in the locale the root loader chose. */
export function titleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
    const locale = isLocale(root?.locale) ? root.locale : "fi";
    return [{ title: `${translate(locale, key)} · Kaiku` }];
  };
}
