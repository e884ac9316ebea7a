import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextField } from "~/components/ui/form";
import { forgotPasswordSchema } from "~/schemas/auth";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("auth.forgot.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const { RULES, consumeRateLimits, retryAfterHeaders } = await import("~/auth/rate-limit.server");
  const { requestPasswordReset } = await import("~/models/password-token.server");
  const { serverTranslator } = await import("~/i18n/locale.server");
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  // Both limits in one step: a request the IP limit refuses counts nothing (and creates no row) for the account.
  const limited = consumeRateLimits([
    { key: `reset:ip:${context.clientIp ?? "unknown"}`, rule: { ...RULES.passwordResetRequests, limit: 20 } },
    { key: `reset:account:${submission.value.email.toLowerCase()}`, rule: RULES.passwordResetRequests },
  ]);
  if (limited.blocked) {
    const t = serverTranslator(request, null);
    const minutes = Math.max(1, Math.ceil(limited.retryAfterMs / 60_000));
    return data({ result: submission.reply({ formErrors: [t("auth.forgot.rateLimited", { minutes })] }), sent: false }, { status: 429, headers: retryAfterHeaders(limited) });
  }
  requestPasswordReset({ email: submission.value.email });
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "forgot",
    lastResult: actionData?.result,
    constraint: getZodConstraint(forgotPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  });
  return (
    <section className="card mx-auto max-w-md">
      <PageHeader title={t("auth.forgot.title")} lead={t("auth.forgot.lead")} />
      {actionData?.sent ? (
        <Notice>{t("auth.forgot.sent")}</Notice>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField meta={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <SubmitButton>{t("auth.forgot.submit")}</SubmitButton>
          <Link to="/login" className="text-sm">
            {t("auth.forgot.back")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
