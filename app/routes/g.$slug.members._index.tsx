import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { SearchForm } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { pageParam } from "~/schemas/fields";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.members");
export const ErrorBoundary = RouteErrorBoundary;

const querySchema = z.object({ q: z.string().trim().max(100).catch(""), page: pageParam });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requireGroupAccess } = await import("~/auth/group.server");
  const { listMembers } = await import("~/models/membership.server");
  const { group } = await requireGroupAccess(request, params.slug);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...listMembers({ groupId: group.id, ...query }), ...query };
}

export default function MemberDirectory() {
  const { rows, total, page, pages, q } = useLoaderData<typeof loader>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  return (
    <section aria-labelledby="directory-title">
      <h2 id="directory-title" className="mb-1 text-xl font-semibold">
        {t("groups.tab.members")}
      </h2>
      <p className="mb-4 text-slate-700">{t("groups.directoryLead")}</p>
      <SearchForm id="member-q" label={t("groups.searchMembers")} defaultValue={q} />
      <p className="mb-3 text-sm text-slate-600" aria-live="polite">
        {t("groups.memberCount", { count: format.number(total) })}
      </p>
      {rows.length === 0 ? (
        <p className="card text-slate-700">{q ? t("groups.noMatches") : t("groups.noMembersYet")}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {rows.map((m) => (
            <li key={m.userId} className="card flex gap-3 p-4">
              <Avatar name={m.name} />
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
