import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { notFoundPage } from "~/auth/group.server";
import { requireUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { Markdown } from "~/components/group";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextareaField } from "~/components/ui/form";
import { joinGroup } from "~/features/groups/commands/join-group.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { findJoinableGroup } from "~/models/group.server";
import { findMembership } from "~/models/membership.server";
import { joinSchema } from "~/schemas/group";
import { renderMarkdown } from "~/utils/markdown.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("groups.join.title");
export const ErrorBoundary = RouteErrorBoundary;

/**
 * The one page about a group that a non-member may see, and only for groups that take requests or open joins:
 * its name, description and screening question. Invitation-only groups answer 404 here as everywhere.
 */
async function load(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const group = slug && slug.length <= 60 ? findJoinableGroup(slug) : null;
  const membership = group ? findMembership(group.id, user.id) : null;
  if (!group || membership?.state === "banned") return notFoundPage();
  return { user, group, membership };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, membership } = await load(request, params.slug);
  if (membership?.state === "active") throw redirect(`/g/${group.slug}`);
  return {
    group: {
      slug: group.slug,
      name: group.name,
      joinPolicy: group.joinPolicy,
      screeningQuestion: group.screeningQuestion,
      full: group.capacity !== null && group.memberCount >= group.capacity,
    },
    descriptionHtml: renderMarkdown(group.description),
    pending: membership?.state === "requested",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, group } = await load(request, params.slug);
  const t = serverTranslator(request, user);
  const submission = parseWithZod(await request.formData(), { schema: joinSchema(group.screeningQuestion) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = execute(joinGroup, actorOf(user), { groupId: group.id, answer: submission.value.answer ?? null });
  if (!result.ok) return submissionFailure(submission, result.error, t);
  const where = {
    joined: `/g/${group.slug}?welcome=1`,
    alreadyMember: `/g/${group.slug}`,
    requested: `/join/${group.slug}`,
    alreadyRequested: `/join/${group.slug}`,
  } as const;
  return redirect(where[result.value.outcome]);
}

export default function JoinGroup() {
  const { group, descriptionHtml, pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  // One schema (and constraint) object per question, not a new one on every render.
  const schema = useMemo(() => joinSchema(group.screeningQuestion), [group.screeningQuestion]);
  const [form, fields] = useForm({
    id: "join",
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <section className="card mx-auto max-w-2xl">
      <PageHeader title={group.name} lead={t(group.joinPolicy === "open" ? "groups.join.openLead" : "groups.join.requestLead")} />
      {descriptionHtml.trim() ? <Markdown html={descriptionHtml} className="mb-6" /> : null}
      {pending ? (
        <Notice>{t("groups.join.pending")}</Notice>
      ) : group.full ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">{t("groups.join.full")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} id={form.errorId} />
          {group.screeningQuestion ? <TextareaField meta={fields.answer} label={group.screeningQuestion} maxLength={1000} /> : null}
          <SubmitButton>{group.joinPolicy === "open" ? t("groups.join.joinNow") : t("groups.join.submit")}</SubmitButton>
        </Form>
      )}
      <Link to="/" className="mt-6 inline-block text-sm">
        {t("groups.backToGroups")}
      </Link>
    </section>
  );
}
