import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Board } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { slugify } from "~/utils/slug";
import { preparedOnce } from "./statements.server";
import type { Conn } from "./types";

export type BoardInput = { name: string; description: string };

// Read on every board view: prepared once.
const boardStatements = preparedOnce((c) => ({
  boards: c.prepare<[string], Board & { hasIdeas: number }>(
    `SELECT id, group_id AS groupId, slug, name, description, position, closed_at AS closedAt, idea_count AS ideaCount, created_at AS createdAt, updated_at AS updatedAt,
       EXISTS (SELECT 1 FROM ideas WHERE board_id = boards.id) AS hasIdeas
     FROM boards WHERE group_id = ? ORDER BY position, id`,
  ),
}));

/**
 * The group's boards in their order, each with how many ideas it lists (withdrawn and merged ones aside, a
 * counter the database keeps) and whether it holds any idea at all (a board with ideas cannot be deleted).
 */
export function listBoards(groupId: string) {
  return boardStatements()
    .boards.all(groupId)
    .map((b) => ({ ...b, hasIdeas: b.hasIdeas === 1 }));
}

/** A slug free in the group: the name's, or the name's with a number. */
function freeSlug(conn: Conn, groupId: string, name: string): string {
  const base = slugify(name) || "board";
  const taken = new Set(
    conn
      .select({ slug: schema.boards.slug })
      .from(schema.boards)
      .where(eq(schema.boards.groupId, groupId))
      .all()
      .map((b) => b.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Inside the caller's transaction (the createBoard command's; the demo seed and tests use it too). New boards go last. */
export function insertBoard(conn: Conn, input: { groupId: string; actorId: string | null } & BoardInput): Board {
  const position =
    conn
      .select({ max: sql<number | null>`max(${schema.boards.position})` })
      .from(schema.boards)
      .where(eq(schema.boards.groupId, input.groupId))
      .get()?.max ?? -1;
  const board = conn
    .insert(schema.boards)
    .values({
      groupId: input.groupId,
      slug: freeSlug(conn, input.groupId, input.name),
      name: input.name,
      description: input.description,
      position: position + 1,
    })
    .returning()
    .get();
  recordAudit(conn, {
    actorId: input.actorId,
    action: "board.create",
    targetType: "board",
    targetId: String(board.id),
    groupId: input.groupId,
    details: { name: board.name },
  });
  return board;
}

export function updateBoard({ actorId, groupId, boardId, input }: { actorId: string; groupId: string; boardId: number; input: BoardInput }): boolean {
  return db().transaction(
    (tx) => {
      const done = tx
        .update(schema.boards)
        .set({ ...input, updatedAt: Date.now() })
        .where(and(eq(schema.boards.id, boardId), eq(schema.boards.groupId, groupId)))
        .returning({ id: schema.boards.id })
        .get();
      if (done) recordAudit(tx, { actorId, action: "board.update", targetType: "board", targetId: String(boardId), groupId, details: { name: input.name } });
      return Boolean(done);
    },
    { behavior: "immediate" },
  );
}

export function setBoardClosed({ actorId, groupId, boardId, closed }: { actorId: string; groupId: string; boardId: number; closed: boolean }): boolean {
  return db().transaction(
    (tx) => {
      const done = tx
        .update(schema.boards)
        .set({ closedAt: closed ? Date.now() : null, updatedAt: Date.now() })
        .where(and(eq(schema.boards.id, boardId), eq(schema.boards.groupId, groupId)))
        .returning({ name: schema.boards.name })
        .get();
      if (done)
        recordAudit(tx, {
          actorId,
          action: closed ? "board.close" : "board.open",
          targetType: "board",
          targetId: String(boardId),
          groupId,
          details: { name: done.name },
        });
      return Boolean(done);
    },
    { behavior: "immediate" },
  );
}

/** Swaps the board with its neighbour above or below. */
export function moveBoard({
  actorId,
  groupId,
  boardId,
  direction,
}: {
  actorId: string;
  groupId: string;
  boardId: number;
  direction: "up" | "down";
}): { ok: true } | { ok: false; error: "notFound" | "atEdge" } {
  return db().transaction(
    (tx) => {
      const board = tx
        .select()
        .from(schema.boards)
        .where(and(eq(schema.boards.id, boardId), eq(schema.boards.groupId, groupId)))
        .get();
      if (!board) return { ok: false as const, error: "notFound" as const };
      const up = direction === "up";
      const neighbour = tx
        .select()
        .from(schema.boards)
        .where(and(eq(schema.boards.groupId, groupId), up ? lt(schema.boards.position, board.position) : gt(schema.boards.position, board.position)))
        .orderBy(up ? sql`${schema.boards.position} DESC` : asc(schema.boards.position))
        .limit(1)
        .get();
      if (!neighbour) return { ok: false as const, error: "atEdge" as const };
      tx.update(schema.boards).set({ position: neighbour.position }).where(eq(schema.boards.id, board.id)).run();
      tx.update(schema.boards).set({ position: board.position }).where(eq(schema.boards.id, neighbour.id)).run();
      recordAudit(tx, { actorId, action: "board.move", targetType: "board", targetId: String(boardId), groupId, details: { name: board.name, direction } });
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** Only a board without ideas can be deleted: ideas are never lost with their board. */
export function deleteBoard({
  actorId,
  groupId,
  boardId,
}: {
  actorId: string;
  groupId: string;
  boardId: number;
}): { ok: true } | { ok: false; error: "notFound" | "notEmpty" } {
  return db().transaction(
    (tx) => {
      const board = tx
        .select()
        .from(schema.boards)
        .where(and(eq(schema.boards.id, boardId), eq(schema.boards.groupId, groupId)))
        .get();
      if (!board) return { ok: false as const, error: "notFound" as const };
      if (tx.select({ id: schema.ideas.id }).from(schema.ideas).where(eq(schema.ideas.boardId, boardId)).limit(1).get())
        return { ok: false as const, error: "notEmpty" as const };
      tx.delete(schema.boards).where(eq(schema.boards.id, boardId)).run();
      recordAudit(tx, { actorId, action: "board.delete", targetType: "board", targetId: String(boardId), groupId, details: { name: board.name } });
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}
