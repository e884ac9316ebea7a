import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useT } from "~/components/i18n";
import { requireGroupAccess, notFoundPage } from "~/auth/group.server";
import { ReviewQueue } from "~/features/moderation/components/review-queue";
import { decideFromReview } from "~/features/moderation/review-action.server";
import { reviewPage } from "~/features/moderation/review-page.server";
import { canReview } from "~/features/moderation/rules";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("moderation.review.title");
export const ErrorBoundary = RouteErrorBoundary;

/** The group's reviewers only (active moderators, staff, admins); everyone else gets the group's 404. */
async function requireReviewer(request: Request, slug: string | undefined) {
  const access = await requireGroupAccess(request, slug);
  if (!canReview(access.viewer)) notFoundPage();
  return access;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user, membership } = await requireReviewer(request, params.slug);
  const role = membership?.state === "active" ? membership.role : null;
  return reviewPage(request, user, { groupId: group.id }, () => role);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireReviewer(request, params.slug);
  return decideFromReview(request, user, (groupId) => groupId === group.id);
}

export default function GroupReview() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title" className="mb-1 text-xl font-semibold">
        {t("moderation.review.title")}
      </h2>
      <p className="mb-4 text-slate-700">{t("moderation.review.groupLead")}</p>
      <ReviewQueue {...data} showGroup={false} actionData={actionData} />
    </section>
  );
}
