import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { ftsText } from "./fts";
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

/** SQL functions the schema's triggers call (the search index's words): every connection that writes ideas needs them. */
export function registerFunctions(sqlite: Database.Database): void {
  sqlite.function("kaiku_fts_text", { deterministic: true }, (groupId, text) => ftsText(String(groupId), String(text ?? "")));
}

export { schema };
