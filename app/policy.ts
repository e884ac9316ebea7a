// Pure rules shared by the server (which enforces them) and the UI (which only decides what to show).
import type { GroupRole, MembershipState, OrgRole } from "../db/schema";

export type Viewer = { orgRole: OrgRole; membership: { state: MembershipState; role: GroupRole } | null };
export type GroupDates = { archivedAt: number | null; endsAt: number | null };

export const isOrgStaff = (role: OrgRole) => role === "staff" || role === "admin";
export const isActiveMember = (v: Viewer) => v.membership?.state === "active";

/** Groups are private: only active members, staff and admins see anything inside one. */
export const canViewGroup = (v: Viewer) => isOrgStaff(v.orgRole) || isActiveMember(v);

/** Moderators of the group, staff and admins manage membership. */
export const canManageGroup = (v: Viewer) => isOrgStaff(v.orgRole) || (isActiveMember(v) && v.membership!.role === "moderator");

/** Creating, editing, archiving and restoring groups is an admin's job. */
export const canAdministerGroups = (role: OrgRole) => role === "admin";

/** Updates on the group home come from the product team. */
export const canPostUpdates = (role: OrgRole) => isOrgStaff(role);

/**
 * A moderator acts on ordinary members; accounts of staff and admins are handled by staff and admins.
 * Nobody acts on their own membership here (leaving is a separate, self-service step).
 */
export function canActOnMember(actor: { id: string; orgRole: OrgRole }, target: { id: string; orgRole: OrgRole }): boolean {
  if (actor.id === target.id) return false;
  return isOrgStaff(actor.orgRole) || target.orgRole === "member";
}

/** After the pilot ends, or once archived, a group is read-only: nobody joins or writes any more. */
export function isReadOnly(group: GroupDates, now = Date.now()): boolean {
  return group.archivedAt !== null || (group.endsAt !== null && group.endsAt <= now);
}
