import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { markRead } from "~/models/notification.server";

/** Marks one of the actor's notifications read, or all of them (no id); only the actor's own rows are touched. */
export const markNotificationsRead = defineCommand({
  name: "notification.read",
  input: z.object({ id: z.number().int().positive().optional() }).strict(),
  authorize: () => null,
  run(ctx, input) {
    markRead({ userId: ctx.actor.id, id: input.id });
    return { id: input.id ?? null };
  },
});
