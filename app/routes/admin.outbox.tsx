import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/ui/pagination";
import { requireOrgRole } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { redactLinkToken } from "~/email/link-secret.server";
import { canRevealLink, listOutbox } from "~/email/outbox.server";
import { env } from "~/env.server";
import { revealOutboxLink } from "~/features/admin/commands/reveal-outbox-link.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { decimalId, pageParam } from "~/schemas/fields";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("admin.outbox.title");
export const ErrorBoundary = RouteErrorBoundary;

const STATUS_CLASS = {
  pending: "bg-amber-100 text-amber-900",
  sent: "bg-green-100 text-green-900",
  failed: "bg-red-100 text-red-900",
  logged: "bg-slate-200 text-slate-900",
  withheld: "bg-slate-100 text-slate-700",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgRole(request, "admin");
  const { page } = z.object({ page: pageParam }).parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, pages } = listOutbox({ page });
  const now = Date.now();
  return {
    page,
    pages,
    smtp: Boolean(env.SMTP_URL),
    rows: rows.map((r) => ({
      id: r.id,
      to: r.toAddress,
      subject: r.subject,
      // Sign-in links are shown redacted; an unsent one can be revealed below, one at a time and audited.
      text: redactLinkToken(r.textBody),
      canReveal: canRevealLink(r, now),
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
    })),
  };
}

const revealSchema = z.object({ intent: z.literal("reveal"), id: decimalId() }).strict();

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireOrgRole(request, "admin");
  const t = serverTranslator(request, me);
  const parsed = revealSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ id: null, link: null, error: t("errors.400.title") }, { status: 400 });
  const revealed = execute(revealOutboxLink, actorOf(me), { emailId: parsed.data.id });
  if (!revealed.ok) {
    // A link that is gone (the command's not_found, with its message) is 410 beside the e-mail, as it always was.
    if (revealed.error.code !== "not_found") throwIfPageError(revealed.error);
    const status = revealed.error.code === "not_found" ? 410 : statusOf(revealed.error);
    return data({ id: parsed.data.id, link: null, error: messageOf(revealed.error, t) }, { status });
  }
  return { id: parsed.data.id, link: revealed.value.link, error: null };
}

export default function AdminOutbox() {
  const { rows, page, pages, smtp } = useLoaderData<typeof loader>();
  const revealed = useActionData<typeof action>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <PageHeader title={t("admin.outbox.title")} lead={t("admin.outbox.lead")} />
      <p className="mb-4 rounded-md border border-slate-300 bg-white p-3 text-sm text-slate-800">{t(smtp ? "admin.outbox.smtpOn" : "admin.outbox.smtpOff")}</p>
      {rows.length === 0 ? (
        <p className="card">{t("admin.outbox.empty")}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className="card" data-testid="outbox-email">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_CLASS[r.status]}`}>{t(`admin.outbox.status.${r.status}`)}</span>
                <span className="font-medium">{r.subject}</span>
              </div>
              <p className="mt-1 break-all text-sm text-slate-700">
                {t("admin.outbox.colTo")}: {r.to} · {format.dateTime(r.createdAt)} · {t("admin.outbox.colAttempts")}: {r.attempts}
              </p>
              {r.lastError ? <p className="mt-1 text-sm text-red-800">{t("admin.outbox.lastError", { error: r.lastError })}</p> : null}
              <details className="mt-2">
                <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("admin.outbox.show")}</summary>
                <pre className="mt-2 whitespace-pre-wrap break-words rounded bg-slate-100 p-3 text-sm">{r.text}</pre>
              </details>
              {revealed?.id === r.id && revealed.link ? (
                <p className="mt-2 text-sm" role="status">
                  {t("admin.outbox.revealed")}{" "}
                  <a href={revealed.link} className="break-all" rel="noreferrer">
                    {revealed.link}
                  </a>
                </p>
              ) : revealed?.id === r.id && revealed.error ? (
                <p className="mt-2 text-sm text-red-800" role="alert">
                  {revealed.error}
                </p>
              ) : r.canReveal ? (
                <Form method="post" className="mt-2">
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" name="intent" value="reveal" className="btn-secondary text-sm">
                    {t("admin.outbox.reveal")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
