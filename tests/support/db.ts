import { db } from "../../app/db.server";

/** Rows of a query on the test's database. */
export const rows = (sql: string, ...params: unknown[]) =>
  db()
    .$client.prepare(sql)
    .all(...params) as Record<string, unknown>[];
/** The first column of a query's first row (undefined when there is none). */
export const value = (sql: string, ...params: unknown[]) =>
  Object.values(
    (db()
      .$client.prepare(sql)
      .get(...params) ?? {}) as Record<string, unknown>,
  )[0];
/** Every row of the tables, to prove that a refused request wrote nothing. */
export const snapshotOf = (tables: readonly string[]) => JSON.stringify(tables.map((t) => rows(`SELECT * FROM ${t} ORDER BY rowid`)));
