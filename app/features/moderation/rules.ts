// Moderation's rules, one definition each (browser-safe: pages use them to show only the buttons the server would
// accept; commands use them on facts re-read inside the transaction).
import { AUTO_HIDE_MAX, AUTO_HIDE_MIN, HOLD_FIRST_POSTS_MAX, type GroupRole, type OrgRole } from "~/domain/constants";
import { canManageGroup, isOrgStaff, type Viewer } from "~/policy";

/** Someone in a group as the rules see them. groupRole null: not a member (staff see every group without one). */
export type Person = { id: string; orgRole: OrgRole; groupRole: GroupRole | null };

/** Who reviews a group's reports and held posts: its active moderators, staff and admins. */
export const canReview = (v: Viewer) => canManageGroup(v);

/** Staff-only decisions: editing personal data out of a text and deleting (erasing) an item outright. */
export const canEditOut = (orgRole: OrgRole) => isOrgStaff(orgRole);
export const canErase = (orgRole: OrgRole) => isOrgStaff(orgRole);

/**
 * Who may decide on an item: a reviewer, never about their own content; a moderator not about content by staff
 * or admins (that waits for staff).
 */
export function canDecideOn(actor: Person, author: Pick<Person, "id" | "orgRole"> | null): boolean {
  if (author && author.id === actor.id) return false;
  if (isOrgStaff(actor.orgRole)) return true;
  if (actor.groupRole !== "moderator") return false;
  return !author || !isOrgStaff(author.orgRole);
}

/** Moderators mute ordinary members; staff and admins anyone but themselves. */
export function canMute(actor: Person, target: Person): boolean {
  if (actor.id === target.id) return false;
  if (isOrgStaff(actor.orgRole)) return true;
  return actor.groupRole === "moderator" && target.groupRole === "member" && target.orgRole === "member";
}

/** Content by staff and admins is never hidden by the threshold (it goes to the queue). */
export const canAutoHide = (author: Pick<Person, "orgRole"> | null) => !author || !isOrgStaff(author.orgRole);

/** A mute in force at `now`: not lifted, and not ended (endsAt null: until lifted). */
export const isMuteActive = (mute: { liftedAt: number | null; endsAt: number | null }, now: number) =>
  mute.liftedAt === null && (mute.endsAt === null || mute.endsAt > now);

/**
 * A newcomer's post is held while the group holds the first N posts and fewer than N of theirs were approved.
 * Moderators, staff and admins post freely.
 */
export function shouldHold(group: { holdFirstPosts: number }, person: Person, approvedPostCount: number): boolean {
  if (isOrgStaff(person.orgRole) || person.groupRole !== "member") return false;
  return group.holdFirstPosts > 0 && approvedPostCount < group.holdFirstPosts;
}

export const isValidThreshold = (n: number | null) => n === null || (Number.isInteger(n) && n >= AUTO_HIDE_MIN && n <= AUTO_HIDE_MAX);
export const isValidHold = (n: number) => Number.isInteger(n) && n >= 0 && n <= HOLD_FIRST_POSTS_MAX;
