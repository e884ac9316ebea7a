import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type Database from "better-sqlite3";
import { freeHandle } from "../app/utils/mentions";
import { openDatabase } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

/**
 * Applies pending migrations. drizzle-kit rebuilds SQLite tables with `PRAGMA foreign_keys=OFF` inside the
 * migrator's transaction, where SQLite ignores it, so ON DELETE CASCADE would silently empty child tables.
 * We therefore run on a connection whose foreign keys are off before the transaction starts, then verify
 * integrity with foreign_key_check and fail loudly on any violation.
 */
export function runMigrations(file: string, folder = MIGRATIONS_FOLDER): void {
  const db = openDatabase(file, { foreignKeys: false });
  try {
    const applied = () =>
      (db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'").get() as { n: number }).n > 0
        ? (db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n
        : 0;
    const before = applied();
    migrate(db, { migrationsFolder: folder });
    backfillHandles(db.$client);
    // Checking every row takes seconds on a large database (5 s at the benchmark's 2M votes and comments), so
    // it runs until it has passed once for the migrations now applied (remembered in user_version), not at
    // every start: a start after a failed check checks (and refuses) again.
    const count = applied();
    if (count === before && db.$client.pragma("user_version", { simple: true }) === count) return;
    const violations = db.$client.pragma("foreign_key_check") as unknown[];
    if (violations.length > 0) {
      throw new Error(`Migration left ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 5))}`);
    }
    db.$client.pragma(`user_version = ${count}`);
  } finally {
    db.$client.close();
  }
}

/**
 * Accounts made before @mention handles existed get one from their name, as new accounts do. This is data
 * that SQL cannot derive well (SQLite's lower() folds ASCII only), so it runs here, once per such account.
 */
function backfillHandles(sqlite: Database.Database): void {
  const hasHandles = (sqlite.prepare("SELECT count(*) AS n FROM pragma_table_info('users') WHERE name = 'handle'").get() as { n: number }).n > 0;
  if (!hasHandles) return;
  const missing = sqlite.prepare("SELECT id, name FROM users WHERE handle IS NULL ORDER BY rowid").all() as { id: string; name: string }[];
  if (missing.length === 0) return;
  const taken = new Set(sqlite.prepare("SELECT handle FROM users WHERE handle IS NOT NULL").pluck().all() as string[]);
  const set = sqlite.prepare("UPDATE users SET handle = ? WHERE id = ?");
  sqlite.transaction(() => {
    for (const user of missing) {
      const handle = freeHandle(user.name, (h) => taken.has(h));
      taken.add(handle);
      set.run(handle, user.id);
    }
  })();
}
