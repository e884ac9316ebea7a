import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { renewInvitation } from "~/models/invitation.server";
import { id } from "../schemas";
import { authorizeInvitations, emitInvitationsSent } from "./invitations.server";

/** A fresh link by e-mail (the old one stops working), at most once a minute per invitation. */
export const resendInvitation = defineCommand({
  name: "invitation.resend",
  input: z.object({ groupId: id, invitationId: id }).strict(),
  authorize: (ctx, input) => authorizeInvitations(ctx, input.groupId, { writable: true }),
  run(ctx, input, scope) {
    const renewed = renewInvitation(ctx.tx, { actorId: ctx.actor.id, groupId: scope.group.id, invitationId: input.invitationId, now: ctx.now });
    if (!renewed.ok) throw renewed.error === "notFound" ? fail.notFound() : fail.conflict("groups.invite.tooSoon");
    emitInvitationsSent(ctx, scope.group.id, [renewed.invitation], renewed.message, true);
    return { email: renewed.invitation.email };
  },
});
