import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextField } from "~/components/ui/form";
import { execute } from "~/commands/command.server";
import { requestPasswordReset } from "~/features/accounts/commands/request-password-reset.server";
import { refusalText } from "~/features/accounts/reply.server";
import { VISITOR } from "~/features/accounts/visitor.server";
import { headersOf, statusOf } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { forgotPasswordSchema } from "~/schemas/auth";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("auth.forgot.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  const result = execute(requestPasswordReset, VISITOR, { email: submission.value.email, ip: context.clientIp ?? "unknown" });
  if (!result.ok) {
    const t = serverTranslator(request, null);
    return data(
      { result: submission.reply({ formErrors: [refusalText(result.error, t)] }), sent: false },
      { status: statusOf(result.error), headers: headersOf(result.error) },
    );
  }
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
      {actionData?.sent ? <Notice>{t("auth.forgot.sent")}</Notice> : null}
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
