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

/** "<page> · <group> · Kaiku" for pages inside a group (the group comes from the group layout's data). */
export function groupTitleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
    const group = matches.find((m) => m.id === "routes/g.$slug")?.data as { group?: { name: string } } | undefined;
    const locale = isLocale(root?.locale) ? root.locale : "fi";
    return [{ title: [translate(locale, key), group?.group?.name, "Kaiku"].filter(Boolean).join(" · ") }];
  };
}
