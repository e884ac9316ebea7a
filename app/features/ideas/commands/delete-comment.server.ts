import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { requireWritable } from "~/commands/scope.server";
import { markCommentDeleted } from "~/models/comment.server";
import { groupId, ideaNumber, rowId } from "../schemas";
import { ideaScope } from "../scope.server";

/** The writer deletes their own comment (also on a closed idea: one's own words can always go); a read-only group 409 first. */
export const deleteComment = defineCommand({
  name: "comment.delete",
  input: z.object({ groupId, number: ideaNumber, commentId: rowId }).strict(),
  authorize(ctx, input) {
    const scope = ideaScope(ctx, input);
    requireWritable(scope);
    return scope;
  },
  run(ctx, input, { group, idea }) {
    const deleted = markCommentDeleted(ctx.tx, { ideaId: idea.id, commentId: input.commentId, authorId: ctx.actor.id, now: ctx.now });
    ctx.emit({ type: "comment.deleted", groupId: group.id, payload: { ideaId: idea.id, number: idea.number, commentId: deleted.id } });
    return { id: deleted.id };
  },
});
