import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireGroupManager } from "~/auth/group.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/idea";
import { loopMetrics } from "~/features/loop/queries/metrics.server";
import { groupTitleMeta } from "~/utils/meta";
import { IDEA_STATUSES } from "~/domain/constants";

export const meta = groupTitleMeta("loop.metrics.title");
export const ErrorBoundary = RouteErrorBoundary;

/** How well the group's feedback loop closes: for its moderators, staff and admins. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, isStaff } = await requireGroupManager(request, params.slug);
  return { metrics: loopMetrics({ group }), isStaff };
}

export default function LoopMetrics() {
  const { metrics, isStaff } = useLoaderData<typeof loader>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  // Formatted in the reader's language (the same on the server and in the browser).
  const percent = (share: number | null) => (share === null ? "–" : t("loop.metrics.percent", { value: format.number(Math.round(share * 100)) }));
  const days = (ms: number | null) => (ms === null ? "–" : t("loop.metrics.daysValue", { days: format.number(Math.round((ms / 86_400_000) * 10) / 10) }));
  const statusTotal = Math.max(
    1,
    Object.values(metrics.byStatus).reduce((a, b) => a + (b ?? 0), 0),
  );
  const cards = [
    {
      label: t("loop.metrics.answered"),
      value: percent(metrics.share),
      detail: t("loop.metrics.answeredOf", { responded: format.number(metrics.responded), total: format.number(metrics.total) }),
    },
    {
      label: t("loop.metrics.median"),
      value: days(metrics.medianMs),
      detail: t("loop.metrics.withinTarget", { count: format.number(metrics.withinTarget), days: group.responseTargetDays }),
    },
    { label: t("loop.metrics.waiting"), value: format.number(metrics.waiting), detail: t("loop.metrics.overdue", { count: format.number(metrics.overdue) }) },
  ];
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-semibold">{t("loop.metrics.title")}</h2>
        <p className="mt-1 max-w-prose text-slate-700">{t("loop.metrics.lead", { days: group.responseTargetDays })}</p>
      </div>
      <dl className="grid gap-3 sm:grid-cols-3">
        {cards.map((c) => (
          <div key={c.label} className="card">
            <dt className="text-sm font-medium text-slate-700">{c.label}</dt>
            <dd className="mt-1 text-3xl font-bold text-slate-900">{c.value}</dd>
            <dd className="mt-1 text-sm text-slate-600">{c.detail}</dd>
          </div>
        ))}
      </dl>
      {isStaff && metrics.waiting > 0 ? (
        <Link to={`/g/${group.slug}/queue`} className="btn-primary">
          {t("loop.metrics.openQueue")}
        </Link>
      ) : null}
      <section aria-labelledby="by-status-title" className="card">
        <h3 id="by-status-title" className="mb-3 font-semibold">
          {t("loop.metrics.byStatus")}
        </h3>
        <table className="w-full text-sm">
          <thead className="sr-only">
            <tr>
              <th scope="col">{t("ideas.statusFilter")}</th>
              <th scope="col">{t("loop.metrics.ideas")}</th>
            </tr>
          </thead>
          <tbody>
            {IDEA_STATUSES.map((s) => {
              const n = metrics.byStatus[s] ?? 0;
              return (
                <tr key={s} className="border-t border-slate-100">
                  <th scope="row" className="w-40 py-2 text-left font-normal">
                    <Link to={`/g/${group.slug}/ideas?status=${s}`} className="no-underline">
                      <StatusBadge status={s} />
                    </Link>
                  </th>
                  <td className="py-2">
                    <div className="flex items-center gap-2">
                      {/* A native bar: the CSP allows no inline styles, and the figure beside it is what is read out. */}
                      <progress
                        aria-hidden="true"
                        max={statusTotal}
                        value={n}
                        className="h-3 w-full max-w-xs overflow-hidden rounded bg-slate-100 [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-blue-700"
                      />
                      <span>{format.number(n)}</span>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
