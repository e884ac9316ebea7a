import { and, eq, inArray, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Tag, TagColor } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

export type TagInput = { name: string; color: TagColor };

const tagsStatement = preparedOnce((c) =>
  c.prepare<[string], Tag>("SELECT id, group_id AS groupId, name, color, created_at AS createdAt FROM tags WHERE group_id = ? ORDER BY name"),
);

export function listTags(groupId: string): Tag[] {
  return tagsStatement().all(groupId);
}

/**
 * A retag named a tag that is not one of the group's (deleted meanwhile, another group's, made up). Thrown inside
 * the caller's transaction, so the whole write rolls back: a retag must never drop tags it was not asked to drop.
 * Routes answer it with a 400 on the tags field (see `UNKNOWN_TAG_MESSAGE`).
 */
export class UnknownTagError extends Error {
  constructor(readonly tagIds: number[]) {
    super(`unknown tags: ${tagIds.join(", ")}`);
    this.name = "UnknownTagError";
  }
}
export const UNKNOWN_TAG_MESSAGE = "validation.unknownTag";

/** Inside the caller's transaction: the idea's tags become exactly `tagIds`, all of them the group's, or UnknownTagError. */
export function replaceIdeaTags(conn: Conn, groupId: string, ideaId: number, tagIds: readonly number[]): void {
  const wanted = [...new Set(tagIds)];
  const known =
    wanted.length === 0
      ? []
      : conn
          .select({ id: schema.tags.id })
          .from(schema.tags)
          .where(and(eq(schema.tags.groupId, groupId), inArray(schema.tags.id, wanted)))
          .all();
  if (known.length !== wanted.length) {
    const found = new Set(known.map((t) => t.id));
    throw new UnknownTagError(wanted.filter((id) => !found.has(id)));
  }
  conn.delete(schema.ideaTags).where(eq(schema.ideaTags.ideaId, ideaId)).run();
  if (wanted.length > 0)
    conn
      .insert(schema.ideaTags)
      .values(wanted.map((tagId) => ({ ideaId, tagId })))
      .run();
}

const nameTaken = (conn: Conn, groupId: string, name: string, exceptId?: number) =>
  Boolean(
    conn
      .select({ id: schema.tags.id })
      .from(schema.tags)
      .where(
        and(
          eq(schema.tags.groupId, groupId),
          sql`lower(${schema.tags.name}) = lower(${name})`,
          exceptId === undefined ? undefined : sql`${schema.tags.id} <> ${exceptId}`,
        ),
      )
      .get(),
  );

/** Inside the caller's transaction. Names are unique in the group regardless of case. */
export function insertTag(conn: Conn, input: { groupId: string; actorId: string | null } & TagInput): Tag | null {
  if (nameTaken(conn, input.groupId, input.name)) return null;
  const tag = conn.insert(schema.tags).values({ groupId: input.groupId, name: input.name, color: input.color }).returning().get();
  recordAudit(conn, {
    actorId: input.actorId,
    action: "tag.create",
    targetType: "tag",
    targetId: String(tag.id),
    groupId: input.groupId,
    details: { name: tag.name },
  });
  return tag;
}

export function updateTag({
  actorId,
  groupId,
  tagId,
  input,
}: {
  actorId: string;
  groupId: string;
  tagId: number;
  input: TagInput;
}): { ok: true } | { ok: false; error: "nameTaken" | "notFound" } {
  return db().transaction(
    (tx) => {
      if (nameTaken(tx, groupId, input.name, tagId)) return { ok: false as const, error: "nameTaken" as const };
      const done = tx
        .update(schema.tags)
        .set(input)
        .where(and(eq(schema.tags.id, tagId), eq(schema.tags.groupId, groupId)))
        .returning({ id: schema.tags.id })
        .get();
      if (!done) return { ok: false as const, error: "notFound" as const };
      recordAudit(tx, {
        actorId,
        action: "tag.update",
        targetType: "tag",
        targetId: String(tagId),
        groupId,
        details: { name: input.name, color: input.color },
      });
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** Deleting a tag takes it off every idea; the ideas themselves stay. */
export function deleteTag({ actorId, groupId, tagId }: { actorId: string; groupId: string; tagId: number }): boolean {
  return db().transaction(
    (tx) => {
      const gone = tx
        .delete(schema.tags)
        .where(and(eq(schema.tags.id, tagId), eq(schema.tags.groupId, groupId)))
        .returning({ name: schema.tags.name })
        .get();
      if (gone) recordAudit(tx, { actorId, action: "tag.delete", targetType: "tag", targetId: String(tagId), groupId, details: { name: gone.name } });
      return Boolean(gone);
    },
    { behavior: "immediate" },
  );
}
