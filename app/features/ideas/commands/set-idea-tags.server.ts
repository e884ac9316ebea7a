import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { setIdeaTags as replaceTags } from "~/models/idea.server";
import { UnknownTagError, UNKNOWN_TAG_MESSAGE } from "~/models/tag.server";
import { canTagIdea } from "~/policy";
import { groupId, ideaNumber, tagIds } from "../schemas";
import { ideaScope } from "../scope.server";

/**
 * Retagging from the idea page: its author while the idea is editable, the group's managers always. A change by
 * anyone but the author is audited (the command decides, from who acts on whose idea).
 */
export const setIdeaTags = defineCommand({
  name: "idea.tags",
  input: z.object({ groupId, number: ideaNumber, tagIds }).strict(),
  authorize(ctx, input) {
    const scope = ideaScope(ctx, input);
    if (!canTagIdea({ ...scope.viewer, userId: ctx.actor.id }, scope.idea, scope.readOnly)) throw fail.forbidden();
    return scope;
  },
  run(ctx, input, { group, idea }) {
    try {
      replaceTags(ctx.tx, { groupId: group.id, ideaId: idea.id, tagIds: input.tagIds });
    } catch (error) {
      if (error instanceof UnknownTagError) throw fail.invalid({ message: UNKNOWN_TAG_MESSAGE, fieldErrors: { tags: [UNKNOWN_TAG_MESSAGE] } });
      throw error;
    }
    if (idea.authorId !== ctx.actor.id)
      recordAudit(ctx.tx, {
        actorId: ctx.actor.id,
        action: "idea.tags",
        targetType: "idea",
        targetId: String(idea.id),
        groupId: group.id,
        details: { number: idea.number, tagIds: input.tagIds },
      });
    return { number: idea.number };
  },
});
