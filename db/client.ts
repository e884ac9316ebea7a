import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { containedTerms, ftsText, trigramRowid } from "./fts";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens a connection with the pragmas every connection must have. No side effects on import. */
export function openDatabase(file: string, options: { foreignKeys?: boolean } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -32000");
  sqlite.pragma(`foreign_keys = ${options.foreignKeys === false ? "OFF" : "ON"}`);
  registerFunctions(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

/** SQL functions the schema's triggers (the search indexes) and the searches call: every connection needs them. */
export function registerFunctions(sqlite: Database.Database): void {
  sqlite.function("kaiku_fts_text", { deterministic: true }, (groupId, text) => ftsText(String(groupId), String(text ?? "")));
  // A BigInt, so SQLite gets an integer rowid (a JavaScript number would arrive as a REAL).
  sqlite.function("kaiku_trigram_rowid", { deterministic: true }, (groupId, ideaId) => BigInt(trigramRowid(String(groupId), Number(ideaId))));
  // Searches only (ranking matches inside words, the member directory): folded as the indexes fold.
  sqlite.function("kaiku_contained_terms", { deterministic: true }, (text, terms) => containedTerms(String(text ?? ""), String(terms ?? "")));
}

export { schema };

export type QuickCheck = { ok: boolean; problems: string[]; ms: number };

/**
 * `PRAGMA quick_check` on a read-only connection of its own: "ok", or the first problems SQLite reports (a
 * damaged page, a broken index). A file SQLite cannot read at all counts as damaged too.
 */
export function quickCheck(file: string): QuickCheck {
  const start = performance.now();
  let problems: string[];
  try {
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      problems = (sqlite.pragma("quick_check(10)") as Record<string, string>[]).map((row) => String(Object.values(row)[0]));
    } finally {
      sqlite.close();
    }
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  return { ok: problems.length === 1 && problems[0] === "ok", problems, ms: Math.round(performance.now() - start) };
}
