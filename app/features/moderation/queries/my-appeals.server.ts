import { sql } from "drizzle-orm";
import { db } from "~/db.server";
import { wasAppealed } from "../commands/appeal-item.server";

/**
 * The "ask for a review" forms on an idea page: the viewer's own hidden idea and hidden comments there (not held,
 * not erased, not deleted), keyed "idea:12" / "comment:34": "open" while they may still appeal, "done" once they
 * have (the same once-per-item rule as appealItem). A read-only group offers no form (nothing is "open").
 */
export type MyAppeals = Record<string, "open" | "done">;

export function myAppeals(input: { ideaId: number; viewerId: string; readOnly: boolean }): MyAppeals {
  const conn = db();
  const mine = conn.all<{ itemType: "idea" | "comment"; itemId: string }>(sql`
    SELECT 'idea' AS itemType, CAST(id AS TEXT) AS itemId FROM ideas
      WHERE id = ${input.ideaId} AND author_id = ${input.viewerId} AND hidden_at IS NOT NULL AND held_at IS NULL AND erased_at IS NULL
    UNION ALL
    SELECT 'comment', CAST(id AS TEXT) FROM comments
      WHERE idea_id = ${input.ideaId} AND author_id = ${input.viewerId} AND hidden_at IS NOT NULL AND held_at IS NULL AND erased_at IS NULL AND deleted_at IS NULL`);
  const out: MyAppeals = {};
  for (const item of mine) {
    const key = `${item.itemType}:${item.itemId}`;
    if (wasAppealed(conn, item)) out[key] = "done";
    else if (!input.readOnly) out[key] = "open";
  }
  return out;
}

/** Whether the comment is one of this idea's (a form posted to another idea's page is refused like an unknown item). */
export function isCommentOf(commentId: number, ideaId: number): boolean {
  return Boolean(db().get<{ n: number }>(sql`SELECT 1 AS n FROM comments WHERE id = ${commentId} AND idea_id = ${ideaId}`));
}
