import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { endMembershipRow } from "~/models/membership.server";
import type { MembershipState } from "~/domain/constants";
import { id, optionalText } from "../schemas";
import { auditMemberAction, authorizeMemberAction } from "./member-action.server";

const BANNABLE: MembershipState[] = ["active", "requested", "declined", "removed", "left"];

/** Removing ends the membership (the person may be invited again); banning also keeps them out for good. */
export const endMembership = defineCommand({
  name: "member.end",
  input: z.object({ groupId: id, userId: id, ban: z.boolean(), reason: optionalText(1000) }).strict(),
  authorize: (ctx, input) => authorizeMemberAction(ctx, input, input.ban ? BANNABLE : ["active"]),
  run(ctx, input, scope) {
    const { group, target } = scope;
    endMembershipRow(ctx.tx, { groupId: group.id, target, ban: input.ban, decidedBy: ctx.actor.id, reason: input.reason, now: ctx.now });
    ctx.emit({
      type: "member.removed",
      groupId: group.id,
      payload: { userId: target.userId, banned: input.ban, wasActive: target.state === "active" },
    });
    auditMemberAction(ctx, scope, input.ban ? "membership.ban" : "membership.remove", { reason: input.reason });
    return { name: target.name };
  },
});
