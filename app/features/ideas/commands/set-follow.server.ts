import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { requireWritable } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { setFollow as setFollowRow } from "~/models/idea.server";
import { groupId, ideaNumber } from "../schemas";
import { ideaScope } from "../scope.server";

/** Follow or unfollow an idea. Everyone who sees the group may; a withdrawn or merged idea takes no new followers (409), leaving is always possible. */
export const setFollow = defineCommand({
  name: "idea.follow",
  input: z.object({ groupId, number: ideaNumber, following: z.boolean() }).strict(),
  authorize(ctx, input) {
    const scope = ideaScope(ctx, input);
    requireWritable(scope);
    return scope;
  },
  run(ctx, input, { group, idea }) {
    if (!setFollowRow({ groupId: group.id, number: idea.number, userId: ctx.actor.id, following: input.following }).ok)
      throw fail.closed("ideas.closedForComments");
    return { following: input.following };
  },
});
