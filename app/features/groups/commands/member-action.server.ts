import type { CommandContext } from "~/commands/command.server";
import { groupScope, type GroupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { loadActor, loadTarget, type Target } from "~/models/membership.server";
import { recordAudit } from "~/models/audit.server";
import { canActOnMember } from "~/policy";
import type { MembershipState } from "~/domain/constants";

export type MemberActionScope = GroupScope & { target: Target };

/**
 * Who may act on a member, the shared frame of every moderator action (approve, decline, role, remove, ban, lift a
 * ban), in the command's transaction: the group's managers only (403), a target who has a membership here (404),
 * both sides as they are now (a moderator demoted, or a target promoted, a moment ago by someone else is judged by
 * the new roles, not by what the page showed: 403), and a membership in a state the action applies to (409).
 */
export function authorizeMemberAction(
  ctx: CommandContext,
  input: { groupId: string; userId: string },
  allowedStates: readonly MembershipState[],
): MemberActionScope {
  const scope = groupScope(ctx, { id: input.groupId });
  if (!scope.canManage) throw fail.forbidden();
  const target = loadTarget(ctx.tx, scope.group.id, input.userId);
  if (!target) throw fail.notFound();
  const actor = loadActor(ctx.tx, scope.group.id, ctx.actor.id);
  if (!actor || !canActOnMember(actor, { id: target.userId, orgRole: target.orgRole, groupRole: target.role })) throw fail.forbidden();
  if (!allowedStates.includes(target.state)) throw fail.conflict("groups.manage.wrongState");
  return { ...scope, target };
}

/** The audit entry of a moderator action: who, on whom, from which state. */
export function auditMemberAction(ctx: CommandContext, scope: MemberActionScope, action: string, details: Record<string, unknown> = {}): void {
  recordAudit(ctx.tx, {
    actorId: ctx.actor.id,
    action,
    targetType: "user",
    targetId: scope.target.userId,
    groupId: scope.group.id,
    details: { name: scope.target.name, from: scope.target.state, ...details },
  });
}
