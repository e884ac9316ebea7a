import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { revealOutboxLink as revealOutboxLinkRow } from "~/email/outbox.server";
import { requireOrgAdmin } from "./admin-scope.server";

/**
 * Decrypts the sign-in link of an e-mail no SMTP server took (logged or failed), so an admin can hand it over;
 * every reveal is audited. A link that is gone (sent, expired, purged) is not_found, which the page answers with
 * 410 and "admin.outbox.revealGone".
 */
export const revealOutboxLink = defineCommand({
  name: "admin.reveal_link",
  input: z.object({ emailId: z.number().int().positive() }).strict(),
  authorize: (ctx) => requireOrgAdmin(ctx),
  run(ctx, input) {
    const link = revealOutboxLinkRow({ actorId: ctx.actor.id, emailId: input.emailId, now: ctx.now });
    if (!link) throw fail.notFound("admin.outbox.revealGone");
    return { link };
  },
});
