import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireGroupAdmin } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { GroupForm } from "~/components/group-form";
import { useT } from "~/components/i18n";
import { Notice } from "~/components/ui/form";
import { setGroupArchived } from "~/features/groups/commands/set-group-archived.server";
import { updateGroup } from "~/features/groups/commands/update-group.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { groupFormDefaults, groupInputFromForm } from "~/models/group.server";
import { groupSettingsSchema } from "~/schemas/group";
import { AUTO_HIDE_MAX, AUTO_HIDE_MIN, HOLD_FIRST_POSTS_MAX } from "~/domain/constants";
import { updateModerationSettings } from "~/features/moderation/commands/update-moderation-settings.server";
import { z } from "zod";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.settings");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group } = await requireGroupAdmin(request, params.slug);
  return { defaults: groupFormDefaults(group), moderation: { autoHideThreshold: group.autoHideThreshold, holdFirstPosts: group.holdFirstPosts } };
}

/** The moderation section's own form (intent "moderation"): the auto-hide threshold ("off" or 2-10) and the newcomer hold (0-10). */
const moderationForm = z
  .object({
    intent: z.literal("moderation"),
    autoHideThreshold: z.union([z.literal("off"), z.coerce.number().int()]),
    holdFirstPosts: z.coerce.number().int(),
  })
  .strict();

export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireGroupAdmin(request, params.slug);
  const t = serverTranslator(request, user);
  const form = await request.formData();
  if (form.get("intent") === "moderation") {
    const parsed = moderationForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ moderationError: t("moderation.settings.thresholdRange") }, { status: 400 });
    const done = execute(updateModerationSettings, actorOf(user), {
      groupId: group.id,
      autoHideThreshold: parsed.data.autoHideThreshold === "off" ? null : parsed.data.autoHideThreshold,
      holdFirstPosts: parsed.data.holdFirstPosts,
    });
    if (!done.ok) return data({ moderationError: messageOf(done.error, t) }, { status: statusOf(done.error) });
    return redirect(`/g/${group.slug}/settings?moderationSaved=1`);
  }
  const submission = parseWithZod(form, { schema: groupSettingsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const actor = actorOf(user);
  if (v.intent !== "save") {
    const done = execute(setGroupArchived, actor, { groupId: group.id, archived: v.intent === "archive" });
    if (!done.ok) return submissionFailure(submission, done.error, t);
    return redirect(`/g/${group.slug}/settings`);
  }
  const { intent: _intent, ...fields } = v;
  const updated = execute(updateGroup, actor, { groupId: group.id, group: groupInputFromForm(fields) });
  if (!updated.ok) {
    const error = updated.error;
    // A refusal about one field (the address is taken, the capacity is below the members) is shown beside it.
    const field = typeof error.detail?.field === "string" ? error.detail.field : null;
    if (field) return data({ result: submission.reply({ fieldErrors: { [field]: [messageOf(error, t)] } }) }, { status: statusOf(error) });
    return submissionFailure(submission, error, t);
  }
  return redirect(`/g/${updated.value.slug}/settings?saved=1`);
}

export default function GroupSettings() {
  const { defaults, moderation } = useLoaderData<typeof loader>();
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
        <GroupForm
          lastResult={actionData && "result" in actionData ? actionData.result : undefined}
          defaultValue={defaults}
          intent="save"
          submitLabel={t("common.save")}
        />
      </section>
      <section aria-labelledby="moderation-title" className="card h-fit lg:col-start-1">
        <h2 id="moderation-title" className="text-lg font-semibold">
          {t("moderation.settings.title")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">{t("moderation.settings.lead")}</p>
        {params.get("moderationSaved") ? <Notice>{t("moderation.settings.saved")}</Notice> : null}
        {actionData && "moderationError" in actionData ? (
          <p role="alert" className="mb-3 text-sm text-red-800">
            {actionData.moderationError}
          </p>
        ) : null}
        <Form method="post" className="grid gap-4">
          <div>
            <label htmlFor="autoHideThreshold" className="block text-sm font-medium">
              {t("moderation.settings.threshold")}
            </label>
            <select
              id="autoHideThreshold"
              name="autoHideThreshold"
              className="input mt-1"
              defaultValue={moderation.autoHideThreshold ?? "off"}
              aria-describedby="autoHideThreshold-hint"
            >
              {Array.from({ length: AUTO_HIDE_MAX - AUTO_HIDE_MIN + 1 }, (_, i) => AUTO_HIDE_MIN + i).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
              <option value="off">{t("moderation.settings.thresholdOff")}</option>
            </select>
            <p id="autoHideThreshold-hint" className="mt-1 text-sm text-slate-700">
              {t("moderation.settings.thresholdHint")}
            </p>
          </div>
          <div>
            <label htmlFor="holdFirstPosts" className="block text-sm font-medium">
              {t("moderation.settings.hold")}
            </label>
            <select
              id="holdFirstPosts"
              name="holdFirstPosts"
              className="input mt-1"
              defaultValue={moderation.holdFirstPosts}
              aria-describedby="holdFirstPosts-hint"
            >
              {Array.from({ length: HOLD_FIRST_POSTS_MAX + 1 }, (_, n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <p id="holdFirstPosts-hint" className="mt-1 text-sm text-slate-700">
              {t("moderation.settings.holdHint")}
            </p>
          </div>
          <div>
            <button type="submit" name="intent" value="moderation" className="btn-secondary">
              {t("moderation.settings.submit")}
            </button>
          </div>
        </Form>
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
