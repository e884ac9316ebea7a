import { openDatabase, type Db } from "../db/client";
import { env } from "./env.server";

let instance: Db | undefined;

/** The app's one connection, opened on first use. */
export function db(): Db {
  return (instance ??= openDatabase(env.DATABASE_PATH));
}

export function closeDb(): void {
  instance?.$client.close();
  instance = undefined;
}

export { schema } from "../db/client";
export type { Db } from "../db/client";
