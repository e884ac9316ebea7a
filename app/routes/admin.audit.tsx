import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { AuditTable, FilterSelect } from "~/components/audit";
import { useT } from "~/components/i18n";
import { Notice } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { auditActions } from "~/i18n";
import { parseAuditQuery } from "~/schemas/audit";
import { titleMeta } from "~/utils/meta";
import { requireOrgRole } from "~/auth/session.server";
import { listAudit, listAuditActors, listAuditGroups } from "~/models/audit.server";
import { getOrgSettings } from "~/models/org.server";
import { nextDay, zonedDayStart } from "~/utils/time-zone";

export const meta = titleMeta("admin.audit.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgRole(request, "admin");
  const { query, invalid } = parseAuditQuery(new URL(request.url).searchParams);
  // Days are the organisation's calendar days: "to" includes the whole of its last day.
  const { timeZone } = getOrgSettings();
  const log = listAudit({
    page: query.page,
    actorId: query.actor,
    action: query.action,
    groupId: query.group,
    from: query.from ? zonedDayStart(query.from, timeZone) : undefined,
    to: query.to ? zonedDayStart(nextDay(query.to), timeZone) : undefined,
  });
  return { query, invalid, ...log, actors: listAuditActors(), groups: listAuditGroups() };
}

export default function AdminAudit() {
  const { rows, pages, total, query, invalid, actors, groups } = useLoaderData<typeof loader>();
  const t = useT();
  const filtered = Boolean(query.actor || query.action || query.group || query.from || query.to);
  return (
    <>
      <PageHeader title={t("admin.audit.title")} lead={t("admin.audit.lead")} />
      <Form method="get" role="search" aria-label={t("admin.audit.filters")} className="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <FilterSelect name="actor" label={t("admin.audit.colActor")} value={query.actor} options={actors.map((a) => ({ value: a.id, label: a.name }))} />
        <FilterSelect
          name="action"
          label={t("admin.audit.colAction")}
          value={query.action}
          options={auditActions().map((a) => ({ value: a, label: t(`admin.audit.action.${a}` as never) }))}
        />
        <FilterSelect name="group" label={t("admin.audit.colGroup")} value={query.group} options={groups.map((g) => ({ value: g.id, label: g.name }))} />
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">
            {t("admin.audit.from")}
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={query.from ?? ""} className="input mt-1" />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">
            {t("admin.audit.to")}
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={query.to ?? ""} className="input mt-1" />
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <button type="submit" className="btn-primary">
            {t("admin.audit.filter")}
          </button>
          {filtered ? (
            <Link to="/admin/audit" className="text-sm">
              {t("admin.audit.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      {invalid.length > 0 ? <Notice>{t("admin.audit.invalidFilters")}</Notice> : null}
      {filtered ? <p className="mb-3 text-sm text-slate-700">{t("admin.audit.matches", { count: total })}</p> : null}
      {rows.length === 0 ? <p className="card">{filtered ? t("admin.audit.noMatches") : t("admin.audit.empty")}</p> : <AuditTable rows={rows} showGroup />}
      <Pagination page={query.page} pages={pages} />
    </>
  );
}
