// Pure rules shared by the server (which enforces them) and the UI (which only decides what to show).
import type { GroupRole, IdeaStatus, MembershipState, OrgRole } from "./domain/constants";
import { isListed, isWaiting, ORG_STAFF_ROLES } from "./domain/predicates";

export type Viewer = { orgRole: OrgRole; membership: { state: MembershipState; role: GroupRole } | null };
export type GroupDates = { archivedAt: number | null; endsAt: number | null };

export const isOrgStaff = (role: OrgRole) => (ORG_STAFF_ROLES as readonly OrgRole[]).includes(role);
export const isActiveMember = (v: Viewer) => v.membership?.state === "active";

/** Groups are private: only active members, staff and admins see anything inside one. SQL twin: app/domain/visibility.server.ts. */
export const canViewGroup = (v: Viewer) => isOrgStaff(v.orgRole) || isActiveMember(v);

/** Moderators of the group, staff and admins manage membership. */
export const canManageGroup = (v: Viewer) => isOrgStaff(v.orgRole) || (isActiveMember(v) && v.membership!.role === "moderator");

/** Creating, editing, archiving and restoring groups is an admin's job. */
export const canAdministerGroups = (role: OrgRole) => role === "admin";

/** People, their organisation roles, the settings and the outbox's sign-in links are an admin's job too. */
export const canAdministerOrg = (role: OrgRole) => role === "admin";

/** Updates on the group home come from the product team. */
export const canPostUpdates = (role: OrgRole) => isOrgStaff(role);

/** Who a membership action is done by or to: the account's organisation role and, when it has one, its role in the group. */
export type MemberActor = { id: string; orgRole: OrgRole; groupRole: GroupRole | null };
export type MemberTarget = { id: string; orgRole: OrgRole; groupRole: GroupRole };

/**
 * A moderator acts on ordinary members only: memberships whose group role is member and whose account is an
 * organisation member (so never on another moderator, not even the one who promoted them, nor on staff or
 * admins). Staff and admins act on anyone. Nobody acts on their own membership here (leaving is a separate,
 * self-service step). The model re-checks this with both memberships as they are inside the transaction.
 */
export function canActOnMember(actor: MemberActor, target: MemberTarget): boolean {
  if (actor.id === target.id) return false;
  if (isOrgStaff(actor.orgRole)) return true;
  return actor.groupRole === "moderator" && target.orgRole === "member" && target.groupRole === "member";
}

/** After the pilot ends, or once archived, a group is read-only: nobody joins or writes any more. */
export function isReadOnly(group: GroupDates, now = Date.now()): boolean {
  return group.archivedAt !== null || (group.endsAt !== null && group.endsAt <= now);
}

// ---------------------------------------------------------------------------------------------------------
// Idea boards. `readOnly` is the group's state (isReadOnly); every write below is refused in a read-only group.

export type IdeaFacts = {
  authorId: string | null;
  status: IdeaStatus;
  firstResponseAt: number | null;
  withdrawnAt: number | null;
  hiddenAt: number | null;
  heldAt: number | null;
  erasedAt: number | null;
};

/** Customers' voice: active members vote. Staff see the group without belonging to it and do not vote. */
export const canVote = (v: Viewer, readOnly: boolean) => !readOnly && isActiveMember(v);

/** Members and the product team post ideas (staff may ask the group's opinion of one of theirs). */
export const canSubmitIdea = (v: Viewer, readOnly: boolean) => !readOnly && (isActiveMember(v) || isOrgStaff(v.orgRole));

/** Everyone who sees the group takes part in the discussion. */
export const canComment = (v: Viewer, readOnly: boolean) => !readOnly && canViewGroup(v);

/** Moderators and staff run the boards and tags, and see who voted. */
export const canManageBoards = (v: Viewer) => canManageGroup(v);
export const canSeeVoters = (v: Viewer) => canManageGroup(v);

/** An idea still takes votes and comments while it is listed: not withdrawn, merged, hidden, held or erased (the column ideas.listed). */
export const isIdeaLive = (idea: Pick<IdeaFacts, "status" | "withdrawnAt" | "hiddenAt" | "heldAt" | "erasedAt">) => isListed(idea);

/** The author edits while the idea waits for staff (ideas.waiting); once they have responded it is part of the record. */
export const canEditIdea = (userId: string, idea: IdeaFacts, readOnly: boolean) => !readOnly && idea.authorId === userId && isWaiting(idea);

/** The author may take the idea back while the product team has not yet committed to it. */
export const canWithdrawIdea = (userId: string, idea: IdeaFacts, readOnly: boolean) =>
  !readOnly && idea.authorId === userId && isIdeaLive(idea) && (idea.status === "open" || idea.status === "under_review");

/** Tags on an idea: its author while it is editable, and the group's managers always. */
export const canTagIdea = (v: Viewer & { userId: string }, idea: IdeaFacts, readOnly: boolean) =>
  canEditIdea(v.userId, idea, readOnly) || (!readOnly && canManageGroup(v));

// ---------------------------------------------------------------------------------------------------------
// The staff feedback loop

/** The product team answers: status changes and official responses, the response queue, internal notes. */
export const canRespond = (v: Viewer, readOnly: boolean) => !readOnly && isOrgStaff(v.orgRole);
export const canSeeInternalNotes = (v: Viewer) => isOrgStaff(v.orgRole);

/** Duplicates are merged by staff or the group's moderators. */
export const canMergeIdeas = (v: Viewer, readOnly: boolean) => !readOnly && canManageGroup(v);

/** How well the loop closes is for the people who run the group. */
export const canSeeLoopMetrics = (v: Viewer) => canManageGroup(v);

/** Staff record ideas they heard elsewhere (phone, chat, events) on a member's behalf. */
export const canRecordForMember = (v: Viewer, readOnly: boolean) => !readOnly && isOrgStaff(v.orgRole);
