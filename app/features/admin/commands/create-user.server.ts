import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { insertUser } from "~/models/user.server";
import { recordAudit } from "~/models/audit.server";
import { sendSetupEmail } from "~/models/password-token.server";
import { nullableLocale } from "~/features/accounts/schemas";
import { emailField, nameField, roleField } from "~/schemas/fields";
import { requireOrgAdmin } from "./admin-scope.server";

/**
 * An admin adds a person: the account, its setup link by e-mail and the audit entry land together. A taken address
 * is refused beside the e-mail field (400, as the page always answered).
 *
 * The setup e-mail is queued in this transaction, as the command's own product, not by a subscriber: the admin is
 * told "we sent a setup link" when the page answers, the link works only with the token this transaction stores,
 * and a subscriber would need that token in the event log (see requestPasswordReset).
 */
export const createUser = defineCommand({
  name: "admin.create_user",
  input: z.object({ email: emailField, name: nameField, role: roleField, locale: nullableLocale }).strict(),
  authorize: (ctx) => requireOrgAdmin(ctx),
  run(ctx, input) {
    const created = insertUser(ctx.tx, { email: input.email, name: input.name, role: input.role, locale: input.locale });
    if (!created) throw fail.invalid({ fieldErrors: { email: ["admin.users.emailTaken"] } });
    sendSetupEmail(ctx.tx, created);
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      details: { email: created.email, role: created.role },
    });
    ctx.emit({ type: "user.created", groupId: null, payload: { userId: created.id, role: created.role } });
    return { userId: created.id, email: created.email };
  },
});
