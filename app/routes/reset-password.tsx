import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, SubmitButton, TextField } from "~/components/ui/form";
import { hashPassword } from "~/auth/password.server";
import { sessionCookieFor } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { resetPassword } from "~/features/accounts/commands/reset-password.server";
import { refusalText } from "~/features/accounts/reply.server";
import { VISITOR } from "~/features/accounts/visitor.server";
import { statusOf } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { findValidPasswordToken } from "~/models/password-token.server";
import { resetPasswordSchema } from "~/schemas/auth";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("auth.reset.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const token = z.string().min(1).max(200).catch("").parse(new URL(request.url).searchParams.get("token"));
  const found = token ? findValidPasswordToken(token) : null;
  if (!found) return data({ valid: false as const }, { status: 410, headers: { "Referrer-Policy": "no-referrer" } });
  return data({ valid: true as const, token, purpose: found.purpose, name: found.name, email: found.email }, { headers: { "Referrer-Policy": "no-referrer" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  // argon2 is asynchronous: the password is hashed before the command's transaction.
  const result = execute(resetPassword, VISITOR, { token: submission.value.token, passwordHash: await hashPassword(submission.value.password) });
  if (!result.ok) {
    const t = serverTranslator(request, null);
    // A link that no longer works (the command's not_found) is Gone, as the page with the link says on GET.
    const status = result.error.code === "not_found" ? 410 : statusOf(result.error);
    return data(submission.reply({ formErrors: [refusalText(result.error, t)], hideFields: ["password", "confirm"] }), { status });
  }
  throw redirect("/", { headers: { "Set-Cookie": sessionCookieFor(result.value.sessionId) } });
}

export default function ResetPassword() {
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "reset",
    lastResult,
    constraint: getZodConstraint(resetPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
  });
  if (!loaderData.valid) {
    return (
      <section className="card mx-auto max-w-md">
        <PageHeader title={t("auth.reset.invalidTitle")} lead={t("auth.reset.invalid")} />
        <Link to="/forgot-password" className="btn-primary">
          {t("auth.reset.requestNew")}
        </Link>
      </section>
    );
  }
  const setup = loaderData.purpose === "setup";
  return (
    <section className="card mx-auto max-w-md">
      <PageHeader
        title={t(setup ? "auth.reset.setupTitle" : "auth.reset.title")}
        lead={setup ? t("auth.reset.setupLead", { name: loaderData.name, email: loaderData.email }) : t("auth.reset.lead", { email: loaderData.email })}
      />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="token" value={loaderData.token} />
        <input type="email" value={loaderData.email} autoComplete="username" readOnly hidden aria-hidden="true" />
        <TextField
          meta={fields.password}
          label={t("auth.reset.newPassword")}
          hint={t("auth.reset.passwordHint")}
          type="password"
          autoComplete="new-password"
          autoFocus
        />
        <TextField meta={fields.confirm} label={t("auth.reset.confirm")} type="password" autoComplete="new-password" />
        <SubmitButton>{t("auth.reset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
