import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { RouteErrorBoundary } from "~/components/error-page";
import { Markdown } from "~/components/group";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextareaField } from "~/components/ui/form";
import { joinSchema } from "~/schemas/group";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("groups.join.title");
export const ErrorBoundary = RouteErrorBoundary;

/**
 * The one page about a group that a non-member may see, and only for groups that take requests or open joins:
 * its name, description and screening question. Invitation-only groups answer 404 here as everywhere.
 */
async function load(request: Request, slug: string | undefined) {
  const { requireUser } = await import("~/auth/session.server");
  const { findJoinableGroup } = await import("~/models/group.server");
  const { findMembership } = await import("~/models/membership.server");
  const user = await requireUser(request);
  const group = slug && slug.length <= 60 ? findJoinableGroup(slug) : null;
  if (!group) throw new Response("Not found", { status: 404 });
  const membership = findMembership(group.id, user.id);
  if (membership?.state === "banned") throw new Response("Not found", { status: 404 });
  return { user, group, membership };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { renderMarkdown } = await import("~/utils/markdown.server");
  const { group, membership } = await load(request, params.slug);
  if (membership?.state === "active") throw redirect(`/g/${group.slug}`);
  return {
    group: { slug: group.slug, name: group.name, joinPolicy: group.joinPolicy, screeningQuestion: group.screeningQuestion, full: group.capacity !== null && group.memberCount >= group.capacity },
    descriptionHtml: renderMarkdown(group.description),
    pending: membership?.state === "requested",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { requestToJoin } = await import("~/models/membership.server");
  const { RULES, consumeRateLimit, retryAfterHeaders } = await import("~/auth/rate-limit.server");
  const { serverTranslator } = await import("~/i18n/locale.server");
  const { user, group } = await load(request, params.slug);
  const t = serverTranslator(request, user);
  const submission = parseWithZod(await request.formData(), { schema: joinSchema(group.screeningQuestion) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const limited = consumeRateLimit(`join:user:${user.id}`, RULES.joinRequests);
  if (limited.blocked) return data({ result: submission.reply({ formErrors: [t("groups.join.rateLimited")] }) }, { status: 429, headers: retryAfterHeaders(limited) });
  const result = requestToJoin({ group, userId: user.id, answer: submission.value.answer ?? null });
  if (result.ok) return result.outcome === "joined" ? redirect(`/g/${group.slug}?welcome=1`) : redirect(`/join/${group.slug}`);
  if (result.error === "alreadyMember") return redirect(`/g/${group.slug}`);
  if (result.error === "alreadyRequested") return redirect(`/join/${group.slug}`);
  const messages = { full: "groups.join.full", banned: "groups.join.closed", closed: "groups.join.closed" } as const;
  return data({ result: submission.reply({ formErrors: [t(messages[result.error])] }) }, { status: 409 });
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
          {group.screeningQuestion ? (
            <TextareaField meta={fields.answer} label={group.screeningQuestion} maxLength={1000} />
          ) : null}
          <SubmitButton>{group.joinPolicy === "open" ? t("groups.join.joinNow") : t("groups.join.submit")}</SubmitButton>
        </Form>
      )}
      <Link to="/" className="mt-6 inline-block text-sm">
        {t("groups.backToGroups")}
      </Link>
    </section>
  );
}
