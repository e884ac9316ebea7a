import type { SubmissionResult } from "@conform-to/react";
import { Link, useSearchParams } from "@remix-run/react";
import type { AuthorContext, QueueItem } from "~/models/types";
import { queueSchema } from "~/schemas/idea";
import { AuthorContext as AuthorContextPanel, ResponseComposer, type SavedReplyOption } from "./feedback";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/idea";
import { Disclosure } from "~/components/ui/disclosure";
import { Notice } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";

export type QueueEntry = QueueItem & { context: AuthorContext | null };

type QueueAction = { formId: string; result: unknown; message: string | null } | undefined;

/** Waited time in days (or hours under a day), against the group's target. */
function useWaited() {
  const t = useT();
  return (ms: number, targetDays: number) => {
    const days = Math.floor(ms / 86_400_000);
    const waited = days >= 1 ? t("queue.days", { count: days }) : t("queue.hours", { count: Math.max(1, Math.floor(ms / 3_600_000)) });
    return t("queue.waited", { waited, target: t("queue.target", { count: targetDays }) });
  };
}

/**
 * The response queue: ideas waiting for a first staff response, oldest first, overdue ones marked. Each opens
 * the composer in place, with the author's context and the saved replies: answering is one step. Composers are
 * rendered only when opened (thirty of them were most of the page's cost).
 */
export function QueueList({
  items,
  total,
  overdue,
  page,
  pages,
  savedReplies,
  showGroup,
  actionData,
}: {
  items: QueueEntry[];
  total: number;
  overdue: number;
  page: number;
  pages: number;
  savedReplies: SavedReplyOption[];
  showGroup: boolean;
  actionData: QueueAction;
}) {
  const t = useT();
  const format = useFormat();
  const waited = useWaited();
  const [params] = useSearchParams();
  // Without JavaScript, answering opens the composer of that one idea (?answer=<group>-<number>) on this page.
  const answerHref = (answer: string, anchor: string) => {
    const next = new URLSearchParams(params);
    next.set("answer", answer);
    return `?${next}#${anchor}`;
  };
  return (
    <div className="space-y-4">
      {actionData?.message ? <Notice>{actionData.message}</Notice> : null}
      <p className="text-slate-700" aria-live="polite">
        {t("queue.count", { count: format.number(total) })}{" "}
        {overdue > 0 ? <strong className="text-red-800">{t("queue.overdueCount", { count: format.number(overdue) })}</strong> : null}
      </p>
      {items.length === 0 ? <p className="card text-slate-700">{t("queue.empty")}</p> : null}
      <ol className="space-y-3">
        {items.map((item) => {
          const formId = `answer-${item.groupId}-${item.number}`;
          const mine = actionData?.formId === formId && !actionData.message;
          return (
            <li key={item.id} className={`card p-4 ${item.overdue ? "border-red-300" : ""}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-semibold">
                  <Link to={`/g/${item.groupSlug}/ideas/${item.number}`}>{item.title}</Link>
                </h3>
                <p className={`text-sm ${item.overdue ? "font-semibold text-red-800" : "text-slate-700"}`}>
                  {item.overdue ? <span className="badge mr-1 bg-red-100 text-red-900">{t("queue.overdue")}</span> : null}
                  {waited(item.waitedMs, item.targetDays)}
                </p>
              </div>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <StatusBadge status={item.status} />
                <span>
                  {item.authorName ?? t("common.unknown")} · {format.date(item.createdAt)} · {t("ideas.votes", { count: format.number(item.voteCount) })} ·{" "}
                  {t("ideas.commentCount", { count: format.number(item.commentCount) })}
                </span>
                {showGroup ? <span>· {item.groupName}</span> : null}
              </p>
              {item.excerpt ? <p className="mt-2 line-clamp-3 text-sm text-slate-800">{item.excerpt}</p> : null}
              <div className="mt-3 text-sm">
                <Disclosure
                  href={answerHref(`${item.groupId}-${item.number}`, formId)}
                  label={t("queue.answer", { title: item.title })}
                  open={mine || params.get("answer") === `${item.groupId}-${item.number}`}
                  closeOn={item.id}
                >
                  {() => (
                    <div className="mt-1 grid gap-4 text-base lg:grid-cols-[1fr,15rem]">
                      <div>
                        <ResponseComposer
                          id={formId}
                          schema={queueSchema}
                          lastResult={mine ? (actionData?.result as SubmissionResult<string[]> | null) : undefined}
                          status={item.status}
                          prefill=""
                          context={{ name: item.authorName ?? "", idea: item.title, group: item.groupName }}
                          savedReplies={savedReplies}
                          replyLink={(id) => `/g/${item.groupSlug}/ideas/${item.number}?reply=${id}#respond`}
                          hidden={
                            <>
                              <input type="hidden" name="groupId" value={item.groupId} />
                              <input type="hidden" name="number" value={item.number} />
                            </>
                          }
                        />
                      </div>
                      <AuthorContextPanel slug={item.groupSlug} context={item.context} />
                    </div>
                  )}
                </Disclosure>
              </div>
            </li>
          );
        })}
      </ol>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
