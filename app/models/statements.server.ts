import type Database from "better-sqlite3";
import { db } from "~/db.server";

/**
 * Prepared statements for hot paths, made once per connection (tests and scripts may reopen it). The query
 * builder costs about 1.8x on small reads; a statement prepared once costs nothing per request.
 */
export function preparedOnce<T>(build: (conn: Database.Database) => T): () => T {
  let cached: { conn: Database.Database; value: T } | undefined;
  return () => {
    const conn = db().$client;
    if (cached?.conn !== conn) cached = { conn, value: build(conn) };
    return cached.value;
  };
}

/** For SQL assembled from a fixed set of fragments (filters, sorts): each distinct text is prepared once. */
const byText = preparedOnce(() => new Map<string, Database.Statement>());
export function prepareCached(text: string): Database.Statement {
  const cache = byText();
  let statement = cache.get(text);
  if (!statement) {
    statement = db().$client.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}
