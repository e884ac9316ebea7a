import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { setGroupArchived as saveArchived } from "~/models/group.server";
import { canAdministerGroups } from "~/policy";
import { id } from "../schemas";

/** Archiving makes a group read-only (nobody joins or writes); restoring opens it again. Admins only. */
export const setGroupArchived = defineCommand({
  name: "group.archive",
  input: z.object({ groupId: id, archived: z.boolean() }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canAdministerGroups(ctx.actor.role)) throw fail.forbidden();
    return scope;
  },
  run(ctx, input, scope) {
    saveArchived({ actorId: ctx.actor.id, groupId: scope.group.id, archived: input.archived });
    return { slug: scope.group.slug };
  },
});
