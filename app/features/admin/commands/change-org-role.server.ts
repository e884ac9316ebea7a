import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { setUserRole } from "~/models/user.server";
import { roleField, textId } from "~/schemas/fields";
import { requireOrgAdmin } from "./admin-scope.server";

/** An admin changes someone's organisation role; not their own, and never the last admin's away (400). */
export const changeOrgRole = defineCommand({
  name: "admin.change_role",
  input: z.object({ userId: textId, role: roleField }).strict(),
  authorize: (ctx) => requireOrgAdmin(ctx),
  run(ctx, input) {
    const changed = setUserRole({ actorId: ctx.actor.id, userId: input.userId, role: input.role });
    if (!changed.ok && changed.error === "notFound") throw fail.notFound();
    if (!changed.ok) throw fail.invalid({ message: changed.error === "ownRole" ? "admin.users.ownRole" : "admin.users.lastAdmin" });
    ctx.emit({ type: "user.role_changed", groupId: null, payload: { userId: input.userId, to: input.role } });
    return { name: changed.name, role: input.role };
  },
});
