import type { CommandContext } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { findUserById } from "~/models/user.server";
import { canAdministerOrg } from "~/policy";

/**
 * Organisation administration is an admin's (canAdministerOrg). The actor's role is read again in the command's
 * transaction: an admin demoted a moment ago is refused (403), whatever their session said.
 */
export function requireOrgAdmin(ctx: CommandContext) {
  const me = findUserById(ctx.actor.id);
  if (!me || !canAdministerOrg(me.role)) throw fail.forbidden();
  return me;
}
