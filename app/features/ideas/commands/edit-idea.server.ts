import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { requireNotMuted } from "~/features/moderation/mute-guard.server";
import { fail } from "~/domain/errors";
import { updateIdeaText } from "~/models/idea.server";
import { UnknownTagError, UNKNOWN_TAG_MESSAGE } from "~/models/tag.server";
import { canEditIdea } from "~/policy";
import { groupId, ideaBody, ideaNumber, ideaTitle, tagIds } from "../schemas";
import { ideaScope } from "../scope.server";

/** The author edits title, body and tags until staff have responded (then the idea is part of the record). */
export const editIdea = defineCommand({
  name: "idea.edit",
  input: z
    .object({
      groupId,
      number: ideaNumber,
      title: ideaTitle,
      body: ideaBody.optional().transform((v) => v ?? ""),
      tagIds: tagIds.optional().transform((v) => v ?? []),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = ideaScope(ctx, input);
    // Everyone else, and the author once it is answered, withdrawn or merged, or the group is read-only: 403.
    if (!canEditIdea(ctx.actor.id, scope.idea, scope.readOnly)) throw fail.forbidden();
    requireNotMuted(ctx, scope.group.id);
    return scope;
  },
  run(ctx, input, { group, idea }) {
    try {
      const { changed } = updateIdeaText(ctx.tx, {
        groupId: group.id,
        ideaId: idea.id,
        title: input.title,
        body: input.body,
        tagIds: input.tagIds,
        now: ctx.now,
      });
      if (changed) ctx.emit({ type: "idea.edited", groupId: group.id, payload: { ideaId: idea.id, number: idea.number, title: input.title } });
    } catch (error) {
      if (error instanceof UnknownTagError) throw fail.invalid({ message: UNKNOWN_TAG_MESSAGE, fieldErrors: { tags: [UNKNOWN_TAG_MESSAGE] } });
      throw error;
    }
    return { number: idea.number };
  },
});
