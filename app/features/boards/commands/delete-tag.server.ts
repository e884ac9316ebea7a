import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { deleteTag as deleteTagRow } from "~/models/tag.server";
import { groupIdField, recordId } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** Deleting a tag takes it off every idea; the ideas themselves stay. */
export const deleteTag = defineCommand({
  name: "tag.delete",
  input: z.object({ groupId: groupIdField, tagId: recordId }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    if (!deleteTagRow({ actorId: ctx.actor.id, groupId: scope.group.id, tagId: input.tagId })) throw fail.notFound();
    return { tagId: input.tagId };
  },
});
