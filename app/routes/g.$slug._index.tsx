import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, Markdown, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { IdeaCard } from "~/components/idea";
import { Notice } from "~/components/ui/form";
import { canAdministerGroups, canSubmitIdea, canVote } from "~/policy";
import { groupTitleMeta } from "~/utils/meta";
import { voteFromForm } from "~/actions/vote.server";
import { requireGroupAccess } from "~/auth/group.server";
import { canReview } from "~/features/moderation/rules";
import { listPosts } from "~/models/group-post.server";
import { activeMembers, newestMembers, setupChecklist } from "~/models/group.server";
import { listIdeas } from "~/models/idea.server";
import { renderMarkdown } from "~/utils/markdown.server";

export const meta = groupTitleMeta("groups.tab.home");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user, viewer, readOnly, canManage } = await requireGroupAccess(request, params.slug);
  const posts = listPosts({ groupId: group.id, limit: 20, reviewer: canReview(viewer) });
  const ideas = (sort: "top" | "new") =>
    listIdeas({ groupId: group.id, viewerId: user.id, boardId: null, sort, status: null, tagId: null, mine: false, voted: false, q: "", page: 1, pageSize: 5 });
  const top = ideas("top");
  return {
    descriptionHtml: renderMarkdown(group.description),
    pinned: posts.filter((p) => p.pinned),
    recent: posts.filter((p) => !p.pinned).slice(0, 3),
    moreUpdates: posts.length > posts.filter((p) => p.pinned).length + 3,
    newest: newestMembers(group.id, 6),
    active: activeMembers(group.id, Date.now() - 7 * 86_400_000),
    topIdeas: top.rows,
    newIdeas: ideas("new").rows,
    ideaTotal: top.total,
    can: { vote: canVote(viewer, readOnly), submit: canSubmitIdea(viewer, readOnly) },
    setup: canManage && !readOnly ? setupSteps(setupChecklist(group.id), canAdministerGroups(user.role)) : null,
  };
}

type SetupStep = { key: "boards" | "tags" | "description" | "invitations"; done: boolean };

/** The steps this manager can take themselves (the description is an admin's, on the settings page); none once all are done. */
function setupSteps(done: Record<SetupStep["key"], boolean>, isAdmin: boolean): SetupStep[] | null {
  const steps = (["boards", "tags", "description", "invitations"] as const)
    .filter((key) => key !== "description" || isAdmin)
    .map((key) => ({ key, done: done[key] }));
  return steps.every((s) => s.done) ? null : steps;
}

/** Votes cast on the home page's idea cards without JavaScript land here and get the home page back. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireGroupAccess(request, params.slug);
  return voteFromForm(request, access, await request.formData());
}

export default function GroupHome() {
  const { descriptionHtml, pinned, recent, moreUpdates, newest, active, topIdeas, newIdeas, ideaTotal, can: ideaCan, setup } = useLoaderData<typeof loader>();
  const { group, can } = useGroup();
  const t = useT();
  const format = useFormat();
  const [params] = useSearchParams();
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr,18rem]">
      <div className="min-w-0 space-y-6">
        {params.get("welcome") ? <Notice>{t("groups.welcome", { group: group.name })}</Notice> : null}
        {params.get("created") ? <Notice>{t("groups.setup.created", { group: group.name })}</Notice> : null}
        {setup ? <SetupChecklist steps={setup} /> : null}
        {pinned.length > 0 ? (
          <section aria-labelledby="pinned-title" className="space-y-4">
            <h2 id="pinned-title" className="sr-only">
              {t("groups.pinned")}
            </h2>
            {pinned.map((p) => (
              <article key={p.id} className="card border-blue-200 bg-blue-50/40">
                <p className="text-xs font-semibold uppercase tracking-wide text-blue-900">{t("groups.pinned")}</p>
                <h3 className="mt-1 text-lg font-semibold">{p.title}</h3>
                <p className="mb-3 text-xs text-slate-600">
                  {t("groups.postedBy", { name: p.authorName ?? t("common.unknown"), date: format.date(p.createdAt) })}
                </p>
                <Markdown html={p.html} />
              </article>
            ))}
          </section>
        ) : null}
        <section aria-labelledby="ideas-title" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="ideas-title" className="text-lg font-semibold">
              {t("home.popularIdeas")}
            </h2>
            <div className="flex flex-wrap items-center gap-3">
              {ideaTotal > 0 ? (
                <Link to={`/g/${group.slug}/ideas`} className="text-sm">
                  {t("home.allIdeas", { count: format.number(ideaTotal) })}
                </Link>
              ) : null}
              {ideaCan.submit ? (
                <Link to={`/g/${group.slug}/ideas/new`} className="btn-primary px-3 py-1.5">
                  {t("ideas.new")}
                </Link>
              ) : null}
            </div>
          </div>
          {topIdeas.length === 0 ? (
            <p className="card text-slate-700">{t("ideas.empty")}</p>
          ) : (
            <ul className="space-y-3">
              {topIdeas.map((idea) => (
                <IdeaCard key={idea.id} idea={idea} slug={group.slug} canVote={ideaCan.vote} showBoard />
              ))}
            </ul>
          )}
          {newIdeas.length > 0 && ideaTotal > topIdeas.length ? (
            <>
              <h2 className="pt-2 text-lg font-semibold">{t("home.newIdeas")}</h2>
              <ul className="space-y-3">
                {newIdeas.map((idea) => (
                  <IdeaCard key={idea.id} idea={idea} slug={group.slug} canVote={ideaCan.vote} showBoard />
                ))}
              </ul>
            </>
          ) : null}
        </section>
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
                    <p className="mb-2 text-xs text-slate-600">
                      {t("groups.postedBy", { name: p.authorName ?? t("common.unknown"), date: format.date(p.createdAt) })}
                    </p>
                    <Markdown html={p.html} />
                  </article>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <aside className="space-y-6" aria-label={t("groups.community")}>
        <PeopleCard
          id="active-title"
          title={t("home.activeThisWeek")}
          empty={t("home.noActivity")}
          people={active.map((m) => ({ ...m, detail: t("home.activity", { ideas: m.ideas, comments: m.comments }) }))}
        />
        <PeopleCard
          id="newest-title"
          title={t("groups.newestMembers")}
          empty={t("groups.noMembersYet")}
          people={newest.map((m) => ({ ...m, detail: m.joinedAt ? t("groups.joinedOn", { date: format.date(m.joinedAt) }) : null }))}
        >
          <Link to={`/g/${group.slug}/members`} className="mt-4 inline-block text-sm">
            {t("groups.allMembers")}
          </Link>
        </PeopleCard>
      </aside>
    </div>
  );
}

/** A short list of members in the aside (who was active, who joined), each linking to their profile. */
function PeopleCard({
  id,
  title,
  empty,
  people,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  people: { id: string; name: string; role: "member" | "moderator"; detail: string | null }[];
  children?: ReactNode;
}) {
  const { group } = useGroup();
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {people.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="space-y-3">
          {people.map((m) => (
            <li key={m.id} className="flex items-center gap-3">
              <Avatar name={m.name} id={m.id} />
              <div className="min-w-0">
                <Link to={`/g/${group.slug}/members/${m.id}`} className="font-medium">
                  {m.name}
                </Link>{" "}
                <RoleBadge role={m.role} />
                {m.detail ? <p className="text-xs text-slate-600">{m.detail}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}

const SETUP_LINKS = { boards: "boards", tags: "boards#tags", description: "settings", invitations: "invitations" } as const;

/** What a new group still needs, for the people who run it: each step a link, checked once the data shows it done. */
function SetupChecklist({ steps }: { steps: SetupStep[] }) {
  const { group } = useGroup();
  const t = useT();
  const left = steps.filter((s) => !s.done).length;
  return (
    <section aria-labelledby="setup-title" className="card border-amber-200 bg-amber-50/50" data-testid="setup-checklist">
      <h2 id="setup-title" className="text-lg font-semibold">
        {t("groups.setup.title")}
      </h2>
      <p className="mb-3 text-sm text-slate-700">{t("groups.setup.lead", { count: left })}</p>
      <ul className="space-y-2">
        {steps.map((s) => (
          <li key={s.key} className="flex items-start gap-2">
            <span
              aria-hidden="true"
              className={`mt-0.5 inline-flex h-5 w-5 flex-none items-center justify-center rounded-full border text-xs ${s.done ? "border-green-700 bg-green-700 text-white" : "border-slate-400 bg-white"}`}
            >
              {s.done ? "✓" : ""}
            </span>
            <span className="min-w-0 break-words">
              <Link to={`/g/${group.slug}/${SETUP_LINKS[s.key]}`} className={s.done ? "text-slate-600 line-through" : "font-medium"}>
                {t(`groups.setup.${s.key}`)}
              </Link>
              <span className="sr-only"> ({s.done ? t("groups.setup.done") : t("groups.setup.todo")})</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
