import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { leaveGroup as leaveRow } from "~/models/membership.server";
import { id } from "../schemas";

/** A member leaves on their own (also from a read-only group); they can be invited (or ask) again later. */
export const leaveGroup = defineCommand({
  name: "member.leave",
  input: z.object({ groupId: id }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    // Staff and admins see every group without belonging to it: there is no membership to leave.
    if (scope.membership?.state !== "active") throw fail.notFound();
    return scope;
  },
  run(ctx, _input, scope) {
    const left = leaveRow({ group: scope.group, userId: ctx.actor.id, now: ctx.now });
    if (left) ctx.emit({ type: "member.left", groupId: scope.group.id, payload: { userId: ctx.actor.id } });
    return { left };
  },
});
