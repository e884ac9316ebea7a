import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { requireNotMuted } from "~/features/moderation/mute-guard.server";
import { requireWritable } from "~/commands/scope.server";
import { updateCommentBody } from "~/models/comment.server";
import { plainExcerpt } from "~/models/idea.server";
import { extractMentions } from "~/utils/mentions";
import { commentText, groupId, ideaNumber, rowId } from "../schemas";
import { ideaScope } from "../scope.server";

/**
 * The writer edits their own comment on a live idea: a read-only group 409 first, then someone else's comment
 * 403, a deleted or unknown one 404, a withdrawn or merged idea 409. People it names for the first time are told
 * (the subscriber of `comment.edited`).
 */
export const editComment = defineCommand({
  name: "comment.edit",
  input: z.object({ groupId, number: ideaNumber, commentId: rowId, body: commentText }).strict(),
  authorize(ctx, input) {
    const scope = ideaScope(ctx, input);
    requireWritable(scope);
    requireNotMuted(ctx, scope.group.id);
    return scope;
  },
  run(ctx, input, { group, idea }) {
    const edited = updateCommentBody(ctx.tx, { ideaId: idea.id, commentId: input.commentId, authorId: ctx.actor.id, body: input.body, now: ctx.now });
    if (edited.changed) {
      ctx.emit({
        type: "comment.edited",
        groupId: group.id,
        payload: {
          ideaId: idea.id,
          number: idea.number,
          title: idea.title,
          commentId: edited.id,
          authorName: ctx.actor.name,
          mentioned: extractMentions(input.body),
          excerpt: plainExcerpt(input.body, 500),
        },
      });
    }
    return { id: edited.id };
  },
});
