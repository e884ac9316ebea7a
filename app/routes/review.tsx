import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useT } from "~/components/i18n";
import { PageHeader } from "~/components/layout";
import { notFoundPage } from "~/auth/group.server";
import { requireUser, type AuthUser } from "~/auth/session.server";
import { ReviewQueue } from "~/features/moderation/components/review-queue";
import { moderatedGroupIds } from "~/features/moderation/queries/queue.server";
import { decideFromReview } from "~/features/moderation/review-action.server";
import { reviewPage } from "~/features/moderation/review-page.server";
import { isOrgStaff } from "~/policy";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("moderation.review.title");
export const ErrorBoundary = RouteErrorBoundary;

/**
 * Staff and admins: every group. A moderator: the groups they moderate (the header badge links here). Anyone else
 * (signed out included): 404.
 */
async function requireAnyReviewer(request: Request): Promise<{ user: AuthUser; staff: boolean; groups: Set<string> }> {
  const user = await requireUser(request).catch(() => notFoundPage());
  const staff = isOrgStaff(user.role);
  const groups = staff ? new Set<string>() : new Set(moderatedGroupIds(user.id));
  if (!staff && groups.size === 0) notFoundPage();
  return { user, staff, groups };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, staff, groups } = await requireAnyReviewer(request);
  return { staff, ...reviewPage(request, user, staff ? { all: true } : { moderatorId: user.id }, (id) => (groups.has(id) ? "moderator" : null)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, staff, groups } = await requireAnyReviewer(request);
  return decideFromReview(request, user, (groupId) => staff || groups.has(groupId));
}

export default function Review() {
  const { staff: _staff, ...data } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("moderation.review.title")} lead={t("moderation.review.allLead")} />
      <ReviewQueue {...data} showGroup actionData={actionData} />
    </>
  );
}
