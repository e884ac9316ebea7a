import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFoundPage, requireGroupAccess } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextareaField } from "~/components/ui/form";
import { leaveGroup } from "~/features/groups/commands/leave-group.server";
import { updateIntro } from "~/features/groups/commands/update-intro.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure, throwIfPageError } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { membershipSchema } from "~/schemas/group";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.me");
export const ErrorBoundary = RouteErrorBoundary;

async function requireActiveMember(request: Request, slug: string | undefined) {
  const access = await requireGroupAccess(request, slug);
  // Staff and admins see every group without belonging to it: there is no membership to edit.
  if (access.membership?.state !== "active") return notFoundPage();
  return { ...access, membership: access.membership };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireActiveMember(request, params.slug);
  return { intro: membership.intro };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireActiveMember(request, params.slug);
  const submission = parseWithZod(await request.formData(), { schema: membershipSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  const actor = actorOf(user);
  if (submission.value.intent === "leave") {
    const left = execute(leaveGroup, actor, { groupId: group.id });
    if (!left.ok) throwIfPageError(left.error);
    return redirect("/?left=1");
  }
  const saved = execute(updateIntro, actor, { groupId: group.id, intro: submission.value.intro });
  if (!saved.ok) return submissionFailure(submission, saved.error, serverTranslator(request, user), { saved: false });
  return { result: submission.reply(), saved: true };
}

export default function MyMembership() {
  const { intro } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  const [form, fields] = useForm({
    id: "intro",
    lastResult: actionData?.result,
    defaultValue: { intro },
    constraint: getZodConstraint(membershipSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: membershipSchema }),
  });
  return (
    <div className="grid max-w-3xl gap-6">
      <section aria-labelledby="intro-title" className="card">
        <h2 id="intro-title" className="text-lg font-semibold">
          {t("groups.intro")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">{t("groups.introLead")}</p>
        {actionData?.saved ? <Notice>{t("groups.introSaved")}</Notice> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} id={form.errorId} />
          <TextareaField meta={fields.intro} label={t("groups.introLabel")} hint={t("groups.introHint")} maxLength={500} />
          <SubmitButton intent="intro">{t("common.save")}</SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="leave-title" className="card">
        <h2 id="leave-title" className="text-lg font-semibold">
          {t("groups.leaveTitle")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">{t("groups.leaveLead", { group: group.name })}</p>
        <Form method="post">
          <button type="submit" name="intent" value="leave" className="btn-secondary border-red-300 text-red-800 hover:bg-red-50">
            {t("groups.leave")}
          </button>
        </Form>
      </section>
    </div>
  );
}
