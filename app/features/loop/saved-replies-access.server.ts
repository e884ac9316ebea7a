import type { CommandContext } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { isOrgStaff } from "~/policy";

/** Saved replies are the product team's, organisation-wide: staff and admins manage them (403 for anyone else). */
export function authorizeSavedReplies(ctx: CommandContext): null {
  if (!isOrgStaff(ctx.actor.role)) throw fail.forbidden();
  return null;
}
