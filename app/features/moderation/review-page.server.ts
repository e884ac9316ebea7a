import { z } from "zod";
import { MODERATION_ITEM_TYPES, REPORT_REASONS, type GroupRole } from "~/domain/constants";
import { pageParam } from "~/schemas/fields";
import type { AuthUser } from "~/auth/session.server";
import { listCases, type ReviewScope } from "./queries/queue.server";
import { canDecideOn, canEditOut } from "./rules";

/** The filters from the query string; anything unreadable falls back to the default (open, any reason, any type). */
const filtersSchema = z.object({
  state: z.enum(["open", "decided"]).catch("open").default("open"),
  reason: z.enum(REPORT_REASONS).optional().catch(undefined),
  type: z.enum(MODERATION_ITEM_TYPES).optional().catch(undefined),
  page: pageParam,
});

/**
 * One page of the review queue for a loader: the filters read from the URL, each case marked with what this
 * reviewer may do (canDecideOn: not their own content; a moderator not on staff content; edit-out staff only).
 * `groupRoleOf`: the viewer's role in a case's group (null for staff without a membership).
 */
export function reviewPage(request: Request, user: AuthUser, scope: ReviewScope, groupRoleOf: (groupId: string) => GroupRole | null) {
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { cases, total, pages } = listCases(scope, filters);
  return {
    page: filters.page,
    total,
    pages,
    cases: cases.map((c) => ({
      ...c,
      canDecide: canDecideOn(
        { id: user.id, orgRole: user.role, groupRole: groupRoleOf(c.groupId) },
        c.author ? { id: c.author.id, orgRole: c.author.orgRole as AuthUser["role"] } : null,
      ),
      canEditOut: canEditOut(user.role),
    })),
  };
}
