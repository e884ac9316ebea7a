import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { activateMembership, declineJoinRequest, setDecisionMessage } from "~/models/membership.server";
import { id, optionalText } from "../schemas";
import { auditMemberAction, authorizeMemberAction } from "./member-action.server";

/** A moderator approves or declines a join request; the requester is told by the subscriber (in-app and e-mail). */
export const decideJoinRequest = defineCommand({
  name: "member.decide_request",
  input: z.object({ groupId: id, userId: id, approve: z.boolean(), message: optionalText(1000) }).strict(),
  authorize: (ctx, input) => authorizeMemberAction(ctx, input, ["requested"]),
  run(ctx, input, scope) {
    const { group, target } = scope;
    if (input.approve) {
      const activated = activateMembership(ctx.tx, { groupId: group.id, userId: target.userId, decidedBy: ctx.actor.id, now: ctx.now });
      if (!activated.ok) throw fail.conflict(activated.error === "full" ? "groups.manage.full" : "groups.manage.wrongState");
      if (input.message) setDecisionMessage(ctx.tx, group.id, target.userId, input.message);
      ctx.emit({ type: "member.joined", groupId: group.id, payload: { userId: target.userId, name: target.name, via: "approval" } });
    } else {
      declineJoinRequest(ctx.tx, { groupId: group.id, userId: target.userId, decidedBy: ctx.actor.id, message: input.message, now: ctx.now });
    }
    ctx.emit({ type: "join_request.decided", groupId: group.id, payload: { userId: target.userId, approved: input.approve, message: input.message } });
    auditMemberAction(ctx, scope, input.approve ? "membership.approve" : "membership.decline", { message: input.message });
    return { name: target.name };
  },
});
