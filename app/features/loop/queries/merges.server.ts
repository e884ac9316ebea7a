import { and, desc, eq, gte, isNull } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Conn } from "~/models/types";
import { UNMERGE_WINDOW_MS } from "../merge-policy";
import type { IdeaRow } from "./ideas.server";

export type MergeRecord = typeof schema.ideaMerges.$inferSelect;

/** The merge that made this idea "merged" (its latest one), or null: merges from before migration 0010 recorded nothing. */
export function currentMerge(conn: Conn, idea: Pick<IdeaRow, "id" | "status" | "mergedIntoId">): MergeRecord | null {
  if (idea.status !== "merged") return null;
  const merge = conn.select().from(schema.ideaMerges).where(eq(schema.ideaMerges.fromIdeaId, idea.id)).orderBy(desc(schema.ideaMerges.id)).limit(1).get();
  return merge && merge.undoneAt === null && merge.intoIdeaId === idea.mergedIntoId ? merge : null;
}

/** The current merge of an idea (see currentMerge), for its page. */
export function findCurrentMerge(idea: Pick<IdeaRow, "id" | "status" | "mergedIntoId">): MergeRecord | null {
  return currentMerge(db(), idea);
}

/** Merges into this idea that staff can still undo (not undone, within the window), by the source idea's number. */
export function undoableMergesInto(ideaId: number, now = Date.now()): { fromNumber: number; createdAt: number }[] {
  return db()
    .select({ fromNumber: schema.ideas.number, createdAt: schema.ideaMerges.createdAt })
    .from(schema.ideaMerges)
    .innerJoin(schema.ideas, eq(schema.ideas.id, schema.ideaMerges.fromIdeaId))
    .where(
      and(
        eq(schema.ideaMerges.intoIdeaId, ideaId),
        isNull(schema.ideaMerges.undoneAt),
        eq(schema.ideas.status, "merged"),
        eq(schema.ideas.mergedIntoId, ideaId),
        gte(schema.ideaMerges.createdAt, now - UNMERGE_WINDOW_MS),
      ),
    )
    .all();
}
