import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "../../db/schema";

/** Either the connection or a transaction on it: models that write inside a caller's transaction take this. */
export type Conn = BaseSQLiteDatabase<"sync", unknown, typeof schema>;
