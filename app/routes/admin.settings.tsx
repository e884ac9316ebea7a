import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SelectField, SubmitButton, TextField, useLanguageOptions } from "~/components/ui/form";
import { requireOrgRole } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { updateOrgSettings } from "~/features/admin/commands/update-org-settings.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { getOrgSettings } from "~/models/org.server";
import { settingsSchema } from "~/schemas/admin";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("admin.settings.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgRole(request, "admin");
  return { settings: getOrgSettings() };
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireOrgRole(request, "admin");
  const submission = parseWithZod(await request.formData(), { schema: settingsSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  const saved = execute(updateOrgSettings, actorOf(me), submission.value);
  if (!saved.ok) {
    throwIfPageError(saved.error);
    return data(
      { result: submission.reply({ formErrors: [messageOf(saved.error, serverTranslator(request, me))] }), saved: false },
      { status: statusOf(saved.error) },
    );
  }
  return { result: submission.reply(), saved: true };
}

export default function AdminSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const languageOptions = useLanguageOptions({ withBrowser: false });
  const [form, fields] = useForm({
    id: "settings",
    lastResult: actionData?.result,
    defaultValue: settings,
    constraint: getZodConstraint(settingsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: settingsSchema }),
  });
  return (
    <section className="card max-w-xl">
      <PageHeader title={t("admin.settings.title")} />
      {actionData?.saved ? <Notice>{t("admin.settings.saved")}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField meta={fields.name} label={t("admin.settings.orgName")} />
        <SelectField
          meta={fields.defaultLocale}
          label={t("admin.settings.defaultLocale")}
          hint={t("admin.settings.defaultLocaleHint")}
          options={languageOptions}
        />
        <TextField meta={fields.timeZone} label={t("admin.settings.timeZone")} hint={t("admin.settings.timeZoneHint")} />
        <SubmitButton>{t("common.save")}</SubmitButton>
      </Form>
    </section>
  );
}
