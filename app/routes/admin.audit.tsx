import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/ui/pagination";
import { isMessageKey } from "~/i18n";
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
  const format = useFormat();
  return (
    <>
      <PageHeader title={t("admin.audit.title")} lead={t("admin.audit.lead")} />
      {rows.length === 0 ? (
        <p className="card">{t("admin.audit.empty")}</p>
      ) : (
        <div className="card overflow-x-auto p-0 sm:p-0">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50">
              <tr>
                <th scope="col" className="px-4 py-2">{t("admin.audit.colTime")}</th>
                <th scope="col" className="px-4 py-2">{t("admin.audit.colActor")}</th>
                <th scope="col" className="px-4 py-2">{t("admin.audit.colAction")}</th>
                <th scope="col" className="px-4 py-2">{t("admin.audit.colTarget")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((r) => {
                const key = `admin.audit.action.${r.action}`;
                const details = r.details as Record<string, unknown>;
                return (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap px-4 py-2">{format.dateTime(r.createdAt)}</td>
                    <td className="px-4 py-2">{r.actorName ?? t("admin.audit.system")}</td>
                    <td className="px-4 py-2">{isMessageKey(key) ? t(key) : r.action}</td>
                    <td className="break-all px-4 py-2 text-slate-700">
                      {typeof details.email === "string" ? details.email : `${r.targetType} ${r.targetId ?? ""}`}
                      {typeof details.from === "string" && typeof details.to === "string" ? ` (${details.from} → ${details.to})` : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
