import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { createPost } from "~/models/group-post.server";
import { id } from "../schemas";
import { authorizeUpdates, postFields, postLimit } from "./updates.server";

export const publishUpdate = defineCommand({
  name: "update.publish",
  input: z.object({ groupId: id, ...postFields }).strict(),
  authorize: (ctx, input) => authorizeUpdates(ctx, input.groupId),
  rateLimit: postLimit,
  run(ctx, input, scope) {
    return { id: createPost({ actorId: ctx.actor.id, groupId: scope.group.id, input: { title: input.title, body: input.body, pinned: input.pinned } }) };
  },
});
