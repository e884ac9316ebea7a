import type { MetaFunction } from "@remix-run/node";
import { isLocale, translate, type MessageKey } from "~/i18n";

type Matches = Parameters<MetaFunction>[0]["matches"];

/** The locale the root loader chose (Finnish before it has run). */
const localeOf = (matches: Matches) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return isLocale(root?.locale) ? root.locale : "fi";
};

/** A translated <title>: "<page> · Kaiku". */
export function titleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => [{ title: `${translate(localeOf(matches), key)} · Kaiku` }];
}

/** "<page> · <group> · Kaiku" for pages inside a group (the group comes from the group layout's data). */
export function groupTitleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const group = matches.find((m) => m.id === "routes/g.$slug")?.data as { group?: { name: string } } | undefined;
    return [{ title: [translate(localeOf(matches), key), group?.group?.name, "Kaiku"].filter(Boolean).join(" · ") }];
  };
}
