import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { revokeInvitationRow } from "~/models/invitation.server";
import { id } from "../schemas";
import { authorizeInvitations } from "./invitations.server";

/** Revoking works in a read-only group too: it only takes a link back. */
export const revokeInvitation = defineCommand({
  name: "invitation.revoke",
  input: z.object({ groupId: id, invitationId: id }).strict(),
  authorize: (ctx, input) => authorizeInvitations(ctx, input.groupId, { writable: false }),
  run(ctx, input, scope) {
    const revoked = revokeInvitationRow(ctx.tx, { actorId: ctx.actor.id, groupId: scope.group.id, invitationId: input.invitationId, now: ctx.now });
    if (!revoked) throw fail.notFound();
    return { email: revoked.email };
  },
});
