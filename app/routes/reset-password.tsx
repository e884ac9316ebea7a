import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, SubmitButton, TextField } from "~/components/ui/form";
import { resetPasswordSchema } from "~/schemas/auth";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("auth.reset.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { findValidPasswordToken } = await import("~/models/password-token.server");
  const token = z.string().min(1).max(200).catch("").parse(new URL(request.url).searchParams.get("token"));
  const found = token ? findValidPasswordToken(token) : null;
  if (!found) return data({ valid: false as const }, { status: 410, headers: { "Referrer-Policy": "no-referrer" } });
  return data({ valid: true as const, token, purpose: found.purpose, name: found.name, email: found.email }, { headers: { "Referrer-Policy": "no-referrer" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { hashPassword } = await import("~/auth/password.server");
  const { createSessionCookie } = await import("~/auth/session.server");
  const { redeemPasswordToken } = await import("~/models/password-token.server");
  const { serverTranslator } = await import("~/i18n/locale.server");
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  const redeemed = redeemPasswordToken({ token: submission.value.token, passwordHash: await hashPassword(submission.value.password) });
  if (!redeemed) {
    const t = serverTranslator(request, null);
    return data(submission.reply({ formErrors: [t("auth.reset.invalid")], hideFields: ["password", "confirm"] }), { status: 410 });
  }
  throw redirect("/", { headers: { "Set-Cookie": await createSessionCookie(redeemed.userId) } });
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
        <TextField meta={fields.password} label={t("auth.reset.newPassword")} hint={t("auth.reset.passwordHint")} type="password" autoComplete="new-password" autoFocus />
        <TextField meta={fields.confirm} label={t("auth.reset.confirm")} type="password" autoComplete="new-password" />
        <SubmitButton>{t("auth.reset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
