import { and, eq } from "drizzle-orm";
import { schema } from "~/db.server";
import type { Conn } from "~/models/types";

// Row reads the loop's commands and queries share (inside a command's transaction or on the connection).

export type IdeaRow = typeof schema.ideas.$inferSelect;

/** The idea with this number in the group, or null. */
export const ideaRow = (conn: Conn, groupId: string, number: number): IdeaRow | null =>
  conn
    .select()
    .from(schema.ideas)
    .where(and(eq(schema.ideas.groupId, groupId), eq(schema.ideas.number, number)))
    .get() ?? null;
