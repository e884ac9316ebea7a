import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SelectField, SubmitButton, TextField, useLanguageOptions } from "~/components/ui/form";
import { settingsSchema } from "~/schemas/admin";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("admin.settings.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  const { requireOrgRole } = await import("~/auth/session.server");
  const { getOrgSettings } = await import("~/models/org.server");
  await requireOrgRole(request, "admin");
  return { settings: getOrgSettings() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { requireOrgRole } = await import("~/auth/session.server");
  const { updateOrgSettings } = await import("~/models/org.server");
  const me = await requireOrgRole(request, "admin");
  const submission = parseWithZod(await request.formData(), { schema: settingsSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  updateOrgSettings({ actorId: me.id, settings: submission.value });
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
      {actionData?.saved ? (
        <Notice>{t("admin.settings.saved")}</Notice>
      ) : null}
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
