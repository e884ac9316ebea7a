import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSubmit } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { IdeaCard, statusKey, useHydrated } from "~/components/idea";
import { Pagination } from "~/components/ui/pagination";
import { canSubmitIdea, canVote } from "~/policy";
import { IDEA_SORT_OPTIONS, ideaListParams } from "~/schemas/idea";
import { groupTitleMeta } from "~/utils/meta";
import { IDEA_STATUSES } from "../../db/schema";

export const meta = groupTitleMeta("ideas.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requireGroupAccess } = await import("~/auth/group.server");
  const { listBoards } = await import("~/models/board.server");
  const { listTags } = await import("~/models/tag.server");
  const { listIdeas } = await import("~/models/idea.server");
  const { group, user, viewer, readOnly } = await requireGroupAccess(request, params.slug);
  const query = ideaListParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  const boards = listBoards(group.id);
  const board = query.board ? boards.find((b) => b.slug === query.board) : undefined;
  // A shared link to a board that no longer exists.
  if (query.board && !board) throw new Response("Not found", { status: 404 });
  const tags = listTags(group.id);
  const tagId = query.tag !== undefined && tags.some((t) => t.id === query.tag) ? query.tag : null;
  const result = listIdeas({
    groupId: group.id,
    viewerId: user.id,
    boardId: board?.id ?? null,
    sort: query.sort ?? (query.q ? "relevance" : "top"),
    status: query.status ?? null,
    tagId,
    mine: query.mine === "1",
    voted: query.voted === "1",
    q: query.q,
    page: query.page,
  });
  return {
    // Only what a card shows goes to the page (the loader data is serialised into every response).
    rows: result.rows.map(({ id: _id, lastActivityAt: _activity, boardSlug: _board, ...card }) => card),
    total: result.total,
    pages: result.pages,
    sort: result.sort,
    filters: { board: board?.slug ?? "", status: query.status ?? "", tag: tagId ?? "", mine: query.mine === "1", voted: query.voted === "1", q: query.q },
    page: query.page,
    boards: boards.map((b) => ({ slug: b.slug, name: b.name, description: b.description, closed: b.closedAt !== null, ideaCount: b.ideaCount })),
    board: board ? { slug: board.slug, name: board.name, description: board.description, closed: board.closedAt !== null } : null,
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    can: { vote: canVote(viewer, readOnly), submit: canSubmitIdea(viewer, readOnly) },
  };
}

/** Voting from the list without JavaScript posts here and gets the same list back. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { requireGroupAccess } = await import("~/auth/group.server");
  const { voteFromForm } = await import("~/actions/vote.server");
  const access = await requireGroupAccess(request, params.slug);
  return voteFromForm(request, access, await request.formData());
}

export default function Ideas() {
  const { rows, total, page, pages, sort, filters, boards, board, tags, can } = useLoaderData<typeof loader>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  const submit = useSubmit();
  const hydrated = useHydrated();
  const base = `/g/${group.slug}/ideas`;
  // Board links keep the other filters but start again from page 1.
  const boardHref = (slug: string) => {
    const params = new URLSearchParams(location.search);
    params.delete("page");
    if (slug) params.set("board", slug);
    else params.delete("board");
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  const newHref = `${base}/new${board ? `?board=${board.slug}` : ""}`;
  const filtered = Boolean(filters.q || filters.status || filters.tag || filters.mine || filters.voted);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-xl font-semibold">{board ? board.name : t("ideas.allBoards")}</h2>
          {board?.description ? <p className="mt-1 max-w-prose text-slate-700">{board.description}</p> : null}
        </div>
        {can.submit && !board?.closed ? (
          <Link to={newHref} className="btn-primary">
            {t("ideas.new")}
          </Link>
        ) : null}
      </div>
      {board?.closed ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t("ideas.boardClosedNote")}
        </p>
      ) : null}

      {boards.length > 1 ? (
        <nav aria-label={t("ideas.boards")} className="flex flex-wrap gap-2">
          {[{ slug: "", name: t("ideas.allBoards"), ideaCount: boards.reduce((n, b) => n + b.ideaCount, 0) }, ...boards].map((b) => {
            const current = (filters.board || "") === b.slug;
            return (
              <Link key={b.slug || "all"} to={boardHref(b.slug)} aria-current={current ? "page" : undefined} className={`rounded-full border px-3 py-1 text-sm no-underline ${current ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}>
                {b.name} <span className={current ? "text-blue-100" : "text-slate-600"}>({format.number(b.ideaCount)})</span>
              </Link>
            );
          })}
        </nav>
      ) : null}

      <Form
        method="get"
        role="search"
        aria-label={t("ideas.filters")}
        className="card grid gap-3 p-3 sm:grid-cols-2 sm:p-4 lg:grid-cols-4"
        onChange={(e) => {
          // With JavaScript, choosing a sort or a filter applies it at once; typed searches wait for Enter.
          const target = e.target as HTMLInputElement;
          if (target.name !== "q") submit(e.currentTarget, { preventScrollReset: true });
        }}
      >
        {filters.board ? <input type="hidden" name="board" value={filters.board} /> : null}
        <div className="sm:col-span-2 lg:col-span-4">
          <label htmlFor="ideas-q" className="block text-sm font-medium">
            {t("ideas.search")}
          </label>
          <div className="mt-1 flex gap-2">
            <input id="ideas-q" name="q" type="search" defaultValue={filters.q} className="input" />
            <button type="submit" className="btn-secondary">
              {t("common.search")}
            </button>
          </div>
        </div>
        <div>
          <label htmlFor="ideas-sort" className="block text-sm font-medium">
            {t("ideas.sort")}
          </label>
          <select id="ideas-sort" name="sort" defaultValue={sort} key={sort} className="input mt-1">
            {IDEA_SORT_OPTIONS.filter((s) => s !== "relevance" || filters.q).map((s) => (
              <option key={s} value={s}>
                {t(`ideas.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ideas-status" className="block text-sm font-medium">
            {t("ideas.statusFilter")}
          </label>
          <select id="ideas-status" name="status" defaultValue={filters.status} key={filters.status} className="input mt-1">
            <option value="">{t("ideas.anyStatus")}</option>
            {IDEA_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </div>
        {tags.length > 0 ? (
          <div>
            <label htmlFor="ideas-tag" className="block text-sm font-medium">
              {t("ideas.tagFilter")}
            </label>
            <select id="ideas-tag" name="tag" defaultValue={String(filters.tag)} key={String(filters.tag)} className="input mt-1">
              <option value="">{t("ideas.anyTag")}</option>
              {tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <fieldset className="flex flex-col justify-end gap-1 text-sm">
          <legend className="sr-only">{t("ideas.whose")}</legend>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="mine" value="1" defaultChecked={filters.mine} key={`mine-${filters.mine}`} className="h-4 w-4" />
            {t("ideas.mine")}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="voted" value="1" defaultChecked={filters.voted} key={`voted-${filters.voted}`} className="h-4 w-4" />
            {t("ideas.votedByMe")}
          </label>
        </fieldset>
        {hydrated ? null : (
          <div className="sm:col-span-2 lg:col-span-4">
            <button type="submit" className="btn-secondary">
              {t("ideas.apply")}
            </button>
          </div>
        )}
      </Form>

      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm text-slate-700" aria-live="polite">
          {t("ideas.count", { count: format.number(total) })}
        </p>
        {filtered ? (
          <Link to={filters.board ? `${base}?board=${filters.board}` : base} className="text-sm">
            {t("ideas.clearFilters")}
          </Link>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <div className="card text-slate-700">
          <p>{filtered ? t("ideas.noMatches") : t("ideas.empty")}</p>
          {can.submit && !filtered && !board?.closed ? (
            <Link to={newHref} className="btn-primary mt-3">
              {t("ideas.beFirst")}
            </Link>
          ) : null}
        </div>
      ) : (
        <ul className="space-y-3" aria-label={t("ideas.listLabel")}>
          {rows.map((idea) => (
            <IdeaCard key={idea.number} idea={idea} slug={group.slug} canVote={can.vote} showBoard={!board && boards.length > 1} />
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
