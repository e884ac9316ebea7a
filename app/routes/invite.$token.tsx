import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/layout";
import { useLocale, useT } from "~/components/i18n";
import { FormErrors, SelectField, SubmitButton, TextField, useLanguageOptions } from "~/components/ui/form";
import { hashPassword } from "~/auth/password.server";
import { createSessionCookie, getUser, type AuthUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { VISITOR } from "~/features/accounts/visitor.server";
import { acceptInvitation } from "~/features/groups/commands/accept-invitation.server";
import { actorOf } from "~/http/actor.server";
import type { MessageKey } from "~/i18n";
import { ACCEPT_PROBLEM_STATUS, findInvitation, problemOf, type AcceptError } from "~/models/invitation.server";
import { findUserByEmail } from "~/models/user.server";
import { acceptCreateSchema, acceptJoinSchema } from "~/schemas/group";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("invite.title");

const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const noReferrer = { "Referrer-Policy": "no-referrer" };
type Problem = AcceptError;
const PROBLEM_STATUS = ACCEPT_PROBLEM_STATUS;

type Inspection = {
  token: string | null;
  user: AuthUser | null;
  found: NonNullable<ReturnType<typeof findInvitation>> | null;
  problem: Problem | null;
  hasAccount: boolean;
};

/** Everything the page needs to know about the link and the visitor, before anything is changed. */
async function inspect(request: Request, rawToken: string | undefined): Promise<Inspection> {
  const token = tokenParam.safeParse(rawToken);
  const found = token.success ? findInvitation(token.data) : null;
  const user = await getUser(request);
  if (!token.success || !found) return { token: null, user, found: null, problem: "invalid", hasAccount: false };
  const problem = found.state !== "valid" ? found.state : user && user.email !== found.invitation.email ? "wrongAccount" : null;
  return { token: token.data, user, found, problem, hasAccount: !user && Boolean(findUserByEmail(found.invitation.email)) };
}

function view(s: Inspection) {
  return {
    problem: s.problem,
    group: s.found ? { name: s.found.group.name, slug: s.found.group.slug } : null,
    email: s.found?.invitation.email ?? null,
    name: s.found?.invitation.name ?? "",
    signedInAs: s.user?.email ?? null,
    hasAccount: s.hasAccount,
    alreadyMine: s.problem === "used" && s.user !== null && s.found?.invitation.acceptedBy === s.user.id,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const state = await inspect(request, params.token);
  return data({ ...view(state), result: undefined }, { status: state.problem ? PROBLEM_STATUS[state.problem] : 200, headers: noReferrer });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const state = await inspect(request, params.token);
  if (!state.token || state.problem)
    return data({ ...view(state), result: undefined }, { status: PROBLEM_STATUS[state.problem ?? "invalid"], headers: noReferrer });
  const formData = await request.formData();
  let accepted;
  if (state.user) {
    const ok = acceptJoinSchema.safeParse(Object.fromEntries(formData));
    if (!ok.success) return data({ ...view(state), result: undefined }, { status: 400 });
    accepted = execute(acceptInvitation, actorOf(state.user), { token: state.token, account: { userId: state.user.id, email: state.user.email } });
  } else {
    const submission = parseWithZod(formData, { schema: acceptCreateSchema });
    if (submission.status !== "success")
      return data({ ...view(state), result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400, headers: noReferrer });
    // Hashing is slow and asynchronous: done before the command, whose transaction cannot wait.
    const passwordHash = await hashPassword(submission.value.password);
    accepted = execute(acceptInvitation, VISITOR, {
      token: state.token,
      account: { create: { name: submission.value.name, passwordHash, locale: submission.value.locale } },
    });
  }
  if (!accepted.ok) {
    // The link's own statuses (410 for a spent link, 403 for the wrong account ...): the page explains each problem.
    const problem = problemOf(accepted.error);
    return data({ ...view({ ...state, problem }), result: undefined }, { status: PROBLEM_STATUS[problem], headers: noReferrer });
  }
  const headers = state.user ? undefined : { "Set-Cookie": await createSessionCookie(accepted.value.userId) };
  throw redirect(`/g/${accepted.value.groupSlug}?welcome=1`, { headers });
}

export default function AcceptInvitation() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const d = actionData ?? loaderData;
  const t = useT();
  const locale = useLocale();
  const languageOptions = useLanguageOptions({ withBrowser: false });
  const [form, fields] = useForm({
    id: "accept",
    lastResult: actionData?.result,
    defaultValue: { name: d.name, locale },
    constraint: getZodConstraint(acceptCreateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptCreateSchema }),
  });
  const group = d.group?.name ?? "";
  const location = useLocation();
  const signInHref = `/login?${new URLSearchParams({ redirectTo: location.pathname })}`;

  if (d.problem) {
    return (
      <section className="card mx-auto max-w-lg">
        <PageHeader
          title={t(`invite.problem.${d.problem}.title` as MessageKey)}
          lead={t(`invite.problem.${d.problem}.text` as MessageKey, { group, email: d.email ?? "", signedInAs: d.signedInAs ?? "" })}
        />
        <div className="flex flex-wrap gap-3">
          {d.alreadyMine && d.group ? (
            <Link to={`/g/${d.group.slug}`} className="btn-primary">
              {t("invite.openGroup", { group })}
            </Link>
          ) : null}
          {d.problem === "wrongAccount" ? (
            <Form method="post" action="/logout">
              <input type="hidden" name="redirectTo" value={location.pathname} />
              <button type="submit" className="btn-primary">
                {t("nav.signOut")}
              </button>
            </Form>
          ) : null}
          {d.problem === "accountExists" ? (
            <Link to={signInHref} className="btn-primary">
              {t("nav.signIn")}
            </Link>
          ) : null}
          <Link to="/" className="btn-secondary">
            {t("errors.home")}
          </Link>
        </div>
      </section>
    );
  }

  if (d.signedInAs) {
    return (
      <section className="card mx-auto max-w-lg">
        <PageHeader title={t("invite.joinTitle", { group })} lead={t("invite.joinLead", { group, email: d.signedInAs })} />
        <Form method="post">
          <SubmitButton intent="join">{t("invite.join", { group })}</SubmitButton>
        </Form>
      </section>
    );
  }

  if (d.hasAccount) {
    return (
      <section className="card mx-auto max-w-lg">
        <PageHeader title={t("invite.joinTitle", { group })} lead={t("invite.signInLead", { email: d.email ?? "" })} />
        <Link to={signInHref} className="btn-primary">
          {t("invite.signIn")}
        </Link>
      </section>
    );
  }

  return (
    <section className="card mx-auto max-w-md">
      <PageHeader title={t("invite.joinTitle", { group })} lead={t("invite.createLead", { group, email: d.email ?? "" })} />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="email" value={d.email ?? ""} autoComplete="username" readOnly hidden aria-hidden="true" />
        <TextField meta={fields.name} label={t("account.name")} hint={t("invite.nameHint")} autoComplete="name" />
        <TextField meta={fields.password} label={t("auth.reset.newPassword")} hint={t("auth.reset.passwordHint")} type="password" autoComplete="new-password" />
        <TextField meta={fields.confirm} label={t("auth.reset.confirm")} type="password" autoComplete="new-password" />
        <SelectField meta={fields.locale} label={t("account.language")} options={languageOptions} />
        <SubmitButton intent="create">{t("invite.create")}</SubmitButton>
      </Form>
    </section>
  );
}
