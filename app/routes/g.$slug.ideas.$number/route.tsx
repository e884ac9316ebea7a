import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { requireIdea } from "~/auth/group.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { Markdown, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge, TagChip, VoteButton } from "~/components/idea";
import { FormErrors, Notice, SubmitButton } from "~/components/ui/form";
import { isListed } from "~/domain/predicates";
import { ModerationBanner } from "~/features/moderation/components/moderation-banner";
import { MuteNotice, ReportForm } from "~/features/moderation/components/report-form";
import { myMute, myOpenReports } from "~/features/moderation/queries/my-reports.server";
import { myAppeals } from "~/features/moderation/queries/my-appeals.server";
import { canErase, canReview } from "~/features/moderation/rules";
import { EraseForm } from "~/features/moderation/components/erase-form";
import type { MessageKey } from "~/i18n";
import { canViewGroup } from "~/policy";
import { Discussion } from "./components/discussion";
import { FollowButton, TagEditor } from "./components/idea-actions";
import { MergeConfirmation, MergeForm, UnmergeForm } from "./components/loop-forms";
import { StaffPanels } from "./components/staff-panels";
import { ideaPageAction } from "./intents.server";
import { readIdeaPage } from "./read-model.server";
import type { ActionData, CommentCan } from "./types";
import { viewSearch } from "./view-search";

// The idea page: the idea, its discussion and history, and what the viewer may do there. What the loader reads is
// read-model.server.ts, what the forms do is intents.server.ts (a table of commands), its parts are components/.

export const ErrorBoundary = RouteErrorBoundary;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const group = matches.find((m) => m.id === "routes/g.$slug")?.data as { group?: { name: string } } | undefined;
  return [{ title: [data ? `${data.idea.title} (#${data.idea.number})` : null, group?.group?.name, "Kaiku"].filter(Boolean).join(" · ") }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, idea } = await requireIdea(request, params);
  const page = readIdeaPage(access, idea, new URL(request.url).searchParams);
  const { group, user, viewer, readOnly } = access;
  // The report forms and moderation marks: the viewer's own open reports here, and their mute in force, if any.
  const moderation = {
    ideaId: idea.id,
    reports: myOpenReports({ groupId: group.id, ideaId: idea.id, viewerId: user.id }),
    mute: myMute(group.id, user.id),
    canReport: canViewGroup(viewer) && !readOnly,
    reviewer: canReview(viewer),
    reviewHref: `/g/${group.slug}/review`,
    // Staff and admins may delete an idea or a comment for good (erase-form.tsx).
    // Also in a read-only group: a legal request does not wait for the group to reopen.
    canErase: canErase(user.role),
    // The viewer's own hidden idea/comments here: "open" (may ask for a review) or "done" (asked).
    appeals: myAppeals({ ideaId: idea.id, viewerId: user.id, readOnly }),
  };
  return { ...page, moderation };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return ideaPageAction(request, params);
}

export default function IdeaPage() {
  const { idea, comments, events, voters, allTags, staff, mergedFrom, unmerge, undoable, viewerIsAuthor, mergeCandidates, can, moderation } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  const [params] = useSearchParams();
  const base = `/g/${group.slug}`;
  const commentCan: CommentCan = { reply: can.comment && !moderation.mute, deleteOwn: !group.readOnly };
  const reported = params.get("reported");
  const withdrawn = params.get("withdrawn");
  // A merge's message stops being the answer once the merge is undone.
  const latestResponse = [...events].reverse().find((e) => e.html && !(e.toStatus === "merged" && idea.status !== "merged"));
  // Comments and the idea's history in one timeline, oldest first.
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    // A link from before long discussions were shortened (an old e-mail) to a comment in an earlier conversation.
    const linked = /^#comment-(\d+)$/.exec(location.hash)?.[1];
    const paged = comments.hiddenComments > 0 || comments.laterComments > 0;
    if (linked && paged && !document.getElementById(`comment-${linked}`))
      navigate(`${viewSearch(params, { comment: Number(linked) })}#comment-${linked}`, { replace: true });
  }, [location.hash, comments.hiddenComments, comments.laterComments, navigate, params]);
  // The history shown is the part that happened within the page of the discussion shown (pages tile the time).
  const pageEvents = events.filter(
    (e) => (comments.since === null || e.createdAt >= comments.since) && (comments.until === null || e.createdAt < comments.until),
  );
  const timeline = [
    ...pageEvents.map((e) => ({ at: e.createdAt, event: e, comment: null })),
    ...comments.threads.map((c) => ({ at: c.createdAt, event: null, comment: c })),
  ].sort((a, b) => a.at - b.at);
  const mergePreview = actionData?.formId === "merge" && actionData.ok ? (actionData.mergePreview ?? null) : null;
  const unmergeRefused = actionData?.formId === "unmerge" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const unmergeMessage = unmergeRefused?.error ? Object.values(unmergeRefused.error).flat()[0] : undefined;
  return (
    <div className="space-y-6">
      {params.get("posted") && viewerIsAuthor ? <Notice>{t("ideas.posted")}</Notice> : null}
      {params.get("posted") && !viewerIsAuthor && idea.source ? (
        <Notice>{t("loop.record.posted", { name: idea.authorName ?? t("common.unknown") })}</Notice>
      ) : null}
      {reported && /^(idea|comment)-\d+$/.test(reported) ? <Notice>{t("moderation.item.reported")}</Notice> : null}
      {withdrawn && /^(idea|comment)-\d+$/.test(withdrawn) ? <Notice>{t("moderation.item.withdrawnNotice")}</Notice> : null}
      {params.get("erased") === "comment" ? <Notice>{t("moderation.item.erase.doneComment")}</Notice> : null}
      {/^(idea|comment)-\d+$/.test(params.get("appealed") ?? "") ? <Notice>{t("moderation.item.appeal.sent")}</Notice> : null}
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
      <ModerationBanner
        item={idea}
        reviewer={moderation.reviewer && !viewerIsAuthor}
        reviewHref={moderation.reviewHref}
        appeal={viewerIsAuthor ? { itemType: "idea", itemId: moderation.ideaId, state: moderation.appeals[`idea:${moderation.ideaId}`] } : undefined}
      />
      <article aria-labelledby="idea-title" className="card">
        <p className="text-sm text-slate-600">
          <Link to={`${base}/ideas?board=${idea.boardSlug}`}>{idea.boardName}</Link> · #{idea.number}
        </p>
        <div className="mt-2 flex gap-4">
          <VoteButton number={idea.number} title={idea.title} voted={idea.voted} count={idea.voteCount} canVote={can.vote && !moderation.mute} size="lg" />
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
            {idea.source ? (
              <p className="mt-1 text-sm text-slate-700">
                {t("loop.recordedFrom", { name: idea.recorderName ?? t("common.unknown"), source: t(`loop.sourceLower.${idea.source}` as MessageKey) })}
              </p>
            ) : null}
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
            <p className="mt-1 text-xs text-slate-700">
              {t("groups.postedBy", { name: latestResponse.actorName ?? t("common.unknown"), date: format.dateTime(latestResponse.createdAt) })}
            </p>
            <Markdown html={latestResponse.html!} className="mt-2" />
          </section>
        ) : null}
        <div className="mt-5 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 text-sm">
          {group.readOnly || (!idea.following && !isListed(idea)) ? (
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
        {moderation.canReport && !viewerIsAuthor && idea.authorId && idea.hiddenAt === null && idea.heldAt === null ? (
          <div className="mt-3 text-sm">
            <ReportForm itemType="idea" itemId={moderation.ideaId} reported={moderation.reports[`idea:${moderation.ideaId}`]} mute={moderation.mute} />
          </div>
        ) : moderation.mute && !viewerIsAuthor ? (
          <MuteNotice mute={moderation.mute} className="mt-3" />
        ) : null}
        {moderation.canErase && idea.erasedAt === null ? <EraseForm itemType="idea" itemId={moderation.ideaId} className="mt-3 text-sm" /> : null}
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
            {idea.voteCount > voters.length ? (
              <p className="mt-1 text-xs text-slate-600">{t("ideas.moreVoters", { count: format.number(idea.voteCount - voters.length) })}</p>
            ) : null}
          </details>
        ) : null}
      </article>

      {staff ? <StaffPanels staff={staff} status={idea.status} eventCount={events.length} can={{ respond: can.respond, addNote: can.addNote }} /> : null}

      <Discussion
        idea={idea}
        timeline={timeline}
        comments={comments}
        latestResponseId={latestResponse?.id}
        undoable={undoable}
        commentCan={commentCan}
        canComment={can.comment}
        moderation={moderation}
      />
    </div>
  );
}
