import type { CommandContext } from "~/commands/command.server";
import { groupScope, requireWritable, type GroupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { sealToken } from "~/email/link-secret.server";
import type { IssuedInvitation } from "~/models/invitation.server";

/** Invitations are the managers' (moderators, staff, admins): others 403, outsiders 404. */
export function authorizeInvitations(ctx: CommandContext, groupId: string, options: { writable: boolean }): GroupScope {
  const scope = groupScope(ctx, { id: groupId });
  if (!scope.canManage) throw fail.forbidden();
  if (options.writable) requireWritable(scope);
  return scope;
}

/**
 * The event that has the invitation e-mails sent. Each token is sealed for its recipient here, in memory: the log
 * (and later the outbox) holds only ciphertexts, the invitations table only hashes.
 */
export function emitInvitationsSent(ctx: CommandContext, groupId: string, invitations: IssuedInvitation[], message: string | null, resend: boolean): void {
  if (invitations.length === 0) return;
  ctx.emit({
    type: "invitations.sent",
    groupId,
    payload: {
      inviterName: ctx.actor.name,
      message,
      resend,
      invitations: invitations.map((i) => ({ id: i.id, email: i.email, name: i.name, expiresAt: i.expiresAt, sealedToken: sealToken(i.token, i.email) })),
    },
  });
}
