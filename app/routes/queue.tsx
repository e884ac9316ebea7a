import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { useT } from "~/components/i18n";
import { PageHeader } from "~/components/layout";
import { requireOrgRole } from "~/auth/session.server";
import { QueueList } from "~/features/loop/components/queue";
import { queuePage } from "~/features/loop/queries/queue.server";
import { respondFromQueue } from "~/features/loop/respond-from-queue.server";
import { pageParam } from "~/schemas/fields";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("queue.title");
export const ErrorBoundary = RouteErrorBoundary;

/** The response queue across every group that still takes writes: staff and admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgRole(request, "staff");
  const { page } = z.object({ page: pageParam }).parse(Object.fromEntries(new URL(request.url).searchParams));
  return { page, ...queuePage({ groupId: null, page }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireOrgRole(request, "staff");
  return respondFromQueue(request, user, null);
}

export default function Queue() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("queue.title")} lead={t("queue.lead")} />
      <QueueList {...data} showGroup actionData={actionData} />
    </>
  );
}
