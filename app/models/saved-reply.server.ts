import { asc, eq } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { SavedReply } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { Conn } from "./types";

// Saved replies: staff's reusable responses, organisation-wide. {name}, {idea} and {group} are filled in when
// one is used (see fillPlaceholders in app/utils/reply-tools.ts).

export type SavedReplyInput = { title: string; body: string };

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

export function insertSavedReply(conn: Conn, input: SavedReplyInput & { actorId: string | null }): number {
  const reply = conn.insert(schema.savedReplies).values({ title: input.title, body: input.body, createdBy: input.actorId }).returning({ id: schema.savedReplies.id }).get();
  recordAudit(conn, { actorId: input.actorId, action: "reply.create", targetType: "saved_reply", targetId: String(reply.id), details: { title: input.title } });
  return reply.id;
}

export function createSavedReply({ actorId, input }: { actorId: string; input: SavedReplyInput }): number {
  return db().transaction((tx) => insertSavedReply(tx, { ...input, actorId }), { behavior: "immediate" });
}

export function updateSavedReply({ actorId, id, input }: { actorId: string; id: number; input: SavedReplyInput }): boolean {
  return db().transaction(
    (tx) => {
      const done = tx.update(schema.savedReplies).set({ ...input, updatedAt: Date.now() }).where(eq(schema.savedReplies.id, id)).returning({ id: schema.savedReplies.id }).get();
      if (done) recordAudit(tx, { actorId, action: "reply.update", targetType: "saved_reply", targetId: String(id), details: { title: input.title } });
      return Boolean(done);
    },
    { behavior: "immediate" },
  );
}

export function deleteSavedReply({ actorId, id }: { actorId: string; id: number }): boolean {
  return db().transaction(
    (tx) => {
      const gone = tx.delete(schema.savedReplies).where(eq(schema.savedReplies.id, id)).returning({ title: schema.savedReplies.title }).get();
      if (gone) recordAudit(tx, { actorId, action: "reply.delete", targetType: "saved_reply", targetId: String(id), details: { title: gone.title } });
      return Boolean(gone);
    },
    { behavior: "immediate" },
  );
}
