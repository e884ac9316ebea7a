import { eq } from "drizzle-orm";
import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { deleteSavedReplyInput } from "../schemas";
import { authorizeSavedReplies } from "../saved-replies-access.server";

/** Deletes a saved reply (404 when it is gone already). */
export const deleteSavedReply = defineCommand({
  name: "loop.deleteSavedReply",
  input: deleteSavedReplyInput,
  authorize: authorizeSavedReplies,
  run(ctx, input) {
    const gone = ctx.tx.delete(schema.savedReplies).where(eq(schema.savedReplies.id, input.id)).returning({ title: schema.savedReplies.title }).get();
    if (!gone) throw fail.notFound();
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "reply.delete",
      targetType: "saved_reply",
      targetId: String(input.id),
      details: { title: gone.title },
    });
    return { id: input.id };
  },
});
