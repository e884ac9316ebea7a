import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireGroupAccess } from "~/auth/group.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { SearchForm } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { pageParam } from "~/schemas/fields";
import { MEMBER_QUERY_MAX, searchBoxQuery, searchQueryTooLong } from "~/schemas/idea";
import { findMembers } from "~/models/member-search.server";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.members");
export const ErrorBoundary = RouteErrorBoundary;

/** Names, handles and a word or two of an introduction: a longer query gets a message, not the whole directory. */
const querySchema = z.object({ q: searchBoxQuery, page: pageParam });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group } = await requireGroupAccess(request, params.slug);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queryTooLong = searchQueryTooLong(query.q, MEMBER_QUERY_MAX);
  const result = queryTooLong ? { rows: [], total: 0, pages: 1 } : findMembers({ groupId: group.id, ...query });
  return data({ ...result, ...query, queryTooLong, queryMax: MEMBER_QUERY_MAX }, { status: queryTooLong ? 400 : 200 });
}

export default function MemberDirectory() {
  const { rows, total, page, pages, q, queryTooLong, queryMax } = useLoaderData<typeof loader>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  return (
    <section aria-labelledby="directory-title">
      <h2 id="directory-title" className="mb-1 text-xl font-semibold">
        {t("groups.tab.members")}
      </h2>
      <p className="mb-4 text-slate-700">{t("groups.directoryLead")}</p>
      <SearchForm
        id="member-q"
        label={t("groups.searchDirectory")}
        defaultValue={q}
        error={queryTooLong ? t("common.searchTooLong", { max: format.number(queryMax) }) : undefined}
      />
      <p className="mb-3 text-sm text-slate-600" aria-live="polite">
        {t("groups.memberCount", { count: format.number(total) })}
      </p>
      {rows.length === 0 ? (
        <p className="card text-slate-700">{q ? t("groups.noMatches") : t("groups.noMembersYet")}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {rows.map((m) => (
            <li key={m.userId} className="card flex gap-3 p-4">
              <Avatar name={m.name} id={m.userId} />
              <div className="min-w-0">
                <Link to={`/g/${group.slug}/members/${m.userId}`} className="font-medium">
                  {m.name}
                </Link>{" "}
                <RoleBadge role={m.role} orgRole={m.orgRole} />
                {m.handle ? <p className="text-xs text-slate-600">@{m.handle}</p> : null}
                {m.intro ? <p className="mt-1 line-clamp-3 text-sm text-slate-700">{m.intro}</p> : null}
                <p className="mt-1 text-xs text-slate-600">{m.joinedAt ? t("groups.joinedOn", { date: format.date(m.joinedAt) }) : null}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  );
}
