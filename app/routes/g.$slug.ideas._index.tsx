import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSubmit } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { IdeaCard, statusKey, useHydrated } from "~/components/idea";
import { Notice } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { canSubmitIdea, canVote } from "~/policy";
import { IDEA_SORT_OPTIONS, ideaListParams, SEARCH_QUERY_MAX, searchQueryTooLong } from "~/schemas/idea";
import { groupTitleMeta } from "~/utils/meta";
import { IDEA_STATUSES } from "~/domain/constants";
import { voteFromForm } from "~/actions/vote.server";
import { requireGroupAccess } from "~/auth/group.server";
import { listBoards } from "~/models/board.server";
import { listIdeas } from "~/models/idea.server";
import { listTags } from "~/models/tag.server";

export const meta = groupTitleMeta("ideas.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user, viewer, readOnly } = await requireGroupAccess(request, params.slug);
  const query = ideaListParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  const boards = listBoards(group.id);
  const board = query.board ? boards.find((b) => b.slug === query.board) : undefined;
  // A shared link to a board that no longer exists.
  if (query.board && !board) throw new Response("Not found", { status: 404 });
  const tags = listTags(group.id);
  const tagId = query.tag !== undefined && tags.some((t) => t.id === query.tag) ? query.tag : null;
  // A search longer than the board takes is answered with a message and no list (never with every idea).
  const queryTooLong = searchQueryTooLong(query.q);
  const result = queryTooLong
    ? { rows: [], total: 0, pages: 1, sort: query.sort && query.sort !== "relevance" ? query.sort : "top" }
    : listIdeas({
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
  return data(
    {
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
      queryTooLong,
    },
    { status: queryTooLong ? 400 : 200 },
  );
}

/** Voting from the list without JavaScript posts here and gets the same list back. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireGroupAccess(request, params.slug);
  return voteFromForm(request, access, await request.formData());
}

export default function Ideas() {
  const { rows, total, page, pages, sort, filters, boards, board, tags, can, queryTooLong } = useLoaderData<typeof loader>();
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
  // One removable chip per active filter: a link to this very view without it (and from page 1).
  const without = (...names: string[]) => {
    const params = new URLSearchParams(location.search);
    for (const name of ["page", ...names]) params.delete(name);
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  const tagName = filters.tag !== "" ? tags.find((tag) => tag.id === filters.tag)?.name : undefined;
  const chips = [
    filters.q ? { param: "q", label: t("ideas.chip.search", { q: filters.q }), href: without("q", ...(sort === "relevance" ? ["sort"] : [])) } : null,
    filters.status
      ? { param: "status", label: `${t("ideas.statusFilter")}: ${t(statusKey(filters.status as (typeof IDEA_STATUSES)[number]))}`, href: without("status") }
      : null,
    tagName ? { param: "tag", label: `${t("ideas.tagFilter")}: ${tagName}`, href: without("tag") } : null,
    filters.mine ? { param: "mine", label: t("ideas.mine"), href: without("mine") } : null,
    filters.voted ? { param: "voted", label: t("ideas.votedByMe"), href: without("voted") } : null,
  ].filter((chip) => chip !== null);
  return (
    <div className="space-y-5">
      {new URLSearchParams(location.search).get("erased") === "idea" ? <Notice>{t("moderation.item.erase.doneIdea")}</Notice> : null}
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
              <Link
                key={b.slug || "all"}
                to={boardHref(b.slug)}
                aria-current={current ? "page" : undefined}
                className={`rounded-full border px-3 py-1 text-sm no-underline ${current ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
              >
                {b.name} <span className={current ? "text-blue-100" : "text-slate-600"}>({format.number(b.ideaCount)})</span>
              </Link>
            );
          })}
        </nav>
      ) : null}

      {/* On a phone the filters fold away so the first ideas are on the first screen; the chips say what is on. */}
      <details className="fold-on-phone group/filters" open={queryTooLong || undefined}>
        <summary className="btn-secondary w-full cursor-pointer list-none justify-between sm:hidden">
          <span>
            {t("ideas.filterToggle")}
            {chips.length > 0 ? <span className="ml-1 text-slate-600">({format.number(chips.length)})</span> : null}
          </span>
          <span aria-hidden="true" className="transition group-open/filters:rotate-180">
            ▾
          </span>
        </summary>
        <Form
          method="get"
          role="search"
          aria-label={t("ideas.filters")}
          className="card mt-2 grid gap-3 p-3 sm:mt-0 sm:grid-cols-2 sm:p-4 lg:grid-cols-4"
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
              <input
                id="ideas-q"
                name="q"
                type="search"
                defaultValue={filters.q}
                className="input"
                aria-invalid={queryTooLong || undefined}
                aria-describedby={queryTooLong ? "ideas-q-error" : undefined}
              />
              <button type="submit" className="btn-secondary">
                {t("common.search")}
              </button>
            </div>
            {queryTooLong ? (
              <p id="ideas-q-error" className="mt-1 text-sm font-medium text-red-800">
                {t("common.searchTooLong", { max: format.number(SEARCH_QUERY_MAX) })}
              </p>
            ) : null}
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
      </details>

      {chips.length > 0 ? (
        <ul aria-label={t("ideas.activeFilters")} className="flex flex-wrap gap-2">
          {chips.map((chip) => (
            <li key={chip.param}>
              <Link
                to={chip.href}
                preventScrollReset
                className="inline-flex max-w-full items-center gap-1.5 rounded-full border border-blue-300 bg-blue-50 py-0.5 pl-3 pr-2 text-sm text-blue-950 no-underline hover:bg-blue-100"
              >
                <span className="sr-only">{t("ideas.removeFilter")}</span>
                <span className="min-w-0">{chip.label}</span>
                <span aria-hidden="true" className="text-base leading-none">
                  ×
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}

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
