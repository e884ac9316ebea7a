import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { openNotification as openNotificationRow } from "~/models/notification.server";
import { isOrgStaff } from "~/policy";

/** Opening one's notification reads it and says where it leads; someone else's is not found. */
export const openNotification = defineCommand({
  name: "notification.open",
  input: z.object({ id: z.number().int().positive() }).strict(),
  authorize: () => null,
  run(ctx, input) {
    const href = openNotificationRow({ userId: ctx.actor.id, id: input.id, isStaff: isOrgStaff(ctx.actor.role) });
    if (!href) throw fail.notFound();
    return { href };
  },
});
