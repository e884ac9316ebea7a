import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, Markdown, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { Notice } from "~/components/ui/form";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.home");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requireGroupAccess } = await import("~/auth/group.server");
  const { newestMembers } = await import("~/models/group.server");
  const { listPosts } = await import("~/models/group-post.server");
  const { renderMarkdown } = await import("~/utils/markdown.server");
  const { group } = await requireGroupAccess(request, params.slug);
  const posts = listPosts({ groupId: group.id, limit: 20 });
  return {
    descriptionHtml: renderMarkdown(group.description),
    pinned: posts.filter((p) => p.pinned),
    recent: posts.filter((p) => !p.pinned).slice(0, 3),
    moreUpdates: posts.length > posts.filter((p) => p.pinned).length + 3,
    newest: newestMembers(group.id, 6),
  };
}

export default function GroupHome() {
  const { descriptionHtml, pinned, recent, moreUpdates, newest } = useLoaderData<typeof loader>();
  const { group, can } = useGroup();
  const t = useT();
  const format = useFormat();
  const [params] = useSearchParams();
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr,18rem]">
      <div className="min-w-0 space-y-6">
        {params.get("welcome") ? <Notice>{t("groups.welcome", { group: group.name })}</Notice> : null}
        {pinned.length > 0 ? (
          <section aria-labelledby="pinned-title" className="space-y-4">
            <h2 id="pinned-title" className="sr-only">
              {t("groups.pinned")}
            </h2>
            {pinned.map((p) => (
              <article key={p.id} className="card border-blue-200 bg-blue-50/40">
                <p className="text-xs font-semibold uppercase tracking-wide text-blue-900">{t("groups.pinned")}</p>
                <h3 className="mt-1 text-lg font-semibold">{p.title}</h3>
                <p className="mb-3 text-xs text-slate-600">{t("groups.postedBy", { name: p.authorName ?? t("common.unknown"), date: format.date(p.createdAt) })}</p>
                <Markdown html={p.html} />
              </article>
            ))}
          </section>
        ) : null}
        <section aria-labelledby="about-title" className="card">
          <h2 id="about-title" className="mb-3 text-lg font-semibold">
            {t("groups.about")}
          </h2>
          {descriptionHtml.trim() ? <Markdown html={descriptionHtml} /> : <p className="text-slate-600">{t("groups.noDescription")}</p>}
        </section>
        <section aria-labelledby="updates-title" className="card">
          <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="updates-title" className="text-lg font-semibold">
              {t("groups.latestUpdates")}
            </h2>
            {can.postUpdates || moreUpdates ? (
              <Link to={`/g/${group.slug}/updates`} className="text-sm">
                {can.postUpdates ? t("groups.writeUpdate") : t("groups.allUpdates")}
              </Link>
            ) : null}
          </div>
          {recent.length === 0 ? (
            <p className="text-slate-600">{t("groups.noUpdates")}</p>
          ) : (
            <ul className="space-y-5">
              {recent.map((p) => (
                <li key={p.id}>
                  <article>
                    <h3 className="font-semibold">{p.title}</h3>
                    <p className="mb-2 text-xs text-slate-600">{t("groups.postedBy", { name: p.authorName ?? t("common.unknown"), date: format.date(p.createdAt) })}</p>
                    <Markdown html={p.html} />
                  </article>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <aside className="space-y-6" aria-label={t("groups.community")}>
        <section aria-labelledby="newest-title" className="card">
          <h2 id="newest-title" className="mb-3 text-base font-semibold">
            {t("groups.newestMembers")}
          </h2>
          {newest.length === 0 ? (
            <p className="text-sm text-slate-600">{t("groups.noMembersYet")}</p>
          ) : (
            <ul className="space-y-3">
              {newest.map((m) => (
                <li key={m.id} className="flex items-center gap-3">
                  <Avatar name={m.name} />
                  <div className="min-w-0">
                    <Link to={`/g/${group.slug}/members/${m.id}`} className="font-medium">
                      {m.name}
                    </Link>{" "}
                    <RoleBadge role={m.role} />
                    <p className="text-xs text-slate-600">{m.joinedAt ? t("groups.joinedOn", { date: format.date(m.joinedAt) }) : null}</p>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Link to={`/g/${group.slug}/members`} className="mt-4 inline-block text-sm">
            {t("groups.allMembers")}
          </Link>
        </section>
      </aside>
    </div>
  );
}
