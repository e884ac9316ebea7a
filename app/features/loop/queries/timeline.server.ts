import { asc, eq, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { moderatedSql } from "~/domain/predicates";

/**
 * The idea's history for its timeline: status changes (with responses) and ideas merged into it. A related idea
 * moderated away (hidden, held, erased) is named only to reviewers (`reviewer`); for everyone else `related` is null.
 */
export function listEvents(ideaId: number, { reviewer = false }: { reviewer?: boolean } = {}) {
  const away = reviewer ? "" : ` AND NOT ${moderatedSql("r")}`;
  const related = sql`(SELECT json_object('number', r.number, 'title', r.title) FROM ideas r WHERE r.id = ${schema.ideaEvents.relatedIdeaId}${sql.raw(away)})`;
  return db()
    .select({
      id: schema.ideaEvents.id,
      kind: schema.ideaEvents.kind,
      fromStatus: schema.ideaEvents.fromStatus,
      toStatus: schema.ideaEvents.toStatus,
      response: schema.ideaEvents.response,
      createdAt: schema.ideaEvents.createdAt,
      actorName: schema.users.name,
      related: sql<string | null>`${related}`,
    })
    .from(schema.ideaEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.ideaEvents.actorId))
    .where(eq(schema.ideaEvents.ideaId, ideaId))
    .orderBy(asc(schema.ideaEvents.id))
    .all()
    .map((e) => ({ ...e, related: e.related ? (JSON.parse(e.related) as { number: number; title: string }) : null }));
}
