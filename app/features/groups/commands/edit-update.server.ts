import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { updatePost } from "~/models/group-post.server";
import { id } from "../schemas";
import { authorizeUpdates, postFields, postLimit } from "./updates.server";

export const editUpdate = defineCommand({
  name: "update.edit",
  input: z.object({ groupId: id, postId: id, ...postFields }).strict(),
  authorize: (ctx, input) => authorizeUpdates(ctx, input.groupId),
  rateLimit: postLimit,
  run(ctx, input, scope) {
    if (
      !updatePost({
        actorId: ctx.actor.id,
        groupId: scope.group.id,
        postId: input.postId,
        input: { title: input.title, body: input.body, pinned: input.pinned },
      })
    )
      throw fail.notFound();
    return { id: input.postId };
  },
});
