import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { liftBanRow } from "~/models/membership.server";
import { id } from "../schemas";
import { auditMemberAction, authorizeMemberAction } from "./member-action.server";

/** Lets a banned person be invited (or ask) again; it does not make them a member. */
export const liftBan = defineCommand({
  name: "member.lift_ban",
  input: z.object({ groupId: id, userId: id }).strict(),
  authorize: (ctx, input) => authorizeMemberAction(ctx, input, ["banned"]),
  run(ctx, _input, scope) {
    liftBanRow(ctx.tx, { groupId: scope.group.id, userId: scope.target.userId, decidedBy: ctx.actor.id, now: ctx.now });
    auditMemberAction(ctx, scope, "membership.unban");
    return { name: scope.target.name };
  },
});
