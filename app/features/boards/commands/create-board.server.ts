import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { insertBoard } from "~/models/board.server";
import { boardDescription, boardName, groupIdField } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** A new board, last in the group's order; audited. */
export const createBoard = defineCommand({
  name: "board.create",
  input: z.object({ groupId: groupIdField, name: boardName, description: boardDescription }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    const board = insertBoard(ctx.tx, { groupId: scope.group.id, actorId: ctx.actor.id, name: input.name, description: input.description });
    return { boardId: board.id, name: board.name };
  },
});
