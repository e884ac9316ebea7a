import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/ui/pagination";
import type { MessageKey } from "~/i18n";
import { statusKey } from "~/components/idea";
import { isOrgStaff } from "~/policy";
import { pageParam } from "~/schemas/fields";
import { notificationSchema } from "~/schemas/group";
import { titleMeta } from "~/utils/meta";
import { requireUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { markNotificationsRead } from "~/features/accounts/commands/mark-notifications-read.server";
import { openNotification } from "~/features/accounts/commands/open-notification.server";
import { requireActor } from "~/http/actor.server";
import { statusOf, throwIfPageError } from "~/http/command-reply.server";
import { listNotifications } from "~/models/notification.server";
import { IDEA_STATUSES, MODERATION_NOTICE_KINDS, type IdeaStatus } from "~/domain/constants";

const isIdeaStatus = (code: string): code is IdeaStatus => (IDEA_STATUSES as readonly string[]).includes(code);

export const meta = titleMeta("notifications.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { page } = z.object({ page: pageParam }).parse(Object.fromEntries(new URL(request.url).searchParams));
  return { page, ...listNotifications({ userId: user.id, page, isStaff: isOrgStaff(user.role) }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const submission = parseWithZod(await request.formData(), { schema: notificationSchema });
  if (submission.status !== "success") return data({ ok: false }, { status: 400 });
  const v = submission.value;
  if (v.intent === "open") {
    // Opening a notification reads it: a POST (no GET changes anything), then on to where it leads.
    const opened = execute(openNotification, actor, { id: v.id });
    if (!opened.ok) {
      throwIfPageError(opened.error);
      return data({ ok: false }, { status: statusOf(opened.error) });
    }
    return redirect(opened.value.href);
  }
  const read = execute(markNotificationsRead, actor, { id: v.intent === "read" ? v.id : undefined });
  if (!read.ok) {
    throwIfPageError(read.error);
    return data({ ok: false }, { status: statusOf(read.error) });
  }
  return { ok: true };
}

export default function Notifications() {
  const { rows, page, pages } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const describe = (n: (typeof rows)[number]) => {
    const d = n.data as Record<string, string>;
    // Someone who has left the group no longer sees what its discussions were about.
    if (n.hidden) return t("notifications.kind.hiddenDiscussion", { group: n.groupName ?? "" });
    if ((MODERATION_NOTICE_KINDS as readonly string[]).includes(n.kind)) return describeModeration(n.kind, d, n.count);
    const status = (code: string | undefined) => (code && isIdeaStatus(code) ? t(statusKey(code)) : "");
    const key = n.kind === "status" && d.from === d.status ? "notifications.kind.response" : (`notifications.kind.${n.kind}` as MessageKey);
    return t(key, {
      // A grouped comment notification: "3 new comments on …" (the count picks the plural form).
      count: n.count === 1 ? 1 : format.number(n.count),
      group: n.groupName ?? "",
      name: d.name ?? "",
      title: d.title ?? "",
      intoTitle: d.intoTitle ?? "",
      status: status(d.status),
      source: d.source ? t(`loop.sourceLower.${d.source}` as MessageKey) : "",
      role: d.role ? t(`groups.role.${d.role === "moderator" ? "moderator" : "member"}`) : "",
    });
  };
  // Moderation notices (issue 13): the item in words ("a comment on #12 “Title”"), never its text.
  const describeModeration = (kind: string, d: Record<string, string>, count: number) => {
    const itemType = ["idea", "comment", "update", "intro"].includes(d.itemType ?? "") ? d.itemType : "idea";
    const item =
      d.outcome === "hidden" || (!d.number && (itemType === "idea" || itemType === "comment"))
        ? t(`moderation.notice.itemBare.${itemType}` as MessageKey)
        : t(`moderation.notice.item.${itemType}` as MessageKey, { number: d.number ?? "", title: d.title ?? "", name: d.name ?? "" });
    if (kind === "reportOutcome") {
      const outcome = d.outcome === "kept" || d.outcome === "editedOut" ? d.outcome : "hidden";
      return t(`moderation.notice.reportOutcome.${outcome}` as MessageKey, { item });
    }
    if (kind === "muted")
      return d.until && /^\d+$/.test(d.until)
        ? t("moderation.notice.muted" as MessageKey, { date: format.dateTime(Number(d.until)) })
        : t("moderation.notice.mutedLifted" as MessageKey);
    if (kind === "unmuted") return t("moderation.notice.unmuted" as MessageKey);
    return t(`moderation.notice.${kind}` as MessageKey, { item, count: count === 1 ? 1 : format.number(count) });
  };
  const unread = rows.some((r) => r.readAt === null);
  return (
    <>
      <PageHeader title={t("notifications.title")} lead={t("notifications.lead")} />
      {unread ? (
        <Form method="post" className="mb-4">
          <button type="submit" name="intent" value="readAll" className="btn-secondary">
            {t("notifications.markAll")}
          </button>
        </Form>
      ) : null}
      {rows.length === 0 ? (
        <p className="card text-slate-700">{t("notifications.empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {rows.map((n) => {
            const text = describe(n);
            return (
              <li key={n.id} className={`flex flex-wrap items-start gap-3 p-4 ${n.readAt === null ? "bg-blue-50/60" : ""}`}>
                <div className="min-w-0 flex-1">
                  {/* A div, not a p: the unread ones hold a form, which a paragraph cannot. */}
                  <div className={n.readAt === null ? "font-semibold" : ""}>
                    {n.readAt === null ? <span className="sr-only">{t("notifications.unread")}: </span> : null}
                    {n.readAt === null ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="id" value={n.id} />
                        <button type="submit" name="intent" value="open" className="text-left text-blue-800 underline-offset-2 hover:underline">
                          {text}
                        </button>
                      </Form>
                    ) : (
                      <Link to={n.href}>{text}</Link>
                    )}
                  </div>
                  {n.data.reason ? (
                    <p className="mt-1 whitespace-pre-line text-sm text-slate-700">
                      {t("moderation.notice.reason" as MessageKey)} “{n.data.reason}”
                    </p>
                  ) : null}
                  {n.data.message ? <p className="mt-1 whitespace-pre-line text-sm text-slate-700">“{n.data.message}”</p> : null}
                  <p className="mt-1 text-xs text-slate-600">{format.dateTime(n.createdAt)}</p>
                </div>
                {n.readAt === null ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" name="intent" value="read" className="btn-secondary px-2 py-1 text-xs">
                      {t("notifications.markRead")}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
