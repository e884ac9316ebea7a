import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/layout";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/ui/pagination";
import type { MessageKey } from "~/i18n";
import { isOrgStaff } from "~/policy";
import { pageParam } from "~/schemas/fields";
import { notificationSchema } from "~/schemas/group";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("notifications.title");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  const { requireUser } = await import("~/auth/session.server");
  const { listNotifications } = await import("~/models/notification.server");
  const user = await requireUser(request);
  const { page } = z.object({ page: pageParam }).parse(Object.fromEntries(new URL(request.url).searchParams));
  return { page, ...listNotifications({ userId: user.id, page, isStaff: isOrgStaff(user.role) }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { requireUser } = await import("~/auth/session.server");
  const { markRead } = await import("~/models/notification.server");
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: notificationSchema });
  if (submission.status !== "success") return data({ ok: false }, { status: 400 });
  markRead({ userId: user.id, id: submission.value.intent === "read" ? submission.value.id : undefined });
  return { ok: true };
}

/** Where a notification leads: the comment, the group, or the front page when the reader is not (yet) inside. */
function target(kind: string, slug: string | null, data: Record<string, string>, groupVisible: boolean): string {
  if (!slug || !groupVisible) return "/";
  if (kind === "joinDeclined" || kind === "removed") return "/";
  if (kind === "joinRequested") return `/g/${slug}/manage`;
  if ((kind === "mentioned" || kind === "replied") && /^\d+$/.test(data.number ?? "")) return `/g/${slug}/ideas/${data.number}${/^\d+$/.test(data.commentId ?? "") ? `#comment-${data.commentId}` : ""}`;
  return `/g/${slug}`;
}

export default function Notifications() {
  const { rows, page, pages } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
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
            const data = n.data as Record<string, string>;
            // Someone who has left the group no longer sees what its discussions were about.
            const hidden = (n.kind === "mentioned" || n.kind === "replied") && !n.groupVisible;
            const text = hidden ? t("notifications.kind.hiddenDiscussion", { group: n.groupName ?? "" }) : t(`notifications.kind.${n.kind}` as MessageKey, { group: n.groupName ?? "", name: data.name ?? "", title: data.title ?? "", role: data.role ? t(`groups.role.${data.role === "moderator" ? "moderator" : "member"}`) : "" });
            return (
              <li key={n.id} className={`flex flex-wrap items-start gap-3 p-4 ${n.readAt === null ? "bg-blue-50/60" : ""}`}>
                <div className="min-w-0 flex-1">
                  <p className={n.readAt === null ? "font-semibold" : ""}>
                    {n.readAt === null ? <span className="sr-only">{t("notifications.unread")}: </span> : null}
                    <Link to={target(n.kind, n.groupSlug, data, n.groupVisible)}>{text}</Link>
                  </p>
                  {data.message ? <p className="mt-1 whitespace-pre-line text-sm text-slate-700">“{data.message}”</p> : null}
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
