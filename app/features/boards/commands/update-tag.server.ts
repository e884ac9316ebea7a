import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { updateTag as updateTagRow } from "~/models/tag.server";
import { groupIdField, recordId, tagColor, tagName } from "../schemas";
import { boardManagerScope } from "./manage-scope.server";

/** Renames or recolours a tag; a name another tag of the group has is refused (409). */
export const updateTag = defineCommand({
  name: "tag.update",
  input: z.object({ groupId: groupIdField, tagId: recordId, name: tagName, color: tagColor }).strict(),
  authorize: (ctx, input) => boardManagerScope(ctx, input.groupId),
  run(ctx, input, scope) {
    const updated = updateTagRow({ actorId: ctx.actor.id, groupId: scope.group.id, tagId: input.tagId, input: { name: input.name, color: input.color } });
    if (!updated.ok && updated.error === "notFound") throw fail.notFound();
    if (!updated.ok) throw fail.conflict("tags.nameTaken", { name: input.name });
    return { name: input.name };
  },
});
