import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { setRoleRow } from "~/models/membership.server";
import { groupRole, id } from "../schemas";
import { auditMemberAction, authorizeMemberAction } from "./member-action.server";

/** Makes a member a moderator or a moderator a member again (the person is told by the subscriber). */
export const changeMemberRole = defineCommand({
  name: "member.change_role",
  input: z.object({ groupId: id, userId: id, role: groupRole }).strict(),
  authorize: (ctx, input) => authorizeMemberAction(ctx, input, ["active"]),
  run(ctx, input, scope) {
    const { group, target } = scope;
    if (target.role === input.role) throw fail.conflict("groups.manage.wrongState");
    setRoleRow(ctx.tx, group.id, target.userId, input.role);
    ctx.emit({ type: "member.role_changed", groupId: group.id, payload: { userId: target.userId, from: target.role, to: input.role } });
    auditMemberAction(ctx, scope, input.role === "moderator" ? "membership.promote" : "membership.demote", { from: target.role, to: input.role });
    return { name: target.name };
  },
});
