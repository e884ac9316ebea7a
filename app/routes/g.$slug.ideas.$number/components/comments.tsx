import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { Avatar, Markdown, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { MentionTextarea } from "~/components/mention-textarea";
import { Disclosure } from "~/components/ui/disclosure";
import { describedBy, FormErrors, Help, SubmitButton } from "~/components/ui/form";
import type { ReportReason } from "~/domain/constants";
import { ModerationBanner } from "~/features/moderation/components/moderation-banner";
import { ReportForm, type ViewerMute } from "~/features/moderation/components/report-form";
import { EraseForm } from "~/features/moderation/components/erase-form";
import { translateError } from "~/i18n";
import { COMMENT_MAX, commentFormSchema } from "~/schemas/idea";
import type { ActionData, CommentCan, CommentData } from "../types";

/** What the page knows for the report forms and moderation marks (the route's loader: my-reports.server.ts). */
export type ItemModeration = {
  reports: Record<string, ReportReason>;
  mute: ViewerMute | null;
  canReport: boolean;
  reviewer: boolean;
  reviewHref: string;
  /** The viewer's own hidden items here: "open" (may ask for a review) or "done" (my-appeals.server.ts). */
  appeals?: Record<string, "open" | "done">;
  /** Staff and admins: "Delete for good" (erase-form.tsx). */
  canErase?: boolean;
};

/** `version` changes when the thread gets a reply, which closes and empties the reply form that sent it. */
export function CommentItem({
  comment,
  can,
  isReply = false,
  version,
  moderation,
}: {
  comment: Omit<CommentData, "replies">;
  can: CommentCan;
  isReply?: boolean;
  version: number;
  moderation?: ItemModeration;
}) {
  const t = useT();
  const format = useFormat();
  const { group } = useGroup();
  if (comment.deleted || comment.hiddenByModerator) {
    return (
      <article id={`comment-${comment.id}`} className="rounded-lg border border-dashed border-slate-300 p-3 text-sm italic text-slate-600">
        {comment.hiddenByModerator ? t("moderation.item.placeholder") : t("ideas.comments.deleted")}
      </article>
    );
  }
  const mine = comment.body !== null;
  return (
    <article
      id={`comment-${comment.id}`}
      aria-label={t("ideas.comments.by", { name: comment.authorName ?? t("common.unknown") })}
      className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4"
    >
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
      {moderation ? (
        <ModerationBanner
          item={{
            hiddenAt: comment.moderation === "hidden" ? 1 : null,
            hiddenReason: comment.hiddenReason ?? null,
            heldAt: comment.moderation === "held" ? 1 : null,
          }}
          reviewer={moderation.reviewer && !mine}
          reviewHref={moderation.reviewHref}
          className="mb-2"
          appeal={mine ? { itemType: "comment", itemId: comment.id, state: moderation.appeals?.[`comment:${comment.id}`] } : undefined}
        />
      ) : null}
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
            {(focus) => (
              <CommentForm
                formId={`edit-${comment.id}`}
                intent="editComment"
                commentId={comment.id}
                defaultBody={comment.body ?? ""}
                label={t("ideas.comments.editLabel")}
                submitLabel={t("common.save")}
                autoFocus={focus}
              />
            )}
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
        {moderation?.canReport && !mine && comment.authorId && !comment.moderation ? (
          <ReportForm itemType="comment" itemId={comment.id} reported={moderation.reports[`comment:${comment.id}`]} mute={moderation.mute} />
        ) : null}
        {moderation?.canErase ? <EraseForm itemType="comment" itemId={comment.id} /> : null}
      </div>
    </article>
  );
}

/** A reply or edit form of one comment, open when the address asks for it (?replyTo=12) or its submission was refused. */
export function CommentDisclosure({
  id,
  param,
  label,
  closeOn,
  children,
}: {
  id: number;
  param: "replyTo" | "edit";
  label: string;
  closeOn: number;
  children: (focus: boolean) => ReactNode;
}) {
  const [params] = useSearchParams();
  const actionData = useActionData() as ActionData | undefined;
  const refused = actionData?.formId === `${param === "replyTo" ? "reply" : "edit"}-${id}` && !actionData.ok;
  return (
    <Disclosure href={`?${param}=${id}#comment-${id}`} label={label} open={refused || params.get(param) === String(id)} closeOn={closeOn}>
      {children}
    </Disclosure>
  );
}

export function CommentForm({
  formId,
  intent,
  parentId,
  commentId,
  defaultBody = "",
  label,
  submitLabel,
  autoFocus = false,
}: {
  formId: string;
  intent: "comment" | "editComment";
  parentId?: number;
  commentId?: number;
  defaultBody?: string;
  label: string;
  submitLabel: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const { group } = useGroup();
  const actionData = useActionData() as ActionData | undefined;
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
      <MentionTextarea
        key={key}
        {...textarea}
        slug={group.slug}
        autoFocus={autoFocus}
        rows={intent === "comment" && !parentId ? 4 : 3}
        maxLength={COMMENT_MAX}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fields.body.id, hint, error)}
      />
      <Help id={fields.body.id} hint={hint} error={error} />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
