import type { CommandContext } from "~/commands/command.server";
import { groupScope, requireWritable, type GroupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { canManageBoards } from "~/policy";

/**
 * Who may change a group's boards and tags: its moderators, staff and admins (canManageBoards), while the group is
 * writable. Outsiders get 404 (the group is private), other members 403, then a read-only group 409: the order the
 * boards page always answered in.
 */
export function boardManagerScope(ctx: CommandContext, groupId: string): GroupScope {
  const scope = groupScope(ctx, { id: groupId });
  if (!canManageBoards(scope.viewer)) throw fail.forbidden();
  requireWritable(scope);
  return scope;
}
