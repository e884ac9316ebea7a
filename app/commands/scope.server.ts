import { fail } from "~/domain/errors";
import { findGroupById, findGroupBySlug } from "~/models/group.server";
import { findMembership } from "~/models/membership.server";
import { canManageGroup, canViewGroup, isOrgStaff, isReadOnly, type Viewer } from "~/policy";
import type { Group, Membership } from "../../db/schema";
import type { CommandContext } from "./command.server";

/** What the rules of policy.ts need about the actor in one group, read inside the command's transaction. */
export type GroupScope = { group: Group; membership: Membership | null; viewer: Viewer; readOnly: boolean; canManage: boolean; isStaff: boolean };

/**
 * The group and the actor's membership, re-read in the transaction (a moderator demoted a moment ago is refused).
 * Anyone who may not see the group gets not_found, whether or not it exists, as the pages do.
 */
export function groupScope(ctx: CommandContext, group: { id: string } | { slug: string }): GroupScope {
  const found = "id" in group ? findGroupById(group.id) : findGroupBySlug(group.slug);
  if (!found) throw fail.notFound();
  const membership = findMembership(found.id, ctx.actor.id);
  const viewer: Viewer = { orgRole: ctx.actor.role, membership: membership ? { state: membership.state, role: membership.role } : null };
  if (!canViewGroup(viewer)) throw fail.notFound();
  return { group: found, membership, viewer, readOnly: isReadOnly(found, ctx.now), canManage: canManageGroup(viewer), isStaff: isOrgStaff(ctx.actor.role) };
}

/** Refuses a read-only group (archived or past its end date) with the same 409 everywhere. */
export function requireWritable(scope: GroupScope): void {
  if (scope.readOnly) throw fail.readOnly();
}
