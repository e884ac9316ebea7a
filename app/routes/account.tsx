import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { FormErrors, Notice, SelectField, SubmitButton, TextField, useLanguageOptions } from "~/components/ui/form";
import { requireSession, requireUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { changePassword, prepareChangePassword } from "~/features/accounts/commands/change-password.server";
import { setEmailPreferences } from "~/features/accounts/commands/set-email-preferences.server";
import { updateProfile } from "~/features/accounts/commands/update-profile.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError, translatedFields } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { getEmailPreferences } from "~/models/user.server";
import { accountSchema } from "~/schemas/auth";
import { emailPreferencesSchema } from "~/schemas/idea";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { name: user.name, email: user.email, role: user.role, locale: user.locale }, emails: getEmailPreferences(user.id) };
}

const PASSWORD_FIELDS = ["current", "password", "confirm"];

/** Three intents, three commands: the profile, the password (verified and hashed first) and the e-mail choices. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireSession(request);
  const actor = actorOf(user);
  const t = serverTranslator(request, user);
  const formData = await request.formData();
  if (formData.get("intent") === "emails") {
    const emails = emailPreferencesSchema.safeParse(Object.fromEntries(formData));
    if (!emails.success) return data({ intent: "emails" as const, result: null, saved: false, error: t("account.emails.invalid") }, { status: 400 });
    const { intent: _intent, ...preferences } = emails.data;
    const saved = execute(setEmailPreferences, actor, preferences);
    if (!saved.ok) {
      throwIfPageError(saved.error);
      return data({ intent: "emails" as const, result: null, saved: false, error: messageOf(saved.error, t) }, { status: statusOf(saved.error) });
    }
    return { intent: "emails" as const, result: null, saved: true };
  }
  const submission = parseWithZod(formData, { schema: accountSchema });
  const intent = formData.get("intent") === "password" ? "password" : "profile";
  if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields: PASSWORD_FIELDS }), saved: false }, { status: 400 });
  const value = submission.value;
  const result =
    value.intent === "profile"
      ? execute(updateProfile, actor, { name: value.name, locale: value.locale })
      : execute(changePassword, actor, await prepareChangePassword({ userId: user.id, sessionId: session.id, current: value.current, next: value.password }));
  if (!result.ok) {
    throwIfPageError(result.error);
    const fields = translatedFields(result.error, t);
    return data(
      {
        intent,
        result: submission.reply({ fieldErrors: fields, formErrors: fields ? undefined : [messageOf(result.error, t)], hideFields: PASSWORD_FIELDS }),
        saved: false,
      },
      { status: statusOf(result.error) },
    );
  }
  return { intent, result: submission.reply(value.intent === "password" ? { resetForm: true } : undefined), saved: true };
}

export default function Account() {
  const { user, emails } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [passwordForm, password] = useForm({
    id: "password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accountSchema }),
  });
  return (
    <>
      <PageHeader title={t("account.title")} />
      <div className="grid gap-6 md:grid-cols-2">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title" className="mb-4 text-lg font-semibold">
            {t("account.profile")}
          </h2>
          <dl className="mb-4 grid grid-cols-[auto,1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">{t("account.email")}</dt>
            <dd className="break-all">{user.email}</dd>
            <dt className="text-slate-600">{t("account.role")}</dt>
            <dd>{t(`roles.${user.role}`)}</dd>
          </dl>
          {actionData?.intent === "profile" && actionData.saved ? <Notice>{t("account.saved")}</Notice> : null}
          {/*
            Keyed by the stored preference: a switch in the header (or a save here) changes it and revalidates this
            page, and a fresh form shows it; a form keeping the old value would quietly revert it on the next save.
          */}
          <ProfileForm key={user.locale ?? ""} user={user} lastResult={actionData?.intent === "profile" ? actionData.result : undefined} />
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title" className="mb-4 text-lg font-semibold">
            {t("account.passwordTitle")}
          </h2>
          {actionData?.intent === "password" && actionData.saved ? <Notice>{t("account.passwordChanged")}</Notice> : null}
          <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
            <FormErrors errors={passwordForm.errors} id={passwordForm.errorId} />
            <input type="email" value={user.email} autoComplete="username" readOnly hidden aria-hidden="true" />
            <TextField meta={password.current} label={t("account.currentPassword")} type="password" autoComplete="current-password" />
            <TextField
              meta={password.password}
              label={t("auth.reset.newPassword")}
              hint={t("auth.reset.passwordHint")}
              type="password"
              autoComplete="new-password"
            />
            <TextField meta={password.confirm} label={t("auth.reset.confirm")} type="password" autoComplete="new-password" />
            <SubmitButton intent="password">{t("account.passwordSubmit")}</SubmitButton>
          </Form>
        </section>
        <section className="card md:col-span-2" aria-labelledby="emails-title" id="emails">
          <h2 id="emails-title" className="mb-1 text-lg font-semibold">
            {t("account.emails.title")}
          </h2>
          <p className="mb-4 text-sm text-slate-700">{t("account.emails.lead")}</p>
          {actionData?.intent === "emails" && actionData.saved ? <Notice>{t("account.emails.saved")}</Notice> : null}
          {actionData?.intent === "emails" && "error" in actionData && actionData.error ? <FormErrors errors={[actionData.error]} /> : null}
          <Form method="post" className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              {(["status", "replies", "mentions", "comments"] as const).map((kind) => (
                <div key={kind}>
                  <label htmlFor={`emails-${kind}`} className="block text-sm font-medium text-slate-800">
                    {t(`account.emails.${kind}`)}
                  </label>
                  <select id={`emails-${kind}`} name={kind} defaultValue={emails[kind]} key={emails[kind]} className="input mt-1">
                    <option value="immediately">{t("account.emails.immediately")}</option>
                    <option value="off">{t("account.emails.off")}</option>
                  </select>
                </div>
              ))}
            </div>
            <SubmitButton intent="emails">{t("common.save")}</SubmitButton>
          </Form>
        </section>
      </div>
    </>
  );
}

function ProfileForm({ user, lastResult }: { user: { name: string; locale: string | null }; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const t = useT();
  const languageOptions = useLanguageOptions({ withBrowser: true });
  const [profileForm, profile] = useForm({
    id: "profile",
    lastResult,
    defaultValue: { name: user.name, locale: user.locale ?? "" },
    constraint: getZodConstraint(accountSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accountSchema }),
  });
  return (
    <Form method="post" {...getFormProps(profileForm)} className="space-y-4">
      <FormErrors errors={profileForm.errors} id={profileForm.errorId} />
      <TextField meta={profile.name} label={t("account.name")} hint={t("account.nameHint")} autoComplete="name" />
      <SelectField meta={profile.locale} label={t("account.language")} options={languageOptions} />
      <SubmitButton intent="profile">{t("common.save")}</SubmitButton>
    </Form>
  );
}
