import { fail } from "~/domain/errors";
import { throwIfPageError } from "~/http/command-reply.server";
import { findGroupBySlug } from "~/models/group.server";
import { findIdea } from "~/models/idea.server";
import { findMembership } from "~/models/membership.server";
import { isModeratedAway } from "~/domain/predicates";
import { canReview } from "~/features/moderation/rules";
import { ideaNumberParam } from "~/schemas/idea";
import { canManageGroup, canViewGroup, isOrgStaff, isReadOnly, type Viewer } from "~/policy";
import type { Group, Membership } from "../../db/schema";
import { requireUser, type AuthUser } from "./session.server";

export type GroupAccess = {
  user: AuthUser;
  group: Group;
  membership: Membership | null;
  /** For the rules in policy.ts. */
  viewer: Viewer;
  canManage: boolean;
  isStaff: boolean;
  readOnly: boolean;
};

/** The plain 404 and 403 pages, thrown (app/http/command-reply.server.ts maps every refusal the same way). */
export function notFoundPage(): never {
  throwIfPageError(fail.notFound());
  throw new Error("unreachable");
}
export function forbiddenPage(): never {
  throwIfPageError(fail.forbidden());
  throw new Error("unreachable");
}
const cache = new WeakMap<Request, Map<string, Promise<GroupAccess>>>();

/**
 * Every loader and action under /g/:slug calls this itself (a layout's loader does not protect its children's
 * actions). Anyone who may not see the group gets 404, whether or not it exists, so private groups cannot be
 * discovered by guessing slugs. Memoised per request.
 */
export function requireGroupAccess(request: Request, slug: string | undefined): Promise<GroupAccess> {
  let perRequest = cache.get(request);
  if (!perRequest) cache.set(request, (perRequest = new Map()));
  const key = slug ?? "";
  let pending = perRequest.get(key);
  if (!pending) {
    pending = resolve(request, key);
    perRequest.set(key, pending);
  }
  return pending;
}

async function resolve(request: Request, slug: string): Promise<GroupAccess> {
  const user = await requireUserOr404(request);
  const group = slug.length <= 60 ? findGroupBySlug(slug) : null;
  if (!group) notFoundPage();
  const membership = findMembership(group.id, user.id);
  const viewer: Viewer = { orgRole: user.role, membership: membership ? { state: membership.state, role: membership.role } : null };
  if (!canViewGroup(viewer)) notFoundPage();
  return { user, group, membership, viewer, canManage: canManageGroup(viewer), isStaff: isOrgStaff(user.role), readOnly: isReadOnly(group) };
}

/** Signed-out visitors get the same 404 as non-members: whether a group exists is private too. */
async function requireUserOr404(request: Request): Promise<AuthUser> {
  try {
    return await requireUser(request);
  } catch {
    return notFoundPage();
  }
}

/** Moderators, staff and admins; other members get 403. */
export async function requireGroupManager(request: Request, slug: string | undefined): Promise<GroupAccess> {
  const access = await requireGroupAccess(request, slug);
  if (!access.canManage) forbiddenPage();
  return access;
}

export async function requireGroupAdmin(request: Request, slug: string | undefined): Promise<GroupAccess> {
  const access = await requireGroupAccess(request, slug);
  if (access.user.role !== "admin") forbiddenPage();
  return access;
}

/**
 * The group access plus the idea at /g/:slug/ideas/:number: 404 for anyone outside the group, for a number that
 * is not plain digits, and for an idea of another group.
 */
export async function requireIdea(request: Request, params: { slug?: string; number?: string }) {
  const access = await requireGroupAccess(request, params.slug);
  const number = ideaNumberParam.safeParse(params.number);
  const idea = number.success ? findIdea({ groupId: access.group.id, number: number.data, viewerId: access.user.id }) : null;
  if (!idea) notFoundPage();
  // Hidden, held or erased (moderation): only its author (not of an erased one) and the group's reviewers find it.
  if (isModeratedAway(idea) && !canReview(access.viewer) && (idea.erasedAt !== null || idea.authorId !== access.user.id)) notFoundPage();
  return { access, idea };
}

export async function requireGroupStaff(request: Request, slug: string | undefined): Promise<GroupAccess> {
  const access = await requireGroupAccess(request, slug);
  if (!access.isStaff) forbiddenPage();
  return access;
}
