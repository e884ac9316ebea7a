import { eq } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Locale } from "~/i18n";
import { recordAudit } from "./audit.server";

export type OrgSettings = { name: string; defaultLocale: Locale; timeZone: string };

const DEFAULTS: OrgSettings = { name: "Kaiku", defaultLocale: "fi", timeZone: "Europe/Helsinki" };

let cache: OrgSettings | undefined;

/** Read on every request, so it is cached in memory and refreshed on update (one process owns the database). */
export function getOrgSettings(): OrgSettings {
  if (cache) return cache;
  const row = db().select().from(schema.orgSettings).where(eq(schema.orgSettings.id, 1)).get();
  cache = row ? { name: row.name, defaultLocale: row.defaultLocale, timeZone: row.timeZone } : DEFAULTS;
  return cache;
}

export function updateOrgSettings({ actorId, settings }: { actorId: string; settings: OrgSettings }): void {
  db().transaction(
    (tx) => {
      tx.insert(schema.orgSettings)
        .values({ id: 1, ...settings, updatedAt: Date.now() })
        .onConflictDoUpdate({ target: schema.orgSettings.id, set: { ...settings, updatedAt: Date.now() } })
        .run();
      recordAudit(tx, { actorId, action: "settings.update", targetType: "org", targetId: "1", details: settings });
    },
    { behavior: "immediate" },
  );
  cache = undefined;
}
