import { z } from "zod";
import { deleteSessionOf } from "~/auth/adapter.server";
import { defineCommand } from "~/commands/command.server";

/** Ends the actor's own session (only theirs: the id is looked up with the actor's account). */
export const signOut = defineCommand({
  name: "auth.sign_out",
  input: z.object({ sessionId: z.string().min(1).max(200) }).strict(),
  authorize: () => null,
  run(ctx, input) {
    deleteSessionOf(ctx.actor.id, input.sessionId);
    return { signedOut: true as const };
  },
});
