import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { updateBoard as updateBoardRow } from "~/models/board.server";
import { boardDescription, boardName, groupIdField, recordId } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** Renames a board or changes its description; a board of another group is not found. */
export const updateBoard = defineCommand({
  name: "board.update",
  input: z.object({ groupId: groupIdField, boardId: recordId, name: boardName, description: boardDescription }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    if (
      !updateBoardRow({ actorId: ctx.actor.id, groupId: scope.group.id, boardId: input.boardId, input: { name: input.name, description: input.description } })
    )
      throw fail.notFound();
    return { name: input.name };
  },
});
