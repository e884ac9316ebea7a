import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgRole } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { useT } from "~/components/i18n";
import { PageHeader } from "~/components/layout";
import { FormErrors, Notice, SubmitButton } from "~/components/ui/form";
import { createSavedReply } from "~/features/loop/commands/create-saved-reply.server";
import { deleteSavedReply } from "~/features/loop/commands/delete-saved-reply.server";
import { updateSavedReply } from "~/features/loop/commands/update-saved-reply.server";
import { listSavedReplies } from "~/features/loop/queries/saved-replies.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { translateError } from "~/i18n";
import { serverTranslator } from "~/i18n/locale.server";
import { savedRepliesSchema } from "~/schemas/idea";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("replies.title");
export const ErrorBoundary = RouteErrorBoundary;

/** Saved replies are the product team's: staff and admins manage them. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgRole(request, "staff");
  return { replies: listSavedReplies().map((r) => ({ id: r.id, title: r.title, body: r.body })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireOrgRole(request, "staff");
  const t = serverTranslator(request, user);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: savedRepliesSchema });
  const typed = { title: String(formData.get("title") ?? "").slice(0, 200), body: String(formData.get("body") ?? "").slice(0, 20_000) };
  const formId = `reply-${String(formData.get("id") ?? "new").slice(0, 12)}`;
  if (submission.status !== "success") {
    const first = Object.values(submission.reply().error ?? {}).flat()[0];
    return data({ ok: false, formId, message: translateError(t, first ?? undefined) ?? t("common.formErrors"), typed }, { status: 400 });
  }
  const v = submission.value;
  const actor = actorOf(user);
  const result =
    v.intent === "create"
      ? execute(createSavedReply, actor, { title: v.title, body: v.body })
      : v.intent === "update"
        ? execute(updateSavedReply, actor, { id: v.id, title: v.title, body: v.body })
        : execute(deleteSavedReply, actor, { id: v.id });
  if (!result.ok) {
    // A reply deleted meanwhile is the plain 404 page, as before.
    throwIfPageError(result.error);
    return data({ ok: false, formId, message: messageOf(result.error, t), typed }, { status: statusOf(result.error) });
  }
  return { ok: true, formId, message: t(`replies.done.${v.intent}`), typed: null };
}

function ReplyFields({ prefix, title, body }: { prefix: string; title: string; body: string }) {
  const t = useT();
  return (
    <>
      <div>
        <label htmlFor={`${prefix}-title`} className="block text-sm font-medium">
          {t("replies.name")}
        </label>
        <input id={`${prefix}-title`} name="title" required minLength={2} maxLength={80} defaultValue={title} className="input mt-1" />
      </div>
      <div>
        <label htmlFor={`${prefix}-body`} className="block text-sm font-medium">
          {t("replies.body")}
        </label>
        <textarea
          id={`${prefix}-body`}
          name="body"
          required
          rows={5}
          maxLength={10_000}
          defaultValue={body}
          className="input mt-1"
          aria-describedby={`${prefix}-hint`}
        />
        <p id={`${prefix}-hint`} className="mt-1 text-sm text-slate-600">
          {t("replies.placeholders")}
        </p>
      </div>
    </>
  );
}

export default function SavedReplies() {
  const { replies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const typed = (formId: string) => (actionData && !actionData.ok && actionData.formId === formId ? actionData.typed : null);
  const resetKey = actionData?.ok ? actionData.message : "";
  return (
    <>
      <PageHeader title={t("replies.title")} lead={t("replies.lead")} />
      {actionData?.ok ? <Notice>{actionData.message}</Notice> : null}
      {actionData && !actionData.ok ? <FormErrors errors={[actionData.message]} /> : null}
      <div className="grid gap-6 lg:grid-cols-[1fr,22rem]">
        <section aria-labelledby="replies-list-title" className="min-w-0 space-y-3">
          <h2 id="replies-list-title" className="text-lg font-semibold">
            {t("replies.listTitle", { count: replies.length })}
          </h2>
          {replies.length === 0 ? <p className="card text-slate-700">{t("replies.none")}</p> : null}
          {replies.map((r) => (
            <article key={r.id} className="card" aria-labelledby={`reply-${r.id}-title`}>
              <h3 id={`reply-${r.id}-title`} className="font-semibold">
                {r.title}
              </h3>
              <p className="mt-2 whitespace-pre-line text-sm text-slate-800">{r.body}</p>
              <details className="mt-3" key={`${r.id}-${resetKey}`} open={Boolean(typed(`reply-${r.id}`))}>
                <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("replies.edit", { title: r.title })}</summary>
                <Form method="post" className="mt-3 space-y-3">
                  <input type="hidden" name="id" value={r.id} />
                  <ReplyFields prefix={`reply-${r.id}`} title={typed(`reply-${r.id}`)?.title ?? r.title} body={typed(`reply-${r.id}`)?.body ?? r.body} />
                  <SubmitButton intent="update" className="btn-secondary">
                    {t("common.save")}
                  </SubmitButton>
                </Form>
              </details>
              <Form method="post" className="mt-2">
                <input type="hidden" name="id" value={r.id} />
                <SubmitButton intent="delete" className="btn-secondary border-red-300 px-3 py-1 text-red-800 hover:bg-red-50">
                  {t("replies.delete")}
                </SubmitButton>
              </Form>
            </article>
          ))}
        </section>
        <section aria-labelledby="new-reply-title" className="card h-fit">
          <h2 id="new-reply-title" className="mb-3 text-lg font-semibold">
            {t("replies.new")}
          </h2>
          <Form method="post" className="space-y-3" key={`new-${resetKey}`}>
            <ReplyFields prefix="new-reply" title={typed("reply-new")?.title ?? ""} body={typed("reply-new")?.body ?? ""} />
            <SubmitButton intent="create">{t("replies.create")}</SubmitButton>
          </Form>
        </section>
      </div>
    </>
  );
}
