import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, Markdown, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { AuthorContext, EventItem, ResponseComposer } from "~/components/feedback";
import { StatusBadge, TagChip, VoteButton } from "~/components/idea";
import { Disclosure } from "~/components/ui/disclosure";
import { MentionTextarea } from "~/components/mention-textarea";
import { describedBy, FormErrors, Help, Notice, SubmitButton } from "~/components/ui/form";
import { translateError, type MessageKey } from "~/i18n";
import { canMergeIdea, canUnmerge, mergeRefusal, UNMERGE_WINDOW_MS } from "~/merge-policy";
import { canComment, canEditIdea, canMergeIdeas, canRespond, canSeeInternalNotes, canSeeVoters, canTagIdea, canVote, canWithdrawIdea, isIdeaLive } from "~/policy";
import { COMMENT_MAX, commentFormSchema, composerParams, ideaPageSchema, statusSchema } from "~/schemas/idea";
import { fillPlaceholders } from "~/utils/reply-tools";
import { useEffect, useRef, type ReactNode } from "react";
import { z } from "zod";
import type { TagColor } from "../../db/schema";
import type { MergePreview } from "~/models/status.server";

export const ErrorBoundary = RouteErrorBoundary;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const group = matches.find((m) => m.id === "routes/g.$slug")?.data as { group?: { name: string } } | undefined;
  return [{ title: [data ? `${data.idea.title} (#${data.idea.number})` : null, group?.group?.name, "Kaiku"].filter(Boolean).join(" · ") }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { listComments, renderGroupMarkdown } = await import("~/models/comment.server");
  const { findIdea, listVoters } = await import("~/models/idea.server");
  const { listTags } = await import("~/models/tag.server");
  const { listEvents, authorContext, findCurrentMerge, undoableMergesInto } = await import("~/models/status.server");
  const { listNotes } = await import("~/models/note.server");
  const { listSavedReplies, findSavedReply } = await import("~/models/saved-reply.server");
  const { similarIdeas } = await import("~/models/search.server");
  const { requireIdea } = await import("~/auth/group.server");
  const { access, idea } = await requireIdea(request, params);
  const { group, user, viewer, readOnly } = access;
  const query = composerParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  // A merged idea's address leads to the idea it was merged into (its own page stays readable with ?original=1).
  if (idea.status === "merged" && idea.mergedIntoNumber !== null && !query.original) throw redirect(`/g/${group.slug}/ideas/${idea.mergedIntoNumber}?from=${idea.number}`);
  const can = {
    vote: canVote(viewer, readOnly) && isIdeaLive(idea),
    comment: canComment(viewer, readOnly) && isIdeaLive(idea),
    edit: canEditIdea(user.id, idea, readOnly),
    withdraw: canWithdrawIdea(user.id, idea, readOnly),
    tag: canTagIdea({ ...viewer, userId: user.id }, idea, readOnly),
    seeVoters: canSeeVoters(viewer),
    respond: canRespond(viewer, readOnly) && isIdeaLive(idea),
    notes: canSeeInternalNotes(viewer),
    addNote: canSeeInternalNotes(viewer) && !readOnly,
    merge: canMergeIdea(viewer, idea, readOnly) && isIdeaLive(idea),
    // A moderator on an idea staff committed to or answered: told why there is no merge here.
    mergeStaffOnly: isIdeaLive(idea) && mergeRefusal(viewer, idea, readOnly) === "staffOnly",
  };
  // Staff undo a merge within its window: on the merged idea's own page, and beside each "merged in" line here.
  const merge = idea.status === "merged" ? findCurrentMerge(idea) : null;
  const unmerge = merge && canUnmerge(viewer, merge, readOnly) ? { until: merge.createdAt + UNMERGE_WINDOW_MS } : null;
  const undoable = canUnmerge(viewer, { createdAt: Date.now(), undoneAt: null }, readOnly) ? undoableMergesInto(idea.id).map((m) => m.fromNumber) : [];
  const events = listEvents(idea.id).map(({ response, ...e }) => ({ ...e, html: response ? renderGroupMarkdown(group, response) : null }));
  const saved = can.respond ? listSavedReplies() : [];
  const chosen = can.respond && query.reply ? findSavedReply(query.reply) : null;
  const context = { name: idea.authorName ?? "", idea: idea.title, group: group.name };
  // "?from=12" after a merge: said only when #12 really was merged into this idea.
  const from = query.from ? findIdea({ groupId: group.id, number: query.from, viewerId: user.id }) : null;
  const mergedFrom = from && from.mergedIntoId === idea.id ? from.number : null;
  return {
    idea: {
      number: idea.number,
      title: idea.title,
      html: renderGroupMarkdown(group, idea.body),
      status: idea.status,
      voteCount: idea.voteCount,
      commentCount: idea.commentCount,
      followerCount: idea.followerCount,
      createdAt: idea.createdAt,
      editedAt: idea.editedAt,
      withdrawnAt: idea.withdrawnAt,
      authorId: idea.authorId,
      authorName: idea.authorName,
      authorRole: idea.authorRole,
      boardSlug: idea.boardSlug,
      boardName: idea.boardName,
      voted: idea.voted,
      following: idea.following,
      tags: idea.tags,
      source: idea.source,
      recorderName: idea.recorderName,
      mergedIntoNumber: idea.mergedIntoNumber,
    },
    comments: listComments({ group, ideaId: idea.id, viewerId: user.id, show: query.comments === "all" ? "first" : "latest", before: query.before ?? null, after: query.after ?? null, around: query.comment ?? query.replyTo ?? query.edit ?? null }),
    events,
    voters: can.seeVoters ? listVoters(idea.id) : null,
    allTags: can.tag ? listTags(group.id).map((t) => ({ id: t.id, name: t.name, color: t.color })) : [],
    // Staff only: none of this reaches a member's page, not even in the loader data.
    staff: can.notes
      ? {
          notes: listNotes(idea.id).map(({ html, id, createdAt, authorName }) => ({ id, html, createdAt, authorName })),
          savedReplies: saved.map((r) => ({ id: r.id, title: r.title, body: r.body })),
          prefill: chosen ? fillPlaceholders(chosen.body, context) : "",
          context: idea.authorId ? authorContext({ group, authorId: idea.authorId, exceptIdeaId: idea.id }) : null,
          replyContext: context,
        }
      : null,
    mergedFrom,
    unmerge,
    undoable,
    // Staff who recorded the idea for a member are told it is the member's, not "your idea is shared".
    viewerIsAuthor: idea.authorId === user.id,
    mergeCandidates: can.merge ? similarIdeas({ groupId: group.id, text: idea.title, viewerId: user.id, limit: 6 }).filter((s) => s.number !== idea.number) : [],
    can,
  };
}

/**
 * The query of an address on this page that keeps what the reader is looking at (a merged idea's own page, the
 * earlier conversations, a linked comment's conversation), with `set` applied. Used for the page's own links and
 * for the redirect after deleting a comment, so neither drops the reader somewhere else.
 */
function viewSearch(current: URLSearchParams, set: { before?: number; after?: number; comment?: number } = {}): string {
  const shown = composerParams.parse(Object.fromEntries(current));
  const next = new URLSearchParams();
  if (shown.original) next.set("original", "1");
  // A new page of the discussion replaces the one shown; otherwise the page shown is kept.
  const page = set.before || set.after || set.comment ? set : shown;
  if (page === shown && shown.comments) next.set("comments", "all");
  for (const key of ["before", "after", "comment"] as const) if (page[key]) next.set(key, String(page[key]));
  const search = next.toString();
  return search ? `?${search}` : "";
}

const formOrigin = z.object({
  intent: z.string().max(20).catch(""),
  parentId: z.string().regex(/^\d{1,12}$/).optional().catch(undefined),
  commentId: z.string().regex(/^\d{1,12}$/).optional().catch(undefined),
});

/** Which form a submission came from, so its errors show beside it (read before the full parse). */
function formIdOf(formData: FormData): string {
  const { intent, parentId, commentId } = formOrigin.parse({ intent: formData.get("intent") ?? "", parentId: formData.get("parentId") ?? undefined, commentId: formData.get("commentId") ?? undefined });
  if (intent === "status" || intent === "note" || intent === "merge" || intent === "unmerge" || intent === "tags") return intent;
  if (intent === "editComment") return `edit-${commentId ?? ""}`;
  return parentId ? `reply-${parentId}` : "comment";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { requireGroupAccess, requireIdea } = await import("~/auth/group.server");
  const { voteFromForm } = await import("~/actions/vote.server");
  const access = await requireGroupAccess(request, params.slug);
  const formData = await request.formData();
  // A vote, by far the most frequent action, needs only the group access: castVote finds the idea itself (404).
  if (formData.get("intent") === "vote") return voteFromForm(request, access, formData, params.number);
  const comments = await import("~/models/comment.server");
  const ideas = await import("~/models/idea.server");
  const { RULES, consumeRateLimit, retryAfterHeaders } = await import("~/auth/rate-limit.server");
  const { serverTranslator } = await import("~/i18n/locale.server");
  const loop = await import("~/models/status.server");
  const notes = await import("~/models/note.server");
  const { idea } = await requireIdea(request, params);
  const { group, user, viewer, readOnly } = access;
  const t = serverTranslator(request, user);
  const formId = formIdOf(formData);
  const submission = parseWithZod(formData, { schema: ideaPageSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply(), ok: false }, { status: 400 });
  const v = submission.value;
  const here = `/g/${group.slug}/ideas/${idea.number}`;
  const fail = (status: number, message: string, headers?: Record<string, string>) => data({ formId, result: submission.reply({ formErrors: [message] }), ok: false }, { status, headers });
  const commentFailure = (error: "notFound" | "closed" | "notAllowed") => {
    if (error === "notFound") throw new Response("Not found", { status: 404 });
    if (error === "notAllowed") throw new Response("Forbidden", { status: 403 });
    return fail(409, t("ideas.closedForComments"));
  };
  switch (v.intent) {
    case "follow": {
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      if (!ideas.setFollow({ groupId: group.id, number: idea.number, userId: user.id, following: v.following }).ok) return fail(409, t("ideas.closedForComments"));
      return data({ formId, result: null, ok: true });
    }
    case "comment": {
      if (!canComment(viewer, readOnly)) throw new Response("Forbidden", { status: 403 });
      const limited = consumeRateLimit(`comment:user:${user.id}`, RULES.comments);
      if (limited.blocked) return fail(429, t("ideas.comments.rateLimited"), retryAfterHeaders(limited));
      const added = comments.addComment({ group, number: idea.number, author: { id: user.id, name: user.name, role: user.role }, body: v.body, parentId: v.parentId ?? null });
      if (!added.ok) return commentFailure(added.error);
      return redirect(`${here}?comment=${added.id}#comment-${added.id}`);
    }
    case "editComment": {
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      const edited = comments.editComment({ group, ideaId: idea.id, commentId: v.commentId, author: { id: user.id, name: user.name, role: user.role }, body: v.body });
      if (!edited.ok) return commentFailure(edited.error);
      return redirect(`${here}?comment=${edited.id}#comment-${edited.id}`);
    }
    case "deleteComment": {
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      const deleted = comments.deleteComment({ ideaId: idea.id, commentId: v.commentId, authorId: user.id });
      if (!deleted.ok) return commentFailure(deleted.error);
      return redirect(`${here}${viewSearch(new URL(request.url).searchParams)}#comments`);
    }
    case "withdraw": {
      const withdrawn = ideas.withdrawIdea({ group, number: idea.number, userId: user.id, readOnly });
      if (!withdrawn.ok) throw new Response("Forbidden", { status: 403 });
      return redirect(here);
    }
    // Who may act is checked first (403); a read-only group then refuses everyone who may (409).
    case "status": {
      if (!canRespond(viewer, false)) throw new Response("Forbidden", { status: 403 });
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      const changed = loop.changeStatus({ group, number: idea.number, actor: { id: user.id, name: user.name, role: user.role }, status: v.status, response: v.response });
      if (!changed.ok && changed.error === "notFound") throw new Response("Not found", { status: 404 });
      if (!changed.ok) return fail(changed.error === "closed" ? 409 : 400, t(`loop.error.${changed.error}` as MessageKey));
      return redirect(`${here}?responded=1#timeline`);
    }
    case "note": {
      if (!canSeeInternalNotes(viewer)) throw new Response("Forbidden", { status: 403 });
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      notes.addNote({ groupId: group.id, ideaId: idea.id, authorId: user.id, body: v.body });
      return redirect(`${here}#notes`);
    }
    case "merge": {
      if (!canMergeIdeas(viewer, false)) throw new Response("Forbidden", { status: 403 });
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      const args = { group, fromNumber: idea.number, intoNumber: v.into, actor: { id: user.id, name: user.name, role: user.role } };
      const mergeFailure = (error: "notFound" | "same" | "closed" | "staffOnly") => fail(error === "closed" ? 409 : error === "staffOnly" ? 403 : 400, t(`loop.error.merge.${error}` as MessageKey));
      // First the confirmation: both ideas and what would move. Only a submission carrying `confirm` merges.
      if (!v.confirm) {
        const preview = loop.previewMerge(args);
        if (!preview.ok) return mergeFailure(preview.error);
        return data({ formId, result: null, ok: true, mergePreview: { ...preview.preview, response: v.response } });
      }
      const merged = loop.mergeIdeas({ ...args, response: v.response });
      if (!merged.ok) return mergeFailure(merged.error);
      return redirect(`/g/${group.slug}/ideas/${merged.intoNumber}?from=${idea.number}`);
    }
    case "unmerge": {
      if (!canUnmerge(viewer, { createdAt: Date.now(), undoneAt: null }, false)) throw new Response("Forbidden", { status: 403 });
      if (readOnly) return fail(409, t("groups.readOnlyError"));
      const undone = loop.unmergeIdea({ group, number: idea.number, actor: { id: user.id, name: user.name, role: user.role } });
      if (!undone.ok && undone.error === "notFound") throw new Response("Not found", { status: 404 });
      if (!undone.ok) return fail(undone.error === "notAllowed" ? 403 : 409, t(`loop.error.unmerge.${undone.error}` as MessageKey));
      return redirect(`${here}?unmerged=1#timeline`);
    }
    case "tags": {
      if (!canTagIdea({ ...viewer, userId: user.id }, idea, readOnly)) throw new Response("Forbidden", { status: 403 });
      const { UnknownTagError, UNKNOWN_TAG_MESSAGE } = await import("~/models/tag.server");
      try {
        ideas.setIdeaTags({ group, number: idea.number, actorId: user.id, tagIds: v.tags, audit: idea.authorId !== user.id });
      } catch (error) {
        if (error instanceof UnknownTagError) return data({ formId: "tags", result: submission.reply({ fieldErrors: { tags: [UNKNOWN_TAG_MESSAGE] } }), ok: false }, { status: 400 });
        throw error;
      }
      return redirect(here);
    }
  }
}

type MergePreviewData = MergePreview & { response: string | null };
type ActionData = { formId: string; result: unknown; ok: boolean; mergePreview?: MergePreviewData };

export default function IdeaPage() {
  const { idea, comments, events, voters, allTags, staff, mergedFrom, unmerge, undoable, viewerIsAuthor, mergeCandidates, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  const [params] = useSearchParams();
  const base = `/g/${group.slug}`;
  const commentCan: CommentCan = { reply: can.comment, deleteOwn: !group.readOnly };
  // A merge's message stops being the answer once the merge is undone.
  const latestResponse = [...events].reverse().find((e) => e.html && !(e.toStatus === "merged" && idea.status !== "merged"));
  // Comments and the idea's history in one timeline, oldest first.
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    // A link from before long discussions were shortened (an old e-mail) to a comment in an earlier conversation.
    const linked = /^#comment-(\d+)$/.exec(location.hash)?.[1];
    const paged = comments.hiddenComments > 0 || comments.laterComments > 0;
    if (linked && paged && !document.getElementById(`comment-${linked}`)) navigate(`${viewSearch(params, { comment: Number(linked) })}#comment-${linked}`, { replace: true });
  }, [location.hash, comments.hiddenComments, comments.laterComments, navigate, params]);
  // The history shown is the part that happened within the page of the discussion shown (pages tile the time).
  const pageEvents = events.filter((e) => (comments.since === null || e.createdAt >= comments.since) && (comments.until === null || e.createdAt < comments.until));
  const timeline = [...pageEvents.map((e) => ({ at: e.createdAt, event: e, comment: null })), ...comments.threads.map((c) => ({ at: c.createdAt, event: null, comment: c }))].sort((a, b) => a.at - b.at);
  const mergePreview = actionData?.formId === "merge" && actionData.ok ? (actionData.mergePreview ?? null) : null;
  const unmergeRefused = actionData?.formId === "unmerge" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const unmergeMessage = unmergeRefused?.error ? Object.values(unmergeRefused.error).flat()[0] : undefined;
  return (
    <div className="space-y-6">
      {params.get("posted") && viewerIsAuthor ? <Notice>{t("ideas.posted")}</Notice> : null}
      {params.get("posted") && !viewerIsAuthor && idea.source ? <Notice>{t("loop.record.posted", { name: idea.authorName ?? t("common.unknown") })}</Notice> : null}
      {params.get("responded") ? <Notice>{t("loop.responded")}</Notice> : null}
      {params.get("unmerged") && idea.status !== "merged" ? <Notice>{t("loop.unmergedNotice")}</Notice> : null}
      {mergePreview ? <MergeConfirmation preview={mergePreview} /> : null}
      {mergedFrom !== null ? (
        <Notice>
          {t("loop.mergedFromNotice", { number: mergedFrom })} <Link to={`${base}/ideas/${mergedFrom}?original=1`}>{t("loop.seeOriginal")}</Link>
        </Notice>
      ) : null}
      {idea.status === "merged" && idea.mergedIntoNumber !== null ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t("loop.mergedNote")} <Link to={`${base}/ideas/${idea.mergedIntoNumber}`}>#{idea.mergedIntoNumber}</Link>
        </p>
      ) : null}
      {unmergeMessage ? <FormErrors errors={[unmergeMessage]} /> : null}
      {unmerge && idea.mergedIntoNumber !== null ? <UnmergeForm number={idea.number} into={idea.mergedIntoNumber} until={unmerge.until} /> : null}
      <article aria-labelledby="idea-title" className="card">
        <p className="text-sm text-slate-600">
          <Link to={`${base}/ideas?board=${idea.boardSlug}`}>{idea.boardName}</Link> · #{idea.number}
        </p>
        <div className="mt-2 flex gap-4">
          <VoteButton number={idea.number} title={idea.title} voted={idea.voted} count={idea.voteCount} canVote={can.vote} size="lg" />
          <div className="min-w-0 flex-1">
            <h2 id="idea-title" className="break-words text-2xl font-bold tracking-tight text-slate-900">
              {idea.title}
            </h2>
            <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              <StatusBadge status={idea.status} withdrawn={idea.withdrawnAt !== null} />
              {idea.tags.map((tag) => (
                <TagChip key={tag.id} tag={tag} />
              ))}
              <span>
                {idea.authorName ? (
                  idea.authorId ? (
                    <Link to={`${base}/members/${idea.authorId}`} className="underline">
                      {idea.authorName}
                    </Link>
                  ) : (
                    idea.authorName
                  )
                ) : (
                  t("common.unknown")
                )}{" "}
                {idea.authorRole ? <RoleBadge role="member" orgRole={idea.authorRole} /> : null} · {format.dateTime(idea.createdAt)}
                {idea.editedAt ? ` · ${t("ideas.edited")}` : null}
              </span>
            </p>
            {idea.source ? <p className="mt-1 text-sm text-slate-700">{t("loop.recordedFrom", { name: idea.recorderName ?? t("common.unknown"), source: t(`loop.sourceLower.${idea.source}` as MessageKey) })}</p> : null}
          </div>
        </div>
        {idea.withdrawnAt !== null ? (
          <p role="note" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            {t("ideas.withdrawnNote", { date: format.date(idea.withdrawnAt) })}
          </p>
        ) : null}
        <div className="mt-4">{idea.html.trim() ? <Markdown html={idea.html} /> : <p className="text-slate-600">{t("ideas.noBody")}</p>}</div>
        {latestResponse ? (
          <section aria-labelledby="official-title" className="mt-5 rounded-lg border border-blue-300 bg-blue-50 p-4">
            <h3 id="official-title" className="text-sm font-semibold uppercase tracking-wide text-blue-900">
              {t("loop.officialResponse")}
            </h3>
            <p className="mt-1 text-xs text-slate-700">{t("groups.postedBy", { name: latestResponse.actorName ?? t("common.unknown"), date: format.dateTime(latestResponse.createdAt) })}</p>
            <Markdown html={latestResponse.html!} className="mt-2" />
          </section>
        ) : null}
        <div className="mt-5 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 text-sm">
          {group.readOnly || (!idea.following && (idea.withdrawnAt !== null || idea.status === "merged")) ? (
            <span className="text-slate-700">{t("ideas.followers", { count: format.number(idea.followerCount) })}</span>
          ) : (
            <FollowButton following={idea.following} count={idea.followerCount} />
          )}
          <span className="text-slate-700">{t("ideas.commentCount", { count: format.number(idea.commentCount) })}</span>
          {can.edit ? (
            <Link to={`${base}/ideas/${idea.number}/edit`} className="btn-secondary px-3 py-1">
              {t("ideas.edit")}
            </Link>
          ) : null}
        </div>
        {can.withdraw ? (
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("ideas.withdraw")}</summary>
            <Form method="post" className="mt-2 space-y-2">
              <p className="text-sm text-slate-700">{t("ideas.withdrawLead")}</p>
              <SubmitButton intent="withdraw" className="btn-secondary border-red-300 text-red-800 hover:bg-red-50">
                {t("ideas.withdrawConfirm")}
              </SubmitButton>
            </Form>
          </details>
        ) : null}
        {can.tag && allTags.length > 0 ? <TagEditor allTags={allTags} selected={idea.tags.map((tag) => tag.id)} /> : null}
        {can.merge && !mergePreview ? <MergeForm candidates={mergeCandidates} /> : null}
        {can.mergeStaffOnly ? <p className="mt-3 text-sm text-slate-700">{t("loop.error.merge.staffOnly")}</p> : null}
        {voters ? (
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("ideas.voters", { count: format.number(idea.voteCount) })}</summary>
            {voters.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">{t("ideas.noVoters")}</p>
            ) : (
              <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
                {voters.map((v) => (
                  <li key={v.id}>
                    {v.name} <span className="text-xs text-slate-600">{format.date(v.votedAt)}</span>
                  </li>
                ))}
              </ul>
            )}
            {idea.voteCount > voters.length ? <p className="mt-1 text-xs text-slate-600">{t("ideas.moreVoters", { count: format.number(idea.voteCount - voters.length) })}</p> : null}
          </details>
        ) : null}
      </article>

      {staff && can.respond ? (
        <section id="respond" aria-labelledby="respond-title" className="card border-blue-200">
          <h2 id="respond-title" className="mb-1 text-lg font-semibold">
            {t("loop.respondTitle")}
          </h2>
          <p className="mb-4 text-sm text-slate-700">{t("loop.respondLead")}</p>
          <div className="grid gap-5 lg:grid-cols-[1fr,16rem]">
            <ResponseComposer
              id="status"
              schema={statusSchema}
              lastResult={actionData?.formId === "status" ? (actionData.result as SubmissionResult<string[]> | null) : undefined}
              status={idea.status}
              prefill={staff.prefill}
              context={staff.replyContext}
              savedReplies={staff.savedReplies}
              replyLink={(id) => `?reply=${id}#respond`}
              key={`${idea.status}-${events.length}-${staff.prefill.length}`}
            />
            <AuthorContext slug={group.slug} context={staff.context} />
          </div>
        </section>
      ) : null}

      {staff ? (
        <section id="notes" aria-labelledby="notes-title" tabIndex={-1} className="card border-dashed border-violet-300 bg-violet-50/40 focus:outline-none">
          <h2 id="notes-title" className="text-lg font-semibold">
            {t("loop.notesTitle")}
          </h2>
          <p className="mb-3 text-sm text-slate-700">{t("loop.notesLead")}</p>
          {staff.notes.length === 0 ? <p className="text-sm text-slate-700">{t("loop.noNotes")}</p> : null}
          <ol className="space-y-3">
            {staff.notes.map((n) => (
              <li key={n.id} className="rounded-md border border-violet-200 bg-white p-3">
                <p className="mb-1 text-xs text-slate-600">{t("groups.postedBy", { name: n.authorName ?? t("common.unknown"), date: format.dateTime(n.createdAt) })}</p>
                <Markdown html={n.html} />
              </li>
            ))}
          </ol>
          {can.addNote ? <NoteForm key={staff.notes.length} /> : null}
        </section>
      ) : null}

      <section id="timeline" aria-labelledby="comments-title" tabIndex={-1} className="space-y-4 focus:outline-none">
        <h2 id="comments-title" className="text-xl font-semibold">
          {t("ideas.comments.title", { count: format.number(idea.commentCount) })}
        </h2>
        {timeline.length === 0 ? <p className="text-slate-700">{t("ideas.comments.empty")}</p> : null}
        {comments.hiddenComments > 0 && comments.firstId !== null ? (
          <p className="rounded-md border border-slate-200 bg-white p-3 text-sm">
            <Link to={`${viewSearch(params, { before: comments.firstId })}#comments`} preventScrollReset className="font-medium">
              {t("ideas.comments.earlierPage", { count: format.number(comments.hiddenComments) })}
            </Link>
          </p>
        ) : null}
        <ol className="space-y-4" id="comments">
          {timeline.map(({ event, comment: c }) =>
            event ? (
              <li key={`e${event.id}`}>
                <EventItem slug={group.slug} event={event} latest={event.id === latestResponse?.id}>
                  {event.kind === "merged_in" && event.related && undoable.includes(event.related.number) ? <UnmergeForm number={event.related.number} into={idea.number} /> : null}
                </EventItem>
              </li>
            ) : c ? (
              <li key={`c${c.id}`}>
                <CommentItem comment={c} can={commentCan} version={c.replies.length} />
                {c.replies.length > 0 ? (
                  <ol className="ml-4 mt-3 space-y-3 border-l-2 border-slate-200 pl-3 sm:ml-8 sm:pl-4" aria-label={t("ideas.comments.replies", { count: c.replies.length })}>
                    {c.replies.map((r) => (
                      <li key={r.id}>
                        <CommentItem comment={r} can={commentCan} isReply version={c.replies.length} />
                      </li>
                    ))}
                  </ol>
                ) : null}
              </li>
            ) : null,
          )}
        </ol>
        {comments.laterComments > 0 && comments.lastId !== null ? (
          <p className="flex flex-wrap gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-white p-3 text-sm">
            <Link to={`${viewSearch(params, { after: comments.lastId })}#comments`} className="font-medium">
              {t("ideas.comments.laterPage", { count: format.number(comments.laterComments) })}
            </Link>
            <Link to={`${viewSearch(new URLSearchParams(params.get("original") ? "original=1" : ""))}#comments`}>{t("ideas.comments.latest")}</Link>
          </p>
        ) : null}
        {can.comment ? (
          <div className="card">
            <CommentForm formId="comment" intent="comment" label={t("ideas.comments.new")} submitLabel={t("ideas.comments.submit")} key={idea.commentCount} />
          </div>
        ) : (
          <p className="text-sm text-slate-700">{idea.withdrawnAt !== null || idea.status === "merged" ? t("ideas.closedForComments") : group.readOnly ? t("groups.readOnlyError") : null}</p>
        )}
      </section>
    </div>
  );
}

/** Staff's internal note: plain to write, never shown to members. */
function NoteForm() {
  const t = useT();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const error = actionData?.formId === "note" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const message = error?.error ? Object.values(error.error).flat()[0] : undefined;
  return (
    <Form method="post" className="mt-3 space-y-2">
      <input type="hidden" name="intent" value="note" />
      <label htmlFor="note-body" className="block text-sm font-medium text-slate-800">
        {t("loop.addNote")}
      </label>
      <textarea id="note-body" name="body" rows={3} required maxLength={COMMENT_MAX} className="input" aria-invalid={message ? true : undefined} aria-describedby={message ? "note-body-error" : undefined} />
      {message ? (
        <p id="note-body-error" className="text-sm font-medium text-red-800">
          {translateError(t, message)}
        </p>
      ) : null}
      <SubmitButton className="btn-secondary">{t("loop.saveNote")}</SubmitButton>
    </Form>
  );
}

/**
 * The merge's confirmation step, from the first submission of the merge form: both ideas side by side and what
 * moves. Only its own submission (with `confirm`) merges; without JavaScript it is the page the form answers with.
 */
function MergeConfirmation({ preview }: { preview: MergePreviewData }) {
  const t = useT();
  const format = useFormat();
  const { group } = useGroup();
  const location = useLocation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const { from, into } = preview;
  const sides = [
    { key: "from", label: t("loop.mergeCheck.source"), idea: from },
    { key: "into", label: t("loop.mergeCheck.target"), idea: into },
  ];
  return (
    <section ref={ref} tabIndex={-1} id="merge-confirm" aria-labelledby="merge-confirm-title" className="card border-amber-300 bg-amber-50/60 focus:outline-none">
      <h2 id="merge-confirm-title" className="text-lg font-semibold">
        {t("loop.mergeCheck.title", { from: from.number, into: into.number })}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("loop.mergeCheck.lead")}</p>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {sides.map(({ key, label, idea }) => (
          <div key={key} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</p>
            <p className="mt-1 break-words font-semibold">
              <Link to={`/g/${group.slug}/ideas/${idea.number}`}>
                #{idea.number} {idea.title}
              </Link>
            </p>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-slate-700">
              <StatusBadge status={idea.status} />
              <span>{t("ideas.votes", { count: format.number(idea.voteCount) })}</span>
              <span>· {t("ideas.followers", { count: format.number(idea.followerCount) })}</span>
            </p>
            {idea.authorName ? <p className="mt-1 text-xs text-slate-600">{idea.authorName}</p> : null}
          </div>
        ))}
      </div>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-800">
        <li>
          {t("loop.mergeCheck.votes", { count: format.number(preview.votes.move), into: into.number })}
          {preview.votes.already > 0 ? ` ${t("loop.mergeCheck.votesAlready", { count: format.number(preview.votes.already) })}` : null}
        </li>
        <li>
          {t("loop.mergeCheck.follows", { count: format.number(preview.follows.move), into: into.number })}
          {preview.follows.already > 0 ? ` ${t("loop.mergeCheck.followsAlready", { count: format.number(preview.follows.already) })}` : null}
        </li>
        <li>{t("loop.mergeCheck.becomesMerged", { from: from.number, into: into.number })}</li>
        <li>{t("loop.mergeCheck.told", { from: from.number })}</li>
      </ul>
      {preview.response ? (
        <div className="mt-3 text-sm">
          <p className="font-medium">{t("loop.mergeMessage")}</p>
          <p className="mt-1 whitespace-pre-line break-words rounded-md border border-slate-200 bg-white p-2">{preview.response}</p>
        </div>
      ) : null}
      <Form method="post" className="mt-4 flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="merge" />
        <input type="hidden" name="into" value={into.number} />
        {preview.response ? <input type="hidden" name="response" value={preview.response} /> : null}
        <input type="hidden" name="confirm" value="1" />
        <SubmitButton intent="merge">{t("loop.mergeCheck.submit", { from: from.number, into: into.number })}</SubmitButton>
        <Link to={`${location.pathname}${location.search}`} className="btn-secondary">
          {t("common.cancel")}
        </Link>
      </Form>
    </section>
  );
}

/** Staff undo a merge (within its window): posted to the merged idea's own page, from there or from the target's timeline. */
function UnmergeForm({ number, into, until }: { number: number; into: number; until?: number }) {
  const t = useT();
  const format = useFormat();
  const { group } = useGroup();
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-blue-800">{t("loop.unmerge", { number })}</summary>
      <Form method="post" action={`/g/${group.slug}/ideas/${number}?original=1`} className="mt-2 space-y-2">
        <p className="text-slate-700">{t("loop.unmergeLead", { number, into })}</p>
        {until ? <p className="text-xs text-slate-600">{t("loop.unmergeUntil", { date: format.date(until) })}</p> : null}
        <SubmitButton intent="unmerge" className="btn-secondary">
          {t("loop.unmergeConfirm", { number })}
        </SubmitButton>
      </Form>
    </details>
  );
}

/** Merge this idea into another: votes and followers move there, and this idea's address leads to it. */
function MergeForm({ candidates }: { candidates: { number: number; title: string }[] }) {
  const t = useT();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const refused = actionData?.formId === "merge" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const message = refused?.error ? Object.values(refused.error).flat()[0] : undefined;
  return (
    <details className="mt-3" open={Boolean(message)}>
      <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("loop.merge")}</summary>
      <Form method="post" className="mt-2 space-y-3">
        <input type="hidden" name="intent" value="merge" />
        <p className="text-sm text-slate-700">{t("loop.mergeLead")}</p>
        {message ? <FormErrors errors={[message]} /> : null}
        <div>
          <label htmlFor="merge-into" className="block text-sm font-medium">
            {t("loop.mergeInto")}
          </label>
          <input id="merge-into" name="into" inputMode="numeric" pattern="[0-9]*" required list="merge-candidates" className="input mt-1 sm:w-40" aria-describedby="merge-into-hint" />
          <datalist id="merge-candidates">
            {candidates.map((c) => (
              <option key={c.number} value={c.number}>
                {c.title}
              </option>
            ))}
          </datalist>
          <p id="merge-into-hint" className="mt-1 text-sm text-slate-600">
            {t("loop.mergeIntoHint")}
          </p>
          {candidates.length > 0 ? (
            <ul className="mt-1 text-sm text-slate-700">
              {candidates.map((c) => (
                <li key={c.number}>
                  #{c.number} {c.title}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div>
          <label htmlFor="merge-response" className="block text-sm font-medium">
            {t("loop.mergeMessage")}
          </label>
          <textarea id="merge-response" name="response" rows={2} maxLength={10_000} className="input mt-1" />
        </div>
        <SubmitButton className="btn-secondary">{t("loop.mergeConfirm")}</SubmitButton>
      </Form>
    </details>
  );
}

function FollowButton({ following, count }: { following: boolean; count: number }) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher();
  const pending = fetcher.formData ? fetcher.formData.get("following") === "1" : null;
  const shown = pending ?? following;
  const shownCount = pending === null || pending === following ? count : count + (pending ? 1 : -1);
  return (
    <fetcher.Form method="post" className="flex items-center gap-2">
      <input type="hidden" name="intent" value="follow" />
      <input type="hidden" name="following" value={shown ? "0" : "1"} />
      <button type="submit" aria-pressed={shown} className={shown ? "btn-primary px-3 py-1" : "btn-secondary px-3 py-1"}>
        {shown ? t("ideas.following") : t("ideas.follow")}
      </button>
      <span className="text-slate-700">{t("ideas.followers", { count: format.number(shownCount) })}</span>
    </fetcher.Form>
  );
}

function TagEditor({ allTags, selected }: { allTags: { id: number; name: string; color: TagColor }[]; selected: number[] }) {
  const t = useT();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const refused = actionData?.formId === "tags" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const message = refused?.error ? (Object.values(refused.error).flat()[0] ?? undefined) : undefined;
  return (
    <details className="mt-3" open={Boolean(message)}>
      <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("ideas.editTags")}</summary>
      <Form method="post" className="mt-2 space-y-3">
        {message ? <FormErrors errors={[message]} /> : null}
        <fieldset>
          <legend className="sr-only">{t("ideas.form.tags")}</legend>
          <div className="flex flex-wrap gap-3">
            {allTags.map((tag) => (
              <label key={tag.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="tags" value={tag.id} defaultChecked={selected.includes(tag.id)} className="h-4 w-4" />
                <TagChip tag={tag} />
              </label>
            ))}
          </div>
        </fieldset>
        <SubmitButton intent="tags" className="btn-secondary">
          {t("ideas.saveTags")}
        </SubmitButton>
      </Form>
    </details>
  );
}

type CommentData = ReturnType<typeof useLoaderData<typeof loader>>["comments"]["threads"][number];

/** What the viewer may do with comments here: reply and edit on a live idea; delete their own words always. */
type CommentCan = { reply: boolean; deleteOwn: boolean };

/** `version` changes when the thread gets a reply, which closes and empties the reply form that sent it. */
function CommentItem({ comment, can, isReply = false, version }: { comment: Omit<CommentData, "replies">; can: CommentCan; isReply?: boolean; version: number }) {
  const t = useT();
  const format = useFormat();
  const { group } = useGroup();
  if (comment.deleted) {
    return (
      <article id={`comment-${comment.id}`} className="rounded-lg border border-dashed border-slate-300 p-3 text-sm italic text-slate-600">
        {t("ideas.comments.deleted")}
      </article>
    );
  }
  const mine = comment.body !== null;
  return (
    <article id={`comment-${comment.id}`} aria-label={t("ideas.comments.by", { name: comment.authorName ?? t("common.unknown") })} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4">
      <header className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <Avatar name={comment.authorName ?? "?"} id={comment.authorId} />
        {comment.authorId && comment.authorGroupRole ? (
          <Link to={`/g/${group.slug}/members/${comment.authorId}`} className="font-semibold">
            {comment.authorName}
          </Link>
        ) : (
          <span className="font-semibold">{comment.authorName ?? t("common.unknown")}</span>
        )}
        <RoleBadge role={comment.authorGroupRole ?? "member"} orgRole={comment.authorOrgRole ?? undefined} />
        <span className="text-xs text-slate-600">
          {format.dateTime(comment.createdAt)}
          {comment.editedAt ? ` · ${t("ideas.comments.edited")}` : null}
        </span>
      </header>
      <Markdown html={comment.html} />
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {can.reply ? (
          <CommentDisclosure id={comment.id} param="replyTo" label={t("ideas.comments.reply")} closeOn={version}>
            {(focus) => (
              // A reply to a reply joins the same thread (the server attaches it to the top-level comment).
              <CommentForm
                formId={`reply-${comment.id}`}
                intent="comment"
                parentId={comment.id}
                defaultBody={isReply && comment.authorHandle ? `@${comment.authorHandle} ` : ""}
                label={t("ideas.comments.replyTo", { name: comment.authorName ?? t("common.unknown") })}
                submitLabel={t("ideas.comments.sendReply")}
                autoFocus={focus}
              />
            )}
          </CommentDisclosure>
        ) : null}
        {mine && can.reply ? (
          <CommentDisclosure id={comment.id} param="edit" label={t("ideas.comments.edit")} closeOn={comment.editedAt ?? 0}>
            {(focus) => <CommentForm formId={`edit-${comment.id}`} intent="editComment" commentId={comment.id} defaultBody={comment.body ?? ""} label={t("ideas.comments.editLabel")} submitLabel={t("common.save")} autoFocus={focus} />}
          </CommentDisclosure>
        ) : null}
        {mine && can.deleteOwn ? (
          <details className="w-full">
            <summary className="cursor-pointer font-medium text-red-800">{t("ideas.comments.delete")}</summary>
            <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
              <input type="hidden" name="commentId" value={comment.id} />
              <span className="text-slate-700">{t("ideas.comments.deleteLead")}</span>
              <SubmitButton intent="deleteComment" className="btn-secondary border-red-300 px-3 py-1 text-red-800 hover:bg-red-50">
                {t("ideas.comments.deleteConfirm")}
              </SubmitButton>
            </Form>
          </details>
        ) : null}
      </div>
    </article>
  );
}

/** A reply or edit form of one comment, open when the address asks for it (?replyTo=12) or its submission was refused. */
function CommentDisclosure({ id, param, label, closeOn, children }: { id: number; param: "replyTo" | "edit"; label: string; closeOn: number; children: (focus: boolean) => ReactNode }) {
  const [params] = useSearchParams();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const refused = actionData?.formId === `${param === "replyTo" ? "reply" : "edit"}-${id}` && !actionData.ok;
  return (
    <Disclosure href={`?${param}=${id}#comment-${id}`} label={label} open={refused || params.get(param) === String(id)} closeOn={closeOn}>
      {children}
    </Disclosure>
  );
}

function CommentForm({ formId, intent, parentId, commentId, defaultBody = "", label, submitLabel, autoFocus = false }: { formId: string; intent: "comment" | "editComment"; parentId?: number; commentId?: number; defaultBody?: string; label: string; submitLabel: string; autoFocus?: boolean }) {
  const t = useT();
  const { group } = useGroup();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [form, fields] = useForm({
    id: formId,
    lastResult: actionData?.formId === formId ? (actionData.result as SubmissionResult<string[]> | null) : undefined,
    defaultValue: { intent, body: defaultBody, parentId: parentId ? String(parentId) : undefined, commentId: commentId ? String(commentId) : undefined },
    constraint: getZodConstraint(commentFormSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: commentFormSchema }),
  });
  const error = translateError(t, fields.body.errors?.[0]);
  const { key, ...textarea } = getTextareaProps(fields.body, { ariaAttributes: true });
  const hint = t("ideas.comments.hint");
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <FormErrors errors={form.errors} id={form.errorId} />
      <input type="hidden" name="intent" value={intent} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
      <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <MentionTextarea key={key} {...textarea} slug={group.slug} autoFocus={autoFocus} rows={intent === "comment" && !parentId ? 4 : 3} maxLength={COMMENT_MAX} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(fields.body.id, hint, error)} />
      <Help id={fields.body.id} hint={hint} error={error} />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
