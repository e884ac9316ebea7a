import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireOrgRole } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { GroupForm } from "~/components/group-form";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { createGroup } from "~/features/groups/commands/create-group.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { groupInputFromForm } from "~/models/group.server";
import { groupCreateSchema } from "~/schemas/group";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("groups.new.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgRole(request, "admin");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireOrgRole(request, "admin");
  const submission = parseWithZod(await request.formData(), { schema: groupCreateSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const created = execute(createGroup, actorOf(me), { group: groupInputFromForm(submission.value) });
  if (!created.ok) return submissionFailure(submission, created.error, serverTranslator(request, me));
  // The group home, where the setup checklist says what to do next (the first board is already there).
  return redirect(`/g/${created.value.slug}?created=1`);
}

export default function NewGroup() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="card mx-auto max-w-2xl">
      <PageHeader title={t("groups.new.title")} lead={t("groups.new.lead")} />
      <GroupForm lastResult={actionData?.result} defaultValue={{ joinPolicy: "invite", responseTargetDays: "7" }} submitLabel={t("groups.new.submit")} />
    </section>
  );
}
