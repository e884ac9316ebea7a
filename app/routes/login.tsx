import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { PageHeader } from "~/components/layout";
import { useRootData, useT } from "~/components/i18n";
import { FormErrors, SubmitButton, TextField } from "~/components/ui/form";
import { getUser, sessionCookieFor } from "~/auth/session.server";
import { signIn } from "~/features/accounts/commands/sign-in.server";
import { refusalText } from "~/features/accounts/reply.server";
import { headersOf, statusOf } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { loginSchema } from "~/schemas/auth";
import { safeRedirect } from "~/security.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("auth.login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

/** Signing in: two commands around the asynchronous password check (see app/features/accounts/commands/sign-in.server.ts). */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: loginSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const result = await signIn({ email: submission.value.email, password: submission.value.password, ip: context.clientIp ?? "unknown" });
  if (!result.ok) {
    const t = serverTranslator(request, null);
    return data(submission.reply({ formErrors: [refusalText(result.error, t)], hideFields: ["password"] }), {
      status: statusOf(result.error),
      headers: headersOf(result.error),
    });
  }
  throw redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": sessionCookieFor(result.value.sessionId) } });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const org = useRootData()?.orgName ?? "Kaiku";
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  const passwordId = fields.password.id;
  useEffect(() => {
    // A failed attempt empties the password field, as the server-rendered page does without JavaScript.
    const input = document.getElementById(passwordId);
    if (lastResult?.status === "error" && input instanceof HTMLInputElement) input.value = "";
  }, [lastResult, passwordId]);
  return (
    <section className="card mx-auto max-w-md">
      <PageHeader title={t("auth.login.title")} />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField meta={fields.email} label={t("auth.email")} type="email" autoComplete="username" autoFocus />
        <TextField meta={fields.password} label={t("auth.password")} type="password" autoComplete="current-password" />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <SubmitButton>{t("auth.login.submit")}</SubmitButton>
          <Link to="/forgot-password" className="text-sm">
            {t("auth.login.forgot")}
          </Link>
        </div>
      </Form>
      <p className="mt-6 text-sm text-slate-700">{t("auth.login.noAccount", { org })}</p>
    </section>
  );
}
