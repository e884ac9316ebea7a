import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { createGroup as insertGroup } from "~/models/group.server";
import { canAdministerGroups } from "~/policy";
import { groupInput } from "../schemas";

/** An admin creates a group, with its first board (see createGroup in app/models/group.server.ts). */
export const createGroup = defineCommand({
  name: "group.create",
  input: z.object({ group: groupInput, firstBoard: z.boolean().default(true) }).strict(),
  authorize(ctx) {
    if (!canAdministerGroups(ctx.actor.role)) throw fail.forbidden();
    return null;
  },
  run(ctx, input) {
    const created = insertGroup({ actorId: ctx.actor.id, input: input.group, firstBoard: input.firstBoard });
    if (!created.ok) throw fail.invalid({ fieldErrors: { slug: ["groups.form.slugTaken"] } });
    return { id: created.id, slug: created.slug };
  },
});
