import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { PageHeader } from "~/components/layout";
import { useRootData, useT } from "~/components/i18n";
import { FormErrors, SubmitButton, TextField } from "~/components/ui/form";
import { loginSchema } from "~/schemas/auth";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("auth.login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { getUser } = await import("~/auth/session.server");
  const { safeRedirect } = await import("~/security.server");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { signIn } = await import("~/auth/login.server");
  const { retryAfterHeaders } = await import("~/auth/rate-limit.server");
  const { serverTranslator } = await import("~/i18n/locale.server");
  const { safeRedirect } = await import("~/security.server");
  const submission = parseWithZod(await request.formData(), { schema: loginSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const t = serverTranslator(request, null);
  const result = await signIn({ email: submission.value.email, password: submission.value.password, ip: context.clientIp ?? "unknown" });
  if (!result.ok && result.error === "rateLimited") {
    const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
    return data(submission.reply({ formErrors: [t("auth.login.rateLimited", { minutes })], hideFields: ["password"] }), { status: 429, headers: retryAfterHeaders({ blocked: true, retryAfterMs: result.retryAfterMs }) });
  }
  if (!result.ok) return data(submission.reply({ formErrors: [t("auth.login.invalid")], hideFields: ["password"] }), { status: 400 });
  throw redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": result.cookie } });
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
