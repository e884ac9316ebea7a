import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { deleteBoard as deleteBoardRow } from "~/models/board.server";
import { groupIdField, recordId } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** Only a board without ideas can be deleted (409 otherwise): ideas are never lost with their board. */
export const deleteBoard = defineCommand({
  name: "board.delete",
  input: z.object({ groupId: groupIdField, boardId: recordId }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    const deleted = deleteBoardRow({ actorId: ctx.actor.id, groupId: scope.group.id, boardId: input.boardId });
    if (!deleted.ok && deleted.error === "notFound") throw fail.notFound();
    if (!deleted.ok) throw fail.conflict("boards.notEmpty");
    return { boardId: input.boardId };
  },
});
