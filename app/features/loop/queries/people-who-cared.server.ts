import { reachable, type Recipient } from "~/models/notification.server";
import { preparedOnce } from "~/models/statements.server";
import type { Conn } from "~/models/types";

export type Relation = "author" | "voter" | "follower";
export type CaringRecipient = Recipient & { relation: Relation };

/**
 * Everyone who cared about an idea: its author, voters and followers, each once, with how each one relates to it
 * (for a personal e-mail; the closest relation wins).
 */
const caredStatement = preparedOnce((c) =>
  c.prepare<{ ideaId: number }, { userId: string; relation: Relation }>(
    `SELECT user_id AS userId, min(rank) AS rank,
            CASE min(rank) WHEN 0 THEN 'author' WHEN 1 THEN 'voter' ELSE 'follower' END AS relation
     FROM (
       SELECT author_id AS user_id, 0 AS rank FROM ideas WHERE id = @ideaId AND author_id IS NOT NULL
       UNION ALL SELECT user_id, 1 FROM votes WHERE idea_id = @ideaId
       UNION ALL SELECT user_id, 2 FROM follows WHERE idea_id = @ideaId
     )
     GROUP BY user_id`,
  ),
);

/**
 * The people to tell about a change to an idea: everyone who cared, never the actor, only people who can still see
 * the group, in user-id order (a fan-out's batches are the same after a restart).
 */
export function peopleWhoCared(conn: Conn, groupId: string, ideaId: number, actorId: string | null): CaringRecipient[] {
  return withRelations(
    conn,
    groupId,
    new Map(
      caredStatement()
        .all({ ideaId })
        .map((r) => [r.userId, r.relation]),
    ),
    actorId,
  );
}

/** Recipients from a map of user id to relation: the actor removed, only those who see the group, by user id. */
export function withRelations(conn: Conn, groupId: string, relations: Map<string, Relation>, actorId: string | null): CaringRecipient[] {
  if (actorId) relations.delete(actorId);
  return reachable(conn, groupId, relations.keys())
    .map((r) => ({ ...r, relation: relations.get(r.id)! }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
