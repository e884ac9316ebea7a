import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { recordAudit } from "~/models/audit.server";
import { createSavedReplyInput } from "../schemas";
import { authorizeSavedReplies } from "../saved-replies-access.server";

// Saved replies: staff's reusable responses, organisation-wide. {name}, {idea} and {group} are filled in when
// one is used (see fillPlaceholders in app/utils/reply-tools.ts).

export const createSavedReply = defineCommand({
  name: "loop.createSavedReply",
  input: createSavedReplyInput,
  authorize: authorizeSavedReplies,
  run(ctx, input) {
    const reply = ctx.tx
      .insert(schema.savedReplies)
      .values({ title: input.title, body: input.body, createdBy: ctx.actor.id, createdAt: ctx.now, updatedAt: ctx.now })
      .returning({ id: schema.savedReplies.id })
      .get();
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "reply.create",
      targetType: "saved_reply",
      targetId: String(reply.id),
      details: { title: input.title },
    });
    return { id: reply.id };
  },
});
