import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { setBoardClosed } from "~/models/board.server";
import { groupIdField, recordId } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** Closes a board to new ideas (its ideas stay listed and open to votes and comments), or opens it again. */
export const closeBoard = defineCommand({
  name: "board.close",
  input: z.object({ groupId: groupIdField, boardId: recordId, closed: z.boolean() }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    if (!setBoardClosed({ actorId: ctx.actor.id, groupId: scope.group.id, boardId: input.boardId, closed: input.closed })) throw fail.notFound();
    return { closed: input.closed };
  },
});
