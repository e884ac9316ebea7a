import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { RULES } from "~/auth/rate-limit.server";
import { fail } from "~/domain/errors";
import { insertInvitations } from "~/models/invitation.server";
import { emailField, nameField } from "~/schemas/fields";
import { MAX_INVITES } from "~/schemas/group";
import { id, optionalText } from "../schemas";
import { authorizeInvitations, emitInvitationsSent } from "./invitations.server";

/**
 * Invites every address at once or none: people already in the group, already invited or banned are skipped and
 * reported; if the new invitations would not fit the group's capacity, nothing is written or sent (400).
 */
export const inviteMembers = defineCommand({
  name: "invitation.invite",
  input: z
    .object({
      groupId: id,
      entries: z
        // The pasted list's rules (parseInviteList): a real address, a name on one line; a caller without the form
        // (a script, the JSON API) must not queue e-mail to "not-an-address" or put a line break in a greeting.
        .array(z.object({ email: emailField, name: nameField.nullable() }).strict())
        .min(1)
        .max(MAX_INVITES),
      message: optionalText(1000),
    })
    .strict(),
  authorize: (ctx, input) => authorizeInvitations(ctx, input.groupId, { writable: true }),
  rateLimit: (ctx) => ({ key: `invite:user:${ctx.actor.id}`, rule: RULES.inviteBatches, message: "groups.invite.rateLimited" }),
  run(ctx, input, scope) {
    const outcome = insertInvitations(ctx.tx, { actorId: ctx.actor.id, group: scope.group, entries: input.entries, message: input.message, now: ctx.now });
    if (outcome.placesLeft !== null) throw fail.invalid({ message: "groups.invite.capacity", params: { count: outcome.placesLeft } });
    emitInvitationsSent(ctx, scope.group.id, outcome.invited, input.message, false);
    return { invited: outcome.invited.map((i) => i.email), skipped: outcome.skipped };
  },
});
