import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useT } from "~/components/i18n";
import { IdeaForm } from "~/components/idea-form";
import { requireIdea } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { editIdea } from "~/features/ideas/commands/edit-idea.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { renderGroupMarkdown } from "~/models/comment.server";
import { listTags } from "~/models/tag.server";
import { canEditIdea } from "~/policy";
import { editIdeaSchema } from "~/schemas/idea";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("ideas.edit");
export const ErrorBoundary = RouteErrorBoundary;

/** Only the author, and only until staff have responded (then the idea is part of the record); the editIdea command holds the same rule. */
async function load(request: Request, params: { slug?: string; number?: string }) {
  const { access, idea } = await requireIdea(request, params);
  if (!canEditIdea(access.user.id, idea, access.readOnly)) throw new Response("Forbidden", { status: 403 });
  return { access, idea };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, idea } = await load(request, params);
  return {
    idea: { number: idea.number, title: idea.title, body: idea.body, tags: idea.tags.map((t) => String(t.id)) },
    tags: listTags(access.group.id).map((t) => ({ id: t.id, name: t.name, color: t.color })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { access, idea } = await load(request, params);
  const submission = parseWithZod(await request.formData(), { schema: editIdeaSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: null }, { status: 400 });
  const v = submission.value;
  if (v.intent === "preview") return { result: submission.reply(), preview: renderGroupMarkdown(access.group, v.body ?? "") };
  const saved = execute(editIdea, actorOf(access.user), { groupId: access.group.id, number: idea.number, title: v.title, body: v.body, tagIds: v.tags });
  if (!saved.ok) return submissionFailure(submission, saved.error, serverTranslator(request, access.user), { preview: null });
  return redirect(`/g/${access.group.slug}/ideas/${idea.number}`);
}

export default function EditIdea() {
  const { idea, tags } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  return (
    <section aria-labelledby="edit-idea-heading" className="card max-w-3xl">
      <h2 id="edit-idea-heading" className="mb-1 text-xl font-semibold">
        {t("ideas.edit")}
      </h2>
      <p className="mb-5 text-slate-700">{t("ideas.editLead")}</p>
      <IdeaForm
        id="edit-idea"
        intent="save"
        schema={editIdeaSchema}
        slug={group.slug}
        lastResult={actionData?.result}
        defaultValue={{ title: idea.title, body: idea.body, tags: idea.tags }}
        boards={null}
        tags={tags}
        preview={actionData?.preview ?? null}
        suggest={false}
        submitLabel={t("common.save")}
        footer={
          <Link to={`/g/${group.slug}/ideas/${idea.number}`} className="text-sm">
            {t("common.cancel")}
          </Link>
        }
      />
    </section>
  );
}
