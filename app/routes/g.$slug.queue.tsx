import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useT } from "~/components/i18n";
import { requireGroupStaff } from "~/auth/group.server";
import { QueueList } from "~/features/loop/components/queue";
import { queuePage } from "~/features/loop/queries/queue.server";
import { respondFromQueue } from "~/features/loop/respond-from-queue.server";
import { pageParam } from "~/schemas/fields";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("queue.title");
export const ErrorBoundary = RouteErrorBoundary;

/** The group's ideas waiting for a first staff response: staff and admins only (they are the ones who answer). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group } = await requireGroupStaff(request, params.slug);
  const { page } = z.object({ page: pageParam }).parse(Object.fromEntries(new URL(request.url).searchParams));
  return { page, ...queuePage({ groupId: group.id, page }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireGroupStaff(request, params.slug);
  return respondFromQueue(request, user, group.id);
}

export default function GroupQueue() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title" className="mb-1 text-xl font-semibold">
        {t("queue.title")}
      </h2>
      <p className="mb-4 text-slate-700">{t("queue.groupLead", { days: group.responseTargetDays })}</p>
      <QueueList {...data} showGroup={false} actionData={actionData} />
    </section>
  );
}
