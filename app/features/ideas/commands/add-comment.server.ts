import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { holdIfNewcomer } from "~/features/moderation/hold.server";
import { requireNotMuted } from "~/features/moderation/mute-guard.server";
import { groupScope } from "~/commands/scope.server";
import { RULES } from "~/auth/rate-limit.server";
import { fail } from "~/domain/errors";
import { insertComment } from "~/models/comment.server";
import { plainExcerpt } from "~/models/idea.server";
import { canComment } from "~/policy";
import { extractMentions } from "~/utils/mentions";
import { commentText, groupId, ideaNumber, rowId } from "../schemas";

/**
 * A comment or a reply on an idea. Everyone who sees the group takes part (a read-only group: 403, as before);
 * a withdrawn or merged idea takes no comments (409). Who is told (mentioned people, the replied-to writer, the
 * idea's author and followers) is the subscriber's job after the commit: app/features/ideas/subscribers/comment-readers.server.ts.
 */
export const addComment = defineCommand({
  name: "comment.add",
  input: z.object({ groupId, number: ideaNumber, body: commentText, parentId: rowId.nullish().transform((v) => v ?? null) }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canComment(scope.viewer, scope.readOnly)) throw fail.forbidden();
    requireNotMuted(ctx, scope.group.id);
    return scope;
  },
  rateLimit: (ctx) => ({ key: `comment:user:${ctx.actor.id}`, rule: RULES.comments, message: "ideas.comments.rateLimited" }),
  run(ctx, input, scope) {
    const { group } = scope;
    const added = insertComment(ctx.tx, {
      groupId: group.id,
      number: input.number,
      author: ctx.actor,
      body: input.body,
      parentId: input.parentId,
      now: ctx.now,
    });
    // A newcomer's comment waits for a moderator: comment.added (mentions, replies, followers) on approval.
    if (holdIfNewcomer(ctx, scope, { itemType: "comment", id: added.id })) return { id: added.id, held: true };
    ctx.emit({
      type: "comment.added",
      groupId: group.id,
      payload: {
        ideaId: added.idea.id,
        number: added.idea.number,
        title: added.idea.title,
        commentId: added.id,
        parentId: added.parentId,
        authorName: ctx.actor.name,
        mentioned: extractMentions(input.body),
        replyTo: added.replyTo,
        excerpt: plainExcerpt(input.body, 500),
        followsUpTo: added.followsUpTo,
      },
    });
    return { id: added.id, held: false };
  },
});
