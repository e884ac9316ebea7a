import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { insertTag } from "~/models/tag.server";
import { groupIdField, tagColor, tagName } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** A new tag; names are unique in the group regardless of case (409). */
export const createTag = defineCommand({
  name: "tag.create",
  input: z.object({ groupId: groupIdField, name: tagName, color: tagColor }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    const tag = insertTag(ctx.tx, { groupId: scope.group.id, actorId: ctx.actor.id, name: input.name, color: input.color });
    if (!tag) throw fail.conflict("tags.nameTaken", { name: input.name });
    return { tagId: tag.id, name: tag.name };
  },
});
