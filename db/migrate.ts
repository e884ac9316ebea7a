import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
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
    migrate(db, { migrationsFolder: folder });
    const violations = db.$client.pragma("foreign_key_check") as unknown[];
    if (violations.length > 0) {
      throw new Error(`Migration left ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 5))}`);
    }
  } finally {
    db.$client.close();
  }
}
