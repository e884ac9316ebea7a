import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { voteFromForm } from "~/actions/vote.server";
import { requireGroupAccess, requireIdea, type GroupAccess } from "~/auth/group.server";
import { execute, type Actor, type Command } from "~/commands/command.server";
import { addComment } from "~/features/ideas/commands/add-comment.server";
import { deleteComment } from "~/features/ideas/commands/delete-comment.server";
import { editComment } from "~/features/ideas/commands/edit-comment.server";
import { setFollow } from "~/features/ideas/commands/set-follow.server";
import { setIdeaTags } from "~/features/ideas/commands/set-idea-tags.server";
import { withdrawIdea } from "~/features/ideas/commands/withdraw-idea.server";
import { addNote } from "~/features/loop/commands/add-note.server";
import { changeStatus } from "~/features/loop/commands/change-status.server";
import { mergeFailure, mergeIdeas } from "~/features/loop/commands/merge-ideas.server";
import { unmergeIdea } from "~/features/loop/commands/unmerge-idea.server";
import { previewMerge } from "~/features/loop/queries/merge-preview.server";
import { reportItem } from "~/features/moderation/commands/report-item.server";
import { withdrawReport } from "~/features/moderation/commands/withdraw-report.server";
import { appealItem } from "~/features/moderation/commands/appeal-item.server";
import { isCommentOf } from "~/features/moderation/queries/my-appeals.server";
import { eraseAction } from "~/features/moderation/erase-action.server";
import { REPORT_NOTE_MAX, REPORT_REASONS } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import type { Translate } from "~/i18n";
import { serverTranslator } from "~/i18n/locale.server";
import { canMergeIdeas } from "~/policy";
import { ideaPageSchema } from "~/schemas/idea";
import type { PageIdea } from "./read-model.server";
import { viewSearch } from "./view-search";

/**
 * The idea page's action as a table: each intent parses the form's values into a command's input, executes the
 * command, and answers (a redirect to where the change shows, or the form's data). A refusal is answered in one
 * way for all of them (submissionFailure: 404 and a bare 403 thrown, anything else beside the form it came from
 * with its status). Who may act is the command's rule, not the table's.
 */

type PageValues = z.infer<typeof ideaPageSchema>;
type IntentName = PageValues["intent"];
type ValuesOf<K extends IntentName> = Extract<PageValues, { intent: K }>;

type IntentContext = {
  request: Request;
  access: GroupAccess;
  idea: PageIdea;
  actor: Actor;
  t: Translate;
  formId: string;
  submission: Submission<unknown>;
  here: string;
};
type Handler<K extends IntentName> = (c: IntentContext, v: ValuesOf<K>) => unknown;

/** One row of the table: intent -> parse -> execute(command) -> respond. */
function run<K extends IntentName, I, S, R>(
  command: Command<I, S, R>,
  parse: (c: IntentContext, v: ValuesOf<K>) => I,
  respond: (c: IntentContext, value: R, v: ValuesOf<K>) => unknown,
): Handler<K> {
  return (c, v) => {
    const result = execute(command, c.actor, parse(c, v));
    if (!result.ok) return submissionFailure(c.submission, result.error, c.t, { formId: c.formId });
    return respond(c, result.value, v);
  };
}

const target = (c: IntentContext) => ({ groupId: c.access.group.id, number: c.idea.number });

const INTENTS: { [K in IntentName]: Handler<K> } = {
  follow: run(
    setFollow,
    (c, v) => ({ ...target(c), following: v.following }),
    (c) => data({ formId: c.formId, result: null, ok: true }),
  ),
  comment: run(
    addComment,
    (c, v) => ({ ...target(c), body: v.body, parentId: v.parentId ?? null }),
    (c, added) => redirect(`${c.here}?comment=${added.id}#comment-${added.id}`),
  ),
  editComment: run(
    editComment,
    (c, v) => ({ ...target(c), commentId: v.commentId, body: v.body }),
    (c, edited) => redirect(`${c.here}?comment=${edited.id}#comment-${edited.id}`),
  ),
  // After deleting, the reader stays on the page of the discussion they were reading.
  deleteComment: run(
    deleteComment,
    (c, v) => ({ ...target(c), commentId: v.commentId }),
    (c) => redirect(`${c.here}${viewSearch(new URL(c.request.url).searchParams)}#comments`),
  ),
  withdraw: run(
    withdrawIdea,
    (c) => target(c),
    (c) => redirect(c.here),
  ),
  tags: run(
    setIdeaTags,
    (c, v) => ({ ...target(c), tagIds: v.tags }),
    (c) => redirect(c.here),
  ),
  status: run(
    changeStatus,
    (c, v) => ({ ...target(c), status: v.status, response: v.response }),
    (c) => redirect(`${c.here}?responded=1#timeline`),
  ),
  note: run(
    addNote,
    (c, v) => ({ ...target(c), body: v.body }),
    (c) => redirect(`${c.here}#notes`),
  ),
  merge: (c, v) => {
    // First the confirmation: both ideas and what would move (a read, with the merge's own refusals in its order).
    // Only a submission carrying `confirm` merges.
    if (!v.confirm) {
      const { viewer, readOnly, group } = c.access;
      const refused = !canMergeIdeas(viewer, false) ? fail.forbidden() : readOnly ? fail.readOnly() : null;
      if (refused) return submissionFailure(c.submission, refused, c.t, { formId: c.formId });
      const preview = previewMerge({ group, fromNumber: c.idea.number, intoNumber: v.into, actor: c.actor });
      if (!preview.ok) return submissionFailure(c.submission, mergeFailure(preview.error), c.t, { formId: c.formId });
      return data({ formId: c.formId, result: null, ok: true, mergePreview: { ...preview.preview, response: v.response } });
    }
    return run(
      mergeIdeas,
      (c2: IntentContext, v2: ValuesOf<"merge">) => ({ groupId: c2.access.group.id, fromNumber: c2.idea.number, intoNumber: v2.into, response: v2.response }),
      (c2, merged) => redirect(`/g/${c2.access.group.slug}/ideas/${merged.intoNumber}?from=${c2.idea.number}`),
    )(c, v);
  },
  unmerge: run(
    unmergeIdea,
    (c) => target(c),
    (c) => redirect(`${c.here}?unmerged=1#timeline`),
  ),
};

const formOrigin = z.object({
  intent: z.string().max(20).catch(""),
  parentId: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional()
    .catch(undefined),
  commentId: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional()
    .catch(undefined),
});

/** Which form a submission came from, so its errors show beside it (read before the full parse). */
function formIdOf(formData: FormData): string {
  const { intent, parentId, commentId } = formOrigin.parse({
    intent: formData.get("intent") ?? "",
    parentId: formData.get("parentId") ?? undefined,
    commentId: formData.get("commentId") ?? undefined,
  });
  if (intent === "status" || intent === "note" || intent === "merge" || intent === "unmerge" || intent === "tags") return intent;
  if (intent === "editComment") return `edit-${commentId ?? ""}`;
  return parentId ? `reply-${parentId}` : "comment";
}

/** The report forms (the idea's and each comment's): read before the page's own schema, which does not know them. */
const reportSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("report"),
      itemType: z.enum(["idea", "comment"]),
      itemId: z.string().regex(/^\d{1,12}$/),
      reason: z.enum(REPORT_REASONS, { message: "moderation.item.error.reason" }),
      note: z.string().max(REPORT_NOTE_MAX, { message: "moderation.item.error.noteTooLong" }).optional(),
    })
    .strict(),
  z.object({ intent: z.literal("withdraw-report"), itemType: z.enum(["idea", "comment"]), itemId: z.string().regex(/^\d{1,12}$/) }).strict(),
]);
const REPORT_INTENTS = new Set(["report", "withdraw-report"]);

/** Where a reported item shows on the page (the idea's title, or the comment). */
const anchorOf = (itemType: "idea" | "comment", itemId: string) => (itemType === "idea" ? "#idea-title" : `#comment-${itemId}`);

function reportAction(c: Omit<IntentContext, "submission" | "formId">, formData: FormData) {
  const itemType = formData.get("itemType") === "idea" ? "idea" : "comment";
  const rawId = String(formData.get("itemId") ?? "");
  const formId = `report-${itemType}-${/^\d{1,12}$/.test(rawId) ? rawId : ""}`;
  const submission = parseWithZod(formData, { schema: reportSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply(), ok: false }, { status: 400 });
  const v = submission.value;
  const groupId = c.access.group.id;
  // The comment must be one of this idea's: a report posted to another idea's page is refused like an unknown item.
  if (v.itemType === "idea" && v.itemId !== String(c.idea.id)) throw new Response("Not found", { status: 404 });
  const result =
    v.intent === "report"
      ? execute(reportItem, c.actor, { groupId, itemType: v.itemType, itemId: v.itemId, reason: v.reason, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })
      : execute(withdrawReport, c.actor, { groupId, itemType: v.itemType, itemId: v.itemId });
  if (!result.ok) return submissionFailure(submission, result.error, c.t, { formId });
  const search = new URLSearchParams(new URL(c.request.url).searchParams);
  search.delete("reported");
  search.delete("withdrawn");
  search.set(v.intent === "report" ? "reported" : "withdrawn", `${v.itemType}-${v.itemId}`);
  return redirect(`${c.here}?${search.toString()}${anchorOf(v.itemType, v.itemId)}`);
}

/** The author's "ask for a review" of their hidden idea or comment (helper G): read before the page's own schema. */
const appealSchema = z
  .object({
    intent: z.literal("appeal"),
    itemType: z.enum(["idea", "comment"]),
    itemId: z.string().regex(/^\d{1,12}$/),
    note: z.string().max(REPORT_NOTE_MAX, { message: "moderation.appeal.noteTooLong" }).optional(),
  })
  .strict();

function appealAction(c: Omit<IntentContext, "submission" | "formId">, formData: FormData) {
  const itemType = formData.get("itemType") === "idea" ? "idea" : "comment";
  const rawId = String(formData.get("itemId") ?? "");
  const formId = `appeal-${itemType}-${/^\d{1,12}$/.test(rawId) ? rawId : ""}`;
  const submission = parseWithZod(formData, { schema: appealSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply(), ok: false }, { status: 400 });
  const v = submission.value;
  const onThisPage = v.itemType === "idea" ? v.itemId === String(c.idea.id) : isCommentOf(Number(v.itemId), c.idea.id);
  if (!onThisPage) throw new Response("Not found", { status: 404 });
  const note = v.note?.trim();
  const result = execute(appealItem, c.actor, { groupId: c.access.group.id, itemType: v.itemType, itemId: v.itemId, ...(note ? { note } : {}) });
  if (!result.ok) return submissionFailure(submission, result.error, c.t, { formId });
  return redirect(`${c.here}?appealed=${v.itemType}-${v.itemId}${anchorOf(v.itemType, v.itemId)}`);
}

export async function ideaPageAction(request: Request, params: { slug?: string; number?: string }) {
  const access = await requireGroupAccess(request, params.slug);
  const formData = await request.formData();
  // A vote, by far the most frequent action, needs only the group access: the command finds the idea itself (404).
  if (formData.get("intent") === "vote") return voteFromForm(request, access, formData, params.number);
  const { idea } = await requireIdea(request, params);
  const t = serverTranslator(request, access.user);
  const here = `/g/${access.group.slug}/ideas/${idea.number}`;
  if (formData.get("intent") === "erase") return eraseAction({ request, access, idea, actor: actorOf(access.user), t, here }, formData);
  if (formData.get("intent") === "appeal") return appealAction({ request, access, idea, actor: actorOf(access.user), t, here }, formData);
  if (REPORT_INTENTS.has(String(formData.get("intent")))) return reportAction({ request, access, idea, actor: actorOf(access.user), t, here }, formData);
  const formId = formIdOf(formData);
  const submission = parseWithZod(formData, { schema: ideaPageSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply(), ok: false }, { status: 400 });
  const v = submission.value;
  const c: IntentContext = { request, access, idea, actor: actorOf(access.user), t, formId, submission, here };
  return (INTENTS[v.intent] as Handler<IntentName>)(c, v as never);
}
