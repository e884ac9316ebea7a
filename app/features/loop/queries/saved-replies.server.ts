import { asc, eq } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { SavedReply } from "../../../../db/schema";

// Saved replies: staff's reusable responses, organisation-wide (written by the commands *-saved-reply.server.ts).

const byTitle = new Intl.Collator("fi", { sensitivity: "base", numeric: true });

/** By title as people read them (case and accents aside), which SQLite's own ordering cannot do. */
export function listSavedReplies(): SavedReply[] {
  return db()
    .select()
    .from(schema.savedReplies)
    .orderBy(asc(schema.savedReplies.id))
    .all()
    .sort((a, b) => byTitle.compare(a.title, b.title) || a.id - b.id);
}

export function findSavedReply(id: number): SavedReply | null {
  return db().select().from(schema.savedReplies).where(eq(schema.savedReplies.id, id)).get() ?? null;
}
