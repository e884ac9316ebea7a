import { asc, eq } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { renderMarkdown } from "~/utils/markdown.server";

// Internal notes: what staff know about an idea that members must never see. Only staff routes read them.

export function listNotes(ideaId: number) {
  return db()
    .select({ id: schema.ideaNotes.id, body: schema.ideaNotes.body, createdAt: schema.ideaNotes.createdAt, authorName: schema.users.name })
    .from(schema.ideaNotes)
    .leftJoin(schema.users, eq(schema.users.id, schema.ideaNotes.authorId))
    .where(eq(schema.ideaNotes.ideaId, ideaId))
    .orderBy(asc(schema.ideaNotes.id))
    .all()
    .map((n) => ({ ...n, html: renderMarkdown(n.body) }));
}
