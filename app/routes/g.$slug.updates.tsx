import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireGroupAccess, requireGroupStaff } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { Markdown, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextareaField, TextField } from "~/components/ui/form";
import { deleteUpdate } from "~/features/groups/commands/delete-update.server";
import { editUpdate } from "~/features/groups/commands/edit-update.server";
import { publishUpdate } from "~/features/groups/commands/publish-update.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { canReview } from "~/features/moderation/rules";
import { reportItem } from "~/features/moderation/commands/report-item.server";
import { withdrawReport } from "~/features/moderation/commands/withdraw-report.server";
import { ReportForm } from "~/features/moderation/components/report-form";
import { myMute, myOpenReportOf } from "~/features/moderation/queries/my-reports.server";
import { REPORT_NOTE_MAX, REPORT_REASONS } from "~/domain/constants";
import { messageOf, statusOf } from "~/http/command-reply.server";
import { z } from "zod";
import { listPosts } from "~/models/group-post.server";
import { postSchema } from "~/schemas/group";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.updates");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, viewer, user } = await requireGroupAccess(request, params.slug);
  const posts = listPosts({ groupId: group.id, reviewer: canReview(viewer) });
  // Reporting an update (moderation): the viewer's open reports, and their mute in force.
  const reported = Object.fromEntries(
    posts.flatMap((p) => {
      const reason = p.authorId === user.id ? undefined : myOpenReportOf({ groupId: group.id, itemType: "update", itemId: p.id, viewerId: user.id });
      return reason ? [[p.id, reason]] : [];
    }),
  );
  return {
    posts: posts.map(({ authorId, ...p }) => ({ ...p, own: authorId === user.id })),
    reported,
    myMute: myMute(group.id, user.id),
  };
}

const reportForm = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("report"),
      itemType: z.literal("update"),
      itemId: z.string().min(1).max(40),
      reason: z.enum(REPORT_REASONS),
      note: z.string().max(REPORT_NOTE_MAX).optional(),
    })
    .strict(),
  z.object({ intent: z.literal("withdraw-report"), itemType: z.literal("update"), itemId: z.string().min(1).max(40) }).strict(),
]);

/** A member reports an update (or withdraws the report): anyone in the group, unlike the staff's own forms below. */
async function reportAction(request: Request, slug: string | undefined, formData: FormData) {
  const { group, user } = await requireGroupAccess(request, slug);
  const t = serverTranslator(request, user);
  const parsed = reportForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ formId: "report", result: null, message: null, reportError: t("common.formErrors") }, { status: 400 });
  const v = parsed.data;
  const done =
    v.intent === "report"
      ? execute(reportItem, actorOf(user), {
          groupId: group.id,
          itemType: "update",
          itemId: v.itemId,
          reason: v.reason,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        })
      : execute(withdrawReport, actorOf(user), { groupId: group.id, itemType: "update", itemId: v.itemId });
  if (!done.ok) return data({ formId: "report", result: null, message: null, reportError: messageOf(done.error, t) }, { status: statusOf(done.error) });
  return redirect(`/g/${group.slug}/updates?${v.intent === "report" ? "reported" : "withdrawn"}=1#post-${v.itemId}-title`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "report" || intent === "withdraw-report") return reportAction(request, params.slug, formData);
  const { group, user } = await requireGroupStaff(request, params.slug);
  const t = serverTranslator(request, user);
  const formId = String(formData.get("postId") ?? "new").slice(0, 40);
  const submission = parseWithZod(formData, { schema: postSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply(), message: null }, { status: 400 });
  const v = submission.value;
  const actor = actorOf(user);
  const fields = { title: "title" in v ? v.title : "", body: "body" in v ? v.body : "", pinned: "pinned" in v ? v.pinned : false };
  const result =
    v.intent === "delete"
      ? execute(deleteUpdate, actor, { groupId: group.id, postId: v.postId })
      : v.intent === "create"
        ? execute(publishUpdate, actor, { groupId: group.id, ...fields })
        : execute(editUpdate, actor, { groupId: group.id, postId: v.postId, ...fields });
  if (!result.ok) return submissionFailure(submission, result.error, t, { formId, message: null });
  const done = { delete: "groups.updates.deleted", create: "groups.updates.created", update: "groups.updates.saved" } as const;
  return { formId, result: submission.reply({ resetForm: v.intent === "create" }), message: t(done[v.intent]) };
}

function PostForm({ post }: { post?: { id: string; title: string; body: string; pinned: boolean } }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const formId = post?.id ?? "new";
  const [form, fields] = useForm({
    id: `post-${formId}`,
    lastResult: actionData?.formId === formId ? actionData.result : undefined,
    defaultValue: post ? { title: post.title, body: post.body, pinned: post.pinned ? "on" : undefined } : undefined,
    constraint: getZodConstraint(postSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: postSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {post ? <input type="hidden" name="postId" value={post.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField meta={fields.title} label={t("groups.updates.titleLabel")} />
      <TextareaField meta={fields.body} label={t("groups.updates.bodyLabel")} hint={t("groups.markdownHint")} rows={6} />
      <div className="flex items-center gap-2">
        <input {...getInputProps(fields.pinned, { type: "checkbox" })} key={fields.pinned.key} className="h-4 w-4" />
        <label htmlFor={fields.pinned.id} className="text-sm">
          {t("groups.updates.pin")}
        </label>
      </div>
      <SubmitButton intent={post ? "update" : "create"}>{post ? t("common.save") : t("groups.updates.publish")}</SubmitButton>
    </Form>
  );
}

export default function Updates() {
  const { posts, reported, myMute } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { can } = useGroup();
  const t = useT();
  const format = useFormat();
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr,22rem]">
      <section aria-labelledby="updates-title" className="min-w-0 space-y-4">
        <h2 id="updates-title" className="text-xl font-semibold">
          {t("groups.tab.updates")}
        </h2>
        {actionData?.message ? <Notice>{actionData.message}</Notice> : null}
        {searchParams.get("reported") ? <Notice>{t("moderation.item.reported")}</Notice> : null}
        {actionData && "reportError" in actionData && actionData.reportError ? (
          <p role="alert" className="text-sm text-red-800">
            {actionData.reportError}
          </p>
        ) : null}
        {posts.length === 0 ? <p className="card text-slate-700">{t("groups.noUpdates")}</p> : null}
        {posts.map((p) => (
          <article key={p.id} className="card" aria-labelledby={`post-${p.id}-title`}>
            {p.pinned ? <p className="text-xs font-semibold uppercase tracking-wide text-blue-900">{t("groups.pinned")}</p> : null}
            <h3 id={`post-${p.id}-title`} className="text-lg font-semibold">
              {p.title}
            </h3>
            <p className="mb-3 text-xs text-slate-600">{t("groups.postedBy", { name: p.authorName ?? t("common.unknown"), date: format.date(p.createdAt) })}</p>
            <Markdown html={p.html} />
            {!p.own && !p.hidden ? (
              <div className="mt-3">
                <ReportForm itemType="update" itemId={p.id} reported={reported[p.id]} mute={myMute} />
              </div>
            ) : null}
            {can.postUpdates ? (
              <details className="mt-4 border-t border-slate-200 pt-3">
                <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("groups.updates.edit", { title: p.title })}</summary>
                <div className="mt-3 space-y-4">
                  <PostForm post={p} />
                  <Form method="post">
                    <input type="hidden" name="postId" value={p.id} />
                    <button type="submit" name="intent" value="delete" className="btn-secondary border-red-300 text-red-800 hover:bg-red-50">
                      {t("groups.updates.delete")}
                    </button>
                  </Form>
                </div>
              </details>
            ) : null}
          </article>
        ))}
      </section>
      {can.postUpdates ? (
        <section aria-labelledby="new-post-title" className="card h-fit">
          <h2 id="new-post-title" className="mb-4 text-lg font-semibold">
            {t("groups.updates.new")}
          </h2>
          <PostForm />
        </section>
      ) : null}
    </div>
  );
}
