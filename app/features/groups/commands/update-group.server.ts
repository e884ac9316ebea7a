import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { DomainError, fail } from "~/domain/errors";
import { updateGroup as saveGroup } from "~/models/group.server";
import { canAdministerGroups } from "~/policy";
import { groupInput, id } from "../schemas";

/** The group's settings, by an admin. A refusal names its field (detail.field) and carries the message's params. */
export const updateGroup = defineCommand({
  name: "group.update",
  input: z.object({ groupId: id, group: groupInput }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canAdministerGroups(ctx.actor.role)) throw fail.forbidden();
    return scope;
  },
  run(ctx, input, scope) {
    const updated = saveGroup({ actorId: ctx.actor.id, groupId: scope.group.id, input: input.group });
    if (!updated.ok) {
      if (updated.error === "slugTaken") throw new DomainError("invalid", { message: "groups.form.slugTaken", detail: { field: "slug" } });
      throw new DomainError("invalid", { message: "groups.form.capacityBelow", params: { count: updated.members ?? 0 }, detail: { field: "capacity" } });
    }
    return { slug: updated.slug };
  },
});
