import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { requireNotMuted } from "~/features/moderation/mute-guard.server";
import { groupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { castVote as setVote } from "~/models/idea.server";
import { canVote } from "~/policy";
import { groupId, ideaNumber } from "../schemas";

/**
 * Sets the actor's vote on or off (idempotent: a repeated or late request cannot flip it back). Active members
 * vote; staff and a read-only group get 403, an idea that is not there 404, a withdrawn or merged one 409.
 * No event: votes are the most frequent write and nobody is told about one.
 */
export const castVote = defineCommand({
  name: "idea.vote",
  input: z.object({ groupId, number: ideaNumber, voted: z.boolean() }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canVote(scope.viewer, scope.readOnly)) throw fail.forbidden();
    requireNotMuted(ctx, scope.group.id);
    return scope;
  },
  run(ctx, input, { group }) {
    const result = setVote({ groupId: group.id, number: input.number, userId: ctx.actor.id, voted: input.voted, now: ctx.now });
    if (!result.ok && result.error === "notFound") throw fail.notFound();
    if (!result.ok) throw fail.closed("ideas.vote.closed");
    return { voted: result.voted, voteCount: result.voteCount };
  },
});
