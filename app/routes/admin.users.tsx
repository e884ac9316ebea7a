import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useFormat, useT } from "~/components/i18n";
import { FormErrors, Notice, SearchForm, SelectField, SubmitButton, TextField, useLanguageOptions } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { requireOrgRole } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import type { DomainError } from "~/domain/errors";
import { changeOrgRole } from "~/features/admin/commands/change-org-role.server";
import { createUser } from "~/features/admin/commands/create-user.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError, translatedFields } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { listUsers } from "~/models/user.server";
import { adminUsersSchema } from "~/schemas/admin";
import { pageParam, searchQuery } from "~/schemas/fields";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("admin.users.title");
export const ErrorBoundary = RouteErrorBoundary;

const querySchema = z.object({ q: searchQuery(100), page: pageParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireOrgRole(request, "admin");
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...listUsers(query), ...query, meId: me.id };
}

/** Two intents, two commands: add a person, change someone's organisation role. */
export async function action({ request }: ActionFunctionArgs) {
  const me = await requireOrgRole(request, "admin");
  const actor = actorOf(me);
  const t = serverTranslator(request, me);
  const formData = await request.formData();
  const intent = formData.get("intent") === "role" ? "role" : "create";
  const submission = parseWithZod(formData, { schema: adminUsersSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply(), message: null }, { status: 400 });
  const value = submission.value;
  const refuse = (error: DomainError) => {
    throwIfPageError(error);
    const fields = translatedFields(error, t);
    return data(
      { intent, result: submission.reply({ fieldErrors: fields, formErrors: fields ? undefined : [messageOf(error, t)] }), message: null },
      { status: statusOf(error) },
    );
  };
  if (value.intent === "create") {
    const created = execute(createUser, actor, { email: value.email, name: value.name, role: value.role, locale: value.locale });
    if (!created.ok) return refuse(created.error);
    return { intent, result: submission.reply({ resetForm: true }), message: t("admin.users.created", { email: value.email }) };
  }
  const changed = execute(changeOrgRole, actor, { userId: value.userId, role: value.role });
  if (!changed.ok) return refuse(changed.error);
  return { intent, result: submission.reply(), message: t("admin.users.roleChanged", { name: changed.value.name, role: t(`roles.${value.role}`) }) };
}

export default function AdminUsers() {
  const { rows, total, page, pages, q, meId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const languageOptions = useLanguageOptions({ withBrowser: true });
  const format = useFormat();
  const roleOptions = (["member", "staff", "admin"] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const [form, fields] = useForm({
    id: "create-user",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    defaultValue: { role: "member", locale: "" },
    constraint: getZodConstraint(adminUsersSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: adminUsersSchema }),
  });
  const roleErrors = actionData?.intent === "role" && actionData.result.error ? actionData.result.error[""] : undefined;
  return (
    <>
      <PageHeader title={t("admin.users.title")} lead={t("admin.users.lead")} />
      {actionData?.message ? <Notice>{actionData.message}</Notice> : null}
      <div className="grid gap-6 lg:grid-cols-[1fr,20rem]">
        <section aria-labelledby="people-title" className="card overflow-hidden">
          <h2 id="people-title" className="sr-only">
            {t("admin.users.title")}
          </h2>
          <SearchForm id="q" label={t("admin.users.searchLabel")} defaultValue={q} />
          <FormErrors errors={roleErrors ?? undefined} />
          <p className="mb-2 text-sm text-slate-600">{t("admin.users.count", { count: format.number(total) })}</p>
          {rows.length === 0 ? (
            <p className="text-slate-700">{t("admin.users.empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {rows.map((u) => (
                <li key={u.id} className="flex flex-wrap items-center gap-3 py-3">
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{u.name}</p>
                    <p className="break-all text-sm text-slate-600">{u.email}</p>
                    <p className="text-xs text-slate-600">
                      {t("admin.users.colJoined")}: {format.date(u.createdAt)}
                      {u.hasPassword ? null : <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">{t("admin.users.pending")}</span>}
                    </p>
                  </div>
                  {u.id === meId ? (
                    <span className="text-sm text-slate-700">{t(`roles.${u.role}`)}</span>
                  ) : (
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="userId" value={u.id} />
                      <label htmlFor={`role-${u.id}`} className="sr-only">
                        {t("admin.users.roleFor", { name: u.name })}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
                        {roleOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                      <button type="submit" name="intent" value="role" className="btn-secondary px-2 py-1">
                        {t("admin.users.changeRole")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
          <Pagination page={page} pages={pages} />
        </section>
        <section aria-labelledby="create-title" className="card h-fit">
          <h2 id="create-title" className="mb-4 text-lg font-semibold">
            {t("admin.users.create")}
          </h2>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} id={form.errorId} />
            <TextField meta={fields.email} label={t("auth.email")} type="email" autoComplete="off" />
            <TextField meta={fields.name} label={t("account.name")} autoComplete="off" />
            <SelectField meta={fields.role} label={t("account.role")} options={roleOptions} />
            <SelectField meta={fields.locale} label={t("account.language")} options={languageOptions} />
            <SubmitButton intent="create">{t("admin.users.createSubmit")}</SubmitButton>
          </Form>
        </section>
      </div>
    </>
  );
}
