import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { moveBoard as moveBoardRow } from "~/models/board.server";
import { groupIdField, recordId } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** Swaps a board with its neighbour above or below; the first cannot go up, the last not down (409). */
export const moveBoard = defineCommand({
  name: "board.move",
  input: z.object({ groupId: groupIdField, boardId: recordId, direction: z.enum(["up", "down"]) }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    const moved = moveBoardRow({ actorId: ctx.actor.id, groupId: scope.group.id, boardId: input.boardId, direction: input.direction });
    if (!moved.ok && moved.error === "notFound") throw fail.notFound();
    if (!moved.ok) throw fail.conflict(input.direction === "up" ? "boards.alreadyFirst" : "boards.alreadyLast");
    return { direction: input.direction };
  },
});
