import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { deletePost } from "~/models/group-post.server";
import { id } from "../schemas";
import { authorizeUpdates } from "./updates.server";

export const deleteUpdate = defineCommand({
  name: "update.delete",
  input: z.object({ groupId: id, postId: id }).strict(),
  authorize: (ctx, input) => authorizeUpdates(ctx, input.groupId),
  run(ctx, input, scope) {
    if (!deletePost({ actorId: ctx.actor.id, groupId: scope.group.id, postId: input.postId })) throw fail.notFound();
    return { id: input.postId };
  },
});
