import { eq } from "drizzle-orm";
import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { updateSavedReplyInput } from "../schemas";
import { authorizeSavedReplies } from "../saved-replies-access.server";

/** Edits a saved reply (404 when it was deleted meanwhile). */
export const updateSavedReply = defineCommand({
  name: "loop.updateSavedReply",
  input: updateSavedReplyInput,
  authorize: authorizeSavedReplies,
  run(ctx, input) {
    const done = ctx.tx
      .update(schema.savedReplies)
      .set({ title: input.title, body: input.body, updatedAt: ctx.now })
      .where(eq(schema.savedReplies.id, input.id))
      .returning({ id: schema.savedReplies.id })
      .get();
    if (!done) throw fail.notFound();
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "reply.update",
      targetType: "saved_reply",
      targetId: String(input.id),
      details: { title: input.title },
    });
    return { id: input.id };
  },
});
