import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { markWithdrawn } from "~/models/idea.server";
import { canWithdrawIdea } from "~/policy";
import { groupId, ideaNumber } from "../schemas";
import { ideaScope } from "../scope.server";

/** The author takes the idea back while the product team has not committed to it: it leaves the board; its page and history stay. */
export const withdrawIdea = defineCommand({
  name: "idea.withdraw",
  input: z.object({ groupId, number: ideaNumber }).strict(),
  authorize(ctx, input) {
    const scope = ideaScope(ctx, input);
    if (!canWithdrawIdea(ctx.actor.id, scope.idea, scope.readOnly)) throw fail.forbidden();
    return scope;
  },
  run(ctx, _input, { group, idea }) {
    markWithdrawn(ctx.tx, idea.id, ctx.now);
    ctx.emit({ type: "idea.withdrawn", groupId: group.id, payload: { ideaId: idea.id, number: idea.number, title: idea.title } });
    return { number: idea.number };
  },
});
