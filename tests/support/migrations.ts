import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS_FOLDER, runMigrations } from "../../db/migrate";

/**
 * A database as an install from before a migration left it: migrated up to, not including, `tag` (from a copy
 * of the migrations folder whose journal stops there). `migrateRest` then applies the rest, as the next start
 * of the new version would. The caller removes `dir`.
 */
export function migratedBefore(tag: string): { dir: string; file: string; migrateRest: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-mig-"));
  const folder = path.join(dir, "migrations");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta/_journal.json");
  const full = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const stop = full.entries.findIndex((e) => e.tag === tag);
  if (stop < 0) throw new Error(`no migration ${tag}`);
  fs.writeFileSync(journalPath, JSON.stringify({ ...full, entries: full.entries.slice(0, stop) }));
  const file = path.join(dir, "kaiku.db");
  runMigrations(file, folder);
  return {
    dir,
    file,
    migrateRest: () => {
      fs.writeFileSync(journalPath, JSON.stringify(full));
      runMigrations(file, folder);
    },
  };
}
