import { redirect } from "@remix-run/node";
import { notFoundPage, type GroupAccess } from "~/auth/group.server";
import { isModeratedAway } from "~/domain/predicates";
import { canReview } from "~/features/moderation/rules";
import { canMergeIdea, canUnmerge, mergeRefusal, UNMERGE_WINDOW_MS } from "~/features/loop/merge-policy";
import { findCurrentMerge, undoableMergesInto } from "~/features/loop/queries/merges.server";
import { listNotes } from "~/features/loop/queries/notes.server";
import { authorContext } from "~/features/loop/queries/queue.server";
import { findSavedReply, listSavedReplies } from "~/features/loop/queries/saved-replies.server";
import { listEvents } from "~/features/loop/queries/timeline.server";
import { listComments, renderGroupMarkdown } from "~/models/comment.server";
import { appealedBefore, findIdea, listVoters } from "~/models/idea.server";
import { similarIdeas } from "~/models/search.server";
import { listTags } from "~/models/tag.server";
import { canComment, canEditIdea, canRespond, canSeeInternalNotes, canSeeVoters, canTagIdea, canVote, canWithdrawIdea, isIdeaLive } from "~/policy";
import { composerParams } from "~/schemas/idea";
import { fillPlaceholders } from "~/utils/reply-tools";

export type PageIdea = NonNullable<ReturnType<typeof findIdea>>;

/**
 * Everything the idea page shows, for one viewer: the idea, one page of its discussion, its history, and what the
 * viewer may do (the rules of policy.ts, only deciding what to offer: the commands enforce them). Staff's parts
 * (notes, saved replies, the author's context) are read only for staff and never reach a member's loader data.
 */
export function readIdeaPage(access: GroupAccess, idea: PageIdea, search: URLSearchParams) {
  const { group, user, viewer, readOnly } = access;
  // Moderated away (hidden, held, erased): a 404 for everyone but its author and the group's reviewers.
  const reviewer = canReview(viewer);
  const isAuthor = idea.authorId !== null && idea.authorId === user.id;
  const moderated = isModeratedAway(idea);
  if (moderated && !isAuthor && !reviewer) notFoundPage();
  const query = composerParams.parse(Object.fromEntries(search));
  // A merged idea's address leads to the idea it was merged into (its own page stays readable with ?original=1).
  if (idea.status === "merged" && idea.mergedIntoNumber !== null && !query.original)
    throw redirect(`/g/${group.slug}/ideas/${idea.mergedIntoNumber}?from=${idea.number}`);
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
  const events = listEvents(idea.id, { reviewer }).map(({ response, ...e }) => ({ ...e, html: response ? renderGroupMarkdown(group, response) : null }));
  const saved = can.respond ? listSavedReplies() : [];
  const chosen = can.respond && query.reply ? findSavedReply(query.reply) : null;
  const context = { name: idea.authorName ?? "", idea: idea.title, group: group.name };
  // "?from=12" after a merge: said only when #12 really was merged into this idea.
  const from = query.from ? findIdea({ groupId: group.id, number: query.from, viewerId: user.id }) : null;
  const mergedFrom = from && from.mergedIntoId === idea.id && (!isModeratedAway(from) || reviewer) ? from.number : null;
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
      hiddenAt: idea.hiddenAt,
      hiddenReason: idea.hiddenReason,
      heldAt: idea.heldAt,
      erasedAt: idea.erasedAt,
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
    // How the idea is moderated, for its author (banner with the reason, the appeal form) and reviewers (marked).
    moderated: {
      hidden: idea.hiddenAt !== null,
      held: idea.heldAt !== null,
      erased: idea.erasedAt !== null,
      hiddenReason: idea.hiddenAt !== null ? idea.hiddenReason : null,
      // The author may ask for a review once, of a hidden idea (not a held one: that waits in the queue anyway).
      canAppeal: isAuthor && idea.hiddenAt !== null && idea.heldAt === null && idea.erasedAt === null && !readOnly && !appealedBefore("idea", String(idea.id)),
      reviewer: moderated && reviewer,
    },
    comments: listComments({
      group,
      ideaId: idea.id,
      viewerId: user.id,
      show: query.comments === "all" ? "first" : "latest",
      before: query.before ?? null,
      after: query.after ?? null,
      around: query.comment ?? query.replyTo ?? query.edit ?? null,
      reviewer,
    }),
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
    mergeCandidates: can.merge
      ? similarIdeas({ groupId: group.id, text: idea.title, viewerId: user.id, limit: 6 }).filter((s) => s.number !== idea.number)
      : [],
    can,
  };
}
