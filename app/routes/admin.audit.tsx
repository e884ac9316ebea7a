import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { AuditTable } from "~/components/audit";
import { useT } from "~/components/i18n";
import { Pagination } from "~/components/ui/pagination";
import { pageParam } from "~/schemas/fields";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("admin.audit.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  const { requireOrgRole } = await import("~/auth/session.server");
  const { listAudit } = await import("~/models/audit.server");
  await requireOrgRole(request, "admin");
  const { page } = z.object({ page: pageParam }).parse(Object.fromEntries(new URL(request.url).searchParams));
  return { page, ...listAudit({ page }) };
}

export default function AdminAudit() {
  const { rows, page, pages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("admin.audit.title")} lead={t("admin.audit.lead")} />
      {rows.length === 0 ? (
        <p className="card">{t("admin.audit.empty")}</p>
      ) : (
        <AuditTable rows={rows} showGroup />
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
