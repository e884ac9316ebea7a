import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { GroupForm } from "~/components/group-form";
import { useT } from "~/components/i18n";
import { Notice } from "~/components/ui/form";
import { groupSettingsSchema } from "~/schemas/group";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.settings");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requireGroupAdmin } = await import("~/auth/group.server");
  const { groupFormDefaults } = await import("~/models/group.server");
  const { group } = await requireGroupAdmin(request, params.slug);
  return { defaults: groupFormDefaults(group) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { requireGroupAdmin } = await import("~/auth/group.server");
  const { groupInputFromForm, setGroupArchived, updateGroup } = await import("~/models/group.server");
  const { serverTranslator } = await import("~/i18n/locale.server");
  const { group, user } = await requireGroupAdmin(request, params.slug);
  const t = serverTranslator(request, user);
  const submission = parseWithZod(await request.formData(), { schema: groupSettingsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  if (v.intent !== "save") {
    setGroupArchived({ actorId: user.id, groupId: group.id, archived: v.intent === "archive" });
    return redirect(`/g/${group.slug}/settings`);
  }
  const { intent: _intent, ...fields } = v;
  const updated = updateGroup({ actorId: user.id, groupId: group.id, input: groupInputFromForm(fields) });
  if (!updated.ok) {
    const message: Record<string, string[]> = updated.error === "slugTaken" ? { slug: [t("groups.form.slugTaken")] } : { capacity: [t("groups.form.capacityBelow", { count: updated.members ?? 0 })] };
    return data({ result: submission.reply({ fieldErrors: message }) }, { status: 400 });
  }
  return redirect(`/g/${updated.slug}/settings?saved=1`);
}

export default function GroupSettings() {
  const { defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr,18rem]">
      <section aria-labelledby="settings-title" className="card">
        <h2 id="settings-title" className="mb-4 text-xl font-semibold">
          {t("groups.tab.settings")}
        </h2>
        {params.get("saved") ? <Notice>{t("groups.settingsSaved")}</Notice> : null}
        <GroupForm lastResult={actionData?.result} defaultValue={defaults} intent="save" submitLabel={t("common.save")} />
      </section>
      <section aria-labelledby="archive-title" className="card h-fit">
        <h2 id="archive-title" className="text-lg font-semibold">
          {group.archivedAt === null ? t("groups.archive.title") : t("groups.archive.restoreTitle")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">{group.archivedAt === null ? t("groups.archive.lead") : t("groups.archive.restoreLead")}</p>
        <Form method="post">
          <button type="submit" name="intent" value={group.archivedAt === null ? "archive" : "restore"} className="btn-secondary">
            {group.archivedAt === null ? t("groups.archive.submit") : t("groups.archive.restore")}
          </button>
        </Form>
      </section>
    </div>
  );
}
