// Pure rules for merging duplicate ideas and undoing a merge, shared by the server (which enforces them, in the
// commands) and the UI (which only decides what to offer). Browser-safe: no server imports.
import type { IdeaStatus } from "~/domain/constants";
import { canMergeIdeas, isOrgStaff, type IdeaFacts, type Viewer } from "~/policy";

/** How long staff can undo a merge: long enough to notice a mistake, short enough that the target's discussion has not moved on around the votes. */
export const UNMERGE_WINDOW_MS = 30 * 86_400_000;

/** Statuses by which the product team has committed to an idea. */
const COMMITTED: readonly IdeaStatus[] = ["planned", "in_progress"];

/**
 * An idea the product team has committed to or answered (planned, in progress, or with a first staff response):
 * merging it away changes what staff told its people, so only staff and admins may.
 */
export const isCommittedIdea = (idea: Pick<IdeaFacts, "status" | "firstResponseAt">) => COMMITTED.includes(idea.status) || idea.firstResponseAt !== null;

export type MergeRefusal = "notAllowed" | "staffOnly";

/**
 * Why this viewer may not merge this idea (the one that would become "merged") into another, or null when they may.
 * Moderators merge duplicates nobody has answered yet; staff and admins merge any live idea.
 */
export function mergeRefusal(v: Viewer, from: Pick<IdeaFacts, "status" | "firstResponseAt">, readOnly: boolean): MergeRefusal | null {
  if (!canMergeIdeas(v, readOnly)) return "notAllowed";
  if (!isOrgStaff(v.orgRole) && isCommittedIdea(from)) return "staffOnly";
  return null;
}

export const canMergeIdea = (v: Viewer, from: Pick<IdeaFacts, "status" | "firstResponseAt">, readOnly: boolean) => mergeRefusal(v, from, readOnly) === null;

/** Staff and admins undo a merge that has not been undone, within UNMERGE_WINDOW_MS of it. */
export function canUnmerge(
  v: Pick<Viewer, "orgRole">,
  merge: { createdAt: number; undoneAt: number | null } | null,
  readOnly: boolean,
  now = Date.now(),
): boolean {
  return !readOnly && isOrgStaff(v.orgRole) && merge !== null && merge.undoneAt === null && now - merge.createdAt <= UNMERGE_WINDOW_MS;
}
