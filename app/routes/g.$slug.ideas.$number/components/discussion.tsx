import { Link, useSearchParams } from "@remix-run/react";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import type { IdeaStatus } from "~/domain/constants";
import { isListed } from "~/domain/predicates";
import { EventItem, type TimelineEvent } from "~/features/loop/components/feedback";
import type { CommentCan, CommentThreadData } from "../types";
import { viewSearch } from "../view-search";
import { MuteNotice } from "~/features/moderation/components/report-form";
import { CommentForm, CommentItem, type ItemModeration } from "./comments";
import { UnmergeForm } from "./loop-forms";

/** The page of the discussion shown, with the idea's history of that time, as the loader read it (listComments). */
export type DiscussionPage = { threads: CommentThreadData[]; hiddenComments: number; laterComments: number; firstId: number | null; lastId: number | null };
type Entry = { at: number; event: TimelineEvent | null; comment: CommentThreadData | null };

/**
 * Comments and the idea's history in one timeline, oldest first, with links to the earlier and later pages of a
 * long discussion, and the form for a new comment where the viewer may write one.
 */
export function Discussion({
  idea,
  timeline,
  comments,
  latestResponseId,
  undoable,
  commentCan,
  canComment,
  moderation,
}: {
  idea: {
    number: number;
    commentCount: number;
    withdrawnAt: number | null;
    status: IdeaStatus;
    hiddenAt: number | null;
    heldAt: number | null;
    erasedAt: number | null;
  };
  timeline: Entry[];
  comments: DiscussionPage;
  latestResponseId: number | undefined;
  undoable: number[];
  commentCan: CommentCan;
  canComment: boolean;
  moderation?: ItemModeration;
}) {
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  const [params] = useSearchParams();
  return (
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
              <EventItem slug={group.slug} event={event} latest={event.id === latestResponseId}>
                {event.kind === "merged_in" && event.related && undoable.includes(event.related.number) ? (
                  <UnmergeForm number={event.related.number} into={idea.number} />
                ) : null}
              </EventItem>
            </li>
          ) : c ? (
            <li key={`c${c.id}`}>
              <CommentItem comment={c} can={commentCan} version={c.replies.length} moderation={moderation} />
              {c.replies.length > 0 ? (
                <ol
                  className="ml-4 mt-3 space-y-3 border-l-2 border-slate-200 pl-3 sm:ml-8 sm:pl-4"
                  aria-label={t("ideas.comments.replies", { count: c.replies.length })}
                >
                  {c.replies.map((r) => (
                    <li key={r.id}>
                      <CommentItem comment={r} can={commentCan} isReply version={c.replies.length} moderation={moderation} />
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
      {canComment && moderation?.mute ? (
        <MuteNotice mute={moderation.mute} />
      ) : canComment ? (
        <div className="card">
          <CommentForm formId="comment" intent="comment" label={t("ideas.comments.new")} submitLabel={t("ideas.comments.submit")} key={idea.commentCount} />
        </div>
      ) : (
        <p className="text-sm text-slate-700">{!isListed(idea) ? t("ideas.closedForComments") : group.readOnly ? t("groups.readOnlyError") : null}</p>
      )}
    </section>
  );
}
