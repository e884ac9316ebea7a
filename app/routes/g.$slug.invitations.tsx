import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireGroupManager } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { FormErrors, Notice, SubmitButton, TextareaField } from "~/components/ui/form";
import { env } from "~/env.server";
import { inviteMembers } from "~/features/groups/commands/invite-members.server";
import { resendInvitation } from "~/features/groups/commands/resend-invitation.server";
import { revokeInvitation } from "~/features/groups/commands/revoke-invitation.server";
import { actorOf } from "~/http/actor.server";
import { headersOf, messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { listOpenInvitations } from "~/models/invitation.server";
import { inviteSchema, MAX_INVITES, parseInviteList } from "~/schemas/group";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.invitations");
export const ErrorBoundary = RouteErrorBoundary;

// The upload's size is limited as it arrives, before this action runs: app/http/limits.ts (413 page).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group } = await requireGroupManager(request, params.slug);
  return { invitations: listOpenInvitations(group.id), now: Date.now(), ttlDays: env.INVITATION_TTL_DAYS };
}

type Report = { invited: string[]; skipped: { email: string; reason: "member" | "pending" | "banned" }[] };
type ActionResult = { intent: "invite" | "resend" | "revoke"; ok: boolean; message: string; result?: SubmissionResult<string[]>; report?: Report };

export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireGroupManager(request, params.slug);
  const t = serverTranslator(request, user);
  const reply = (body: ActionResult, status = 200, headers?: Record<string, string>) => data(body, { status, headers });
  const submission = parseWithZod(await request.formData(), { schema: inviteSchema });
  if (submission.status !== "success") return reply({ intent: "invite", ok: false, message: t("common.formErrors"), result: submission.reply() }, 400);
  const v = submission.value;
  const actor = actorOf(user);

  if (v.intent === "resend" || v.intent === "revoke") {
    const done = execute(v.intent === "resend" ? resendInvitation : revokeInvitation, actor, { groupId: group.id, invitationId: v.invitationId });
    if (!done.ok) {
      throwIfPageError(done.error);
      return reply({ intent: v.intent, ok: false, message: messageOf(done.error, t) }, statusOf(done.error));
    }
    return reply({
      intent: v.intent,
      ok: true,
      message: t(v.intent === "resend" ? "groups.invite.resent" : "groups.invite.revoked", { email: done.value.email }),
    });
  }

  const invalidInput = (message: string) =>
    reply({ intent: "invite", ok: false, message: t("common.formErrors"), result: submission.reply({ fieldErrors: { emails: [message] } }) }, 400);
  const { entries, invalid } = parseInviteList([v.emails ?? "", v.csv ? await v.csv.text() : ""].join("\n"));
  if (invalid.length > 0) return invalidInput(t("groups.invite.invalidLines", { lines: invalid.slice(0, 10).join(", ") }));
  if (entries.length === 0) return invalidInput(t("groups.invite.none"));
  if (entries.length > MAX_INVITES) return invalidInput(t("groups.invite.tooMany", { max: MAX_INVITES }));
  const result = execute(inviteMembers, actor, { groupId: group.id, entries, message: v.message });
  if (!result.ok) {
    const error = result.error;
    throwIfPageError(error);
    // The wait in minutes: an hour's window is long, seconds would be noise.
    const message =
      error.code === "rate_limited"
        ? t("groups.invite.rateLimited", { minutes: Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 60_000)) })
        : messageOf(error, t);
    return reply({ intent: "invite", ok: false, message, result: submission.reply() }, statusOf(error), headersOf(error));
  }
  return reply({
    intent: "invite",
    ok: true,
    message: t("groups.invite.sent", { count: result.value.invited.length }),
    result: submission.reply({ resetForm: true }),
    report: result.value,
  });
}

export default function Invitations() {
  const { invitations, now, ttlDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  const [form, fields] = useForm<{ intent: string; emails: string; csv: File; message: string }>({
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
    constraint: getZodConstraint(inviteSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const inviteOutcome = actionData?.intent === "invite" ? actionData : null;
  const listOutcome = actionData && actionData.intent !== "invite" ? actionData : null;
  const reasonLabel = { member: t("groups.invite.skip.member"), pending: t("groups.invite.skip.pending"), banned: t("groups.invite.skip.banned") };
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr,1fr]">
      <section aria-labelledby="invite-title" className="card h-fit">
        <h2 id="invite-title" className="text-lg font-semibold">
          {t("groups.invite.title")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">{t("groups.invite.lead", { days: ttlDays })}</p>
        {inviteOutcome?.ok && inviteOutcome.report ? (
          <Notice>
            <p>{inviteOutcome.message}</p>
            {inviteOutcome.report.skipped.length > 0 ? (
              <ul className="mt-2 list-disc pl-5">
                {inviteOutcome.report.skipped.map((s) => (
                  <li key={s.email}>
                    {s.email}: {reasonLabel[s.reason]}
                  </li>
                ))}
              </ul>
            ) : null}
          </Notice>
        ) : null}
        {group.readOnly ? (
          <p className="text-slate-700">{t("groups.readOnlyError")}</p>
        ) : (
          <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={inviteOutcome && !inviteOutcome.ok ? [inviteOutcome.message] : undefined} />
            <TextareaField
              meta={fields.emails}
              label={t("groups.invite.emails")}
              hint={t("groups.invite.emailsHint", { max: MAX_INVITES })}
              rows={6}
              className="font-mono text-sm"
              placeholder={"maija@example.com\nJohn Smith <john@example.com>\nmatti@example.com, Matti Virtanen"}
            />
            <div>
              <label htmlFor={fields.csv.id} className="block text-sm font-medium">
                {t("groups.invite.csv")}
              </label>
              <input
                id={fields.csv.id}
                name={fields.csv.name}
                type="file"
                accept=".csv,text/csv,text/plain"
                className="mt-1 block w-full text-sm"
                aria-describedby={`${fields.csv.id}-hint`}
              />
              <p id={`${fields.csv.id}-hint`} className="mt-1 text-sm text-slate-600">
                {t("groups.invite.csvHint")}
              </p>
            </div>
            <TextareaField meta={fields.message} label={t("groups.invite.message")} rows={3} maxLength={1000} />
            <SubmitButton intent="invite">{t("groups.invite.submit")}</SubmitButton>
          </Form>
        )}
      </section>
      <section aria-labelledby="pending-title" className="card h-fit">
        <h2 id="pending-title" className="mb-3 text-lg font-semibold">
          {t("groups.invite.pending", { count: invitations.length })}
        </h2>
        {listOutcome?.ok ? <Notice>{listOutcome.message}</Notice> : null}
        {listOutcome && !listOutcome.ok ? <FormErrors errors={[listOutcome.message]} /> : null}
        {invitations.length === 0 ? (
          <p className="text-slate-700">{t("groups.invite.noPending")}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {invitations.map((i) => (
              <li key={i.id} className="py-3">
                <p className="break-all font-medium">
                  {i.email}
                  {i.name ? <span className="font-normal text-slate-700"> · {i.name}</span> : null}
                </p>
                <p className="text-xs text-slate-600">
                  {t("groups.invite.sentBy", { name: i.inviterName ?? t("common.unknown"), date: format.date(i.lastSentAt), count: i.sendCount })}{" "}
                  {i.expiresAt <= now ? (
                    <span className="badge bg-amber-100 text-amber-900">{t("groups.invite.expired")}</span>
                  ) : (
                    t("groups.invite.expires", { date: format.date(i.expiresAt) })
                  )}
                </p>
                <Form method="post" encType="multipart/form-data" className="mt-2 flex flex-wrap gap-2">
                  <input type="hidden" name="invitationId" value={i.id} />
                  <button type="submit" name="intent" value="resend" className="btn-secondary px-2 py-1" disabled={group.readOnly}>
                    {t("groups.invite.resend")}
                  </button>
                  <button type="submit" name="intent" value="revoke" className="btn-secondary border-red-300 px-2 py-1 text-red-800 hover:bg-red-50">
                    {t("groups.invite.revoke")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
