import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { Markdown } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/idea";
import { PageHeader } from "~/components/layout";
import { Pagination } from "~/components/ui/pagination";
import { myIdeasParams } from "~/schemas/idea";
import { titleMeta } from "~/utils/meta";
import { requireUser } from "~/auth/session.server";
import { renderGroupMarkdown } from "~/models/comment.server";
import { listMemberIdeas } from "~/models/idea.server";
import { isOrgStaff } from "~/policy";

export const meta = titleMeta("myIdeas.title");
export const ErrorBoundary = RouteErrorBoundary;

/** What became of the ideas I wrote or voted for, in every group I belong to. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = myIdeasParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = listMemberIdeas({ userId: user.id, isStaff: isOrgStaff(user.role), show: query.show, page: query.page });
  return {
    ...query,
    ...result,
    rows: result.rows.map(({ latest, ...r }) => ({
      ...r,
      latest: latest ? { html: renderGroupMarkdown({ id: r.groupId, slug: r.groupSlug }, latest.response), at: latest.at, by: latest.by } : null,
    })),
  };
}

export default function MyIdeas() {
  const { rows, total, page, pages, show } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <PageHeader title={t("myIdeas.title")} lead={t("myIdeas.lead")} />
      <nav aria-label={t("myIdeas.filter")} className="mb-4 flex flex-wrap gap-2">
        {(["all", "wrote", "voted"] as const).map((s) => (
          <Link
            key={s}
            to={s === "all" ? "/my-ideas" : `/my-ideas?show=${s}`}
            aria-current={show === s ? "page" : undefined}
            className={`rounded-full border px-3 py-1 text-sm no-underline ${show === s ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
          >
            {t(`myIdeas.show.${s}`)}
          </Link>
        ))}
      </nav>
      <p className="mb-3 text-sm text-slate-700">{t("ideas.count", { count: format.number(total) })}</p>
      {rows.length === 0 ? (
        <p className="card text-slate-700">{t("myIdeas.empty")}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((idea) => (
            <li key={idea.id} className="card p-4">
              <p className="text-xs text-slate-600">
                {idea.groupName} · {idea.wrote ? t("myIdeas.youWrote") : t("myIdeas.youVoted")}
              </p>
              <h2 className="mt-1 font-semibold">
                <Link to={`/g/${idea.groupSlug}/ideas/${idea.number}${idea.status === "merged" ? "?original=1" : ""}`}>{idea.title}</Link>
              </h2>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <StatusBadge status={idea.status} />
                {idea.status === "merged" && idea.mergedIntoNumber !== null ? (
                  <Link to={`/g/${idea.groupSlug}/ideas/${idea.mergedIntoNumber}`}>{t("myIdeas.mergedInto", { number: idea.mergedIntoNumber })}</Link>
                ) : null}
                <span>
                  {t("ideas.votes", { count: format.number(idea.voteCount) })} · {t("ideas.commentCount", { count: format.number(idea.commentCount) })}
                </span>
              </p>
              {idea.latest ? (
                <div className="mt-3 rounded-md border border-blue-200 bg-blue-50 p-3">
                  <p className="text-xs font-semibold uppercase tracking-wide text-blue-900">{t("loop.officialResponse")}</p>
                  <p className="mb-1 text-xs text-slate-700">
                    {t("groups.postedBy", { name: idea.latest.by ?? t("common.unknown"), date: format.date(idea.latest.at) })}
                  </p>
                  <Markdown html={idea.latest.html} />
                </div>
              ) : (
                <p className="mt-2 text-sm text-slate-600">{t("myIdeas.noResponse")}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
