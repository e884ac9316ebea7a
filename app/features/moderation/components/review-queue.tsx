import { Form, Link, useSearchParams } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { Notice } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { MODERATION_ITEM_TYPES, REPORT_REASONS } from "~/domain/constants";
import type { ReviewCase } from "../review-types";

export type ReviewEntry = ReviewCase & { canDecide: boolean; canEditOut: boolean };
type ReviewAction = { caseId: number | null; error: string | null; message: string | null } | undefined;

/** Where the item lives, for the "open the item" link. */
function itemHref(c: ReviewCase): string | null {
  const base = `/g/${c.groupSlug}`;
  if (c.gone) return null;
  if (c.itemType === "idea" && c.item.ideaNumber !== null) return `${base}/ideas/${c.item.ideaNumber}`;
  if (c.itemType === "comment" && c.item.ideaNumber !== null) return `${base}/ideas/${c.item.ideaNumber}#comment-${c.itemId}`;
  if (c.itemType === "update") return `${base}/updates#post-${c.itemId}-title`;
  if (c.itemType === "intro") return `${base}/members/${c.itemId}`;
  return null;
}

/** The filters as a plain GET form: works without JavaScript, and the pager keeps them. */
function ReviewFilters() {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <Form method="get" className="card mb-4 grid gap-3 p-4 sm:grid-cols-4 sm:items-end" aria-label={t("moderation.review.filters")}>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">{t("moderation.review.state")}</span>
        <select name="state" defaultValue={params.get("state") ?? "open"} className="input">
          <option value="open">{t("moderation.review.state.open")}</option>
          <option value="decided">{t("moderation.review.state.decided")}</option>
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">{t("moderation.review.reason")}</span>
        <select name="reason" defaultValue={params.get("reason") ?? ""} className="input">
          <option value="">{t("moderation.review.any")}</option>
          {REPORT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`moderation.review.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">{t("moderation.review.type")}</span>
        <select name="type" defaultValue={params.get("type") ?? ""} className="input">
          <option value="">{t("moderation.review.any")}</option>
          {MODERATION_ITEM_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`moderation.review.type.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn-secondary">
        {t("moderation.review.apply")}
      </button>
    </Form>
  );
}

function DecisionForms({ c, actionData }: { c: ReviewEntry; actionData: ReviewAction }) {
  const t = useT();
  const id = `case-${c.id}`;
  const error = actionData?.caseId === c.id ? actionData.error : null;
  const hidden = (
    <>
      <input type="hidden" name="groupId" value={c.groupId} />
      <input type="hidden" name="itemType" value={c.itemType} />
      <input type="hidden" name="itemId" value={c.itemId} />
      <input type="hidden" name="caseId" value={c.id} />
    </>
  );
  return (
    <div className="mt-3 grid gap-3">
      {error ? (
        <p role="alert" id={`${id}-error`} className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <Form method="post" className="grid gap-2" aria-describedby={error ? `${id}-error` : undefined}>
        <input type="hidden" name="intent" value="decide" />
        {hidden}
        <fieldset className="grid gap-1">
          <legend className="text-sm font-medium">{t("moderation.review.decideLegend")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="decision" value="keep" defaultChecked />
            {t("moderation.review.choice.keep")}
          </label>
          {c.gone ? null : c.hidden ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="decision" value="restore" />
              {t("moderation.review.choice.restore")}
            </label>
          ) : (
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="decision" value="hide" />
              {t("moderation.review.choice.hide")}
            </label>
          )}
        </fieldset>
        <label className="grid gap-1 text-sm">
          <span>{t("moderation.review.reasonField")}</span>
          <textarea name="reason" rows={2} maxLength={1000} className="input" />
        </label>
        <label className="grid gap-1 text-sm">
          <span>{t("moderation.review.noteField")}</span>
          <textarea name="note" rows={2} maxLength={1000} className="input" />
        </label>
        <button type="submit" className="btn-primary justify-self-start">
          {t("moderation.review.submit")}
        </button>
      </Form>
      {c.canEditOut && !c.gone && c.itemType !== "intro" ? (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">{t("moderation.review.editOut")}</summary>
          <Form method="post" className="mt-2 grid gap-2">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="decision" value="edit_out" />
            {hidden}
            <label className="grid gap-1">
              <span>{t("moderation.review.find")}</span>
              <input name="find" required maxLength={1000} className="input" />
            </label>
            <label className="grid gap-1">
              <span>{t("moderation.review.replace")}</span>
              <input name="replace" maxLength={1000} placeholder="[removed]" className="input" />
            </label>
            <label className="grid gap-1">
              <span>{t("moderation.review.editOutReason")}</span>
              <input name="reason" maxLength={1000} className="input" />
            </label>
            <button type="submit" className="btn-secondary justify-self-start">
              {t("moderation.review.editOutSubmit")}
            </button>
          </Form>
        </details>
      ) : null}
      {c.canEditOut && !c.gone && (c.itemType === "idea" || c.itemType === "comment") ? (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">{t("moderation.review.erase")}</summary>
          <Form method="post" className="mt-2 grid gap-2">
            <input type="hidden" name="intent" value="erase" />
            {hidden}
            <p className="text-slate-700">{t("moderation.review.eraseLead")}</p>
            <label className="grid gap-1">
              <span>{t("moderation.review.editOutReason")}</span>
              <input name="reason" required maxLength={1000} className="input" />
            </label>
            <button type="submit" className="btn-secondary justify-self-start text-red-800">
              {t("moderation.review.eraseSubmit")}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

/** A newcomer's held post: approve (published now) or reject (with the reason its author sees). */
function HeldForm({ c, actionData }: { c: ReviewEntry; actionData: ReviewAction }) {
  const t = useT();
  const id = `case-${c.id}`;
  const error = actionData?.caseId === c.id ? actionData.error : null;
  return (
    <div className="mt-3 grid gap-3">
      {error ? (
        <p role="alert" id={`${id}-error`} className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <Form method="post" className="grid gap-2" aria-describedby={error ? `${id}-error` : undefined}>
        <input type="hidden" name="intent" value="held" />
        <input type="hidden" name="groupId" value={c.groupId} />
        <input type="hidden" name="caseId" value={c.id} />
        <fieldset className="grid gap-1">
          <legend className="text-sm font-medium">{t("moderation.review.decideLegend")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="decision" value="approve" defaultChecked />
            {t("moderation.review.choice.approve")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="decision" value="reject" />
            {t("moderation.review.choice.reject")}
          </label>
        </fieldset>
        <label className="grid gap-1 text-sm">
          <span>{t("moderation.review.rejectReason")}</span>
          <textarea name="reason" rows={2} maxLength={1000} className="input" />
        </label>
        <button type="submit" className="btn-primary justify-self-start">
          {t("moderation.review.submit")}
        </button>
      </Form>
    </div>
  );
}

function CaseRow({ c, showGroup, actionData }: { c: ReviewEntry; showGroup: boolean; actionData: ReviewAction }) {
  const t = useT();
  const format = useFormat();
  const href = itemHref(c);
  const heading =
    c.itemType === "idea"
      ? `#${c.item.ideaNumber ?? "?"} ${c.item.title ?? ""}`
      : c.itemType === "update"
        ? (c.item.title ?? "")
        : c.itemType === "intro"
          ? t("moderation.review.introOf", { name: c.item.introName ?? t("common.unknown") })
          : t("moderation.review.onIdea", { number: c.item.ideaNumber ?? "?", title: c.item.ideaTitle ?? "" });
  return (
    <li className={`card p-4 ${c.autoHidden ? "border-amber-400" : ""}`} data-case={c.id}>
      <p className="flex flex-wrap items-center gap-2 text-xs">
        <span className="badge bg-slate-100 text-slate-900">{t(`moderation.review.type.${c.itemType}`)}</span>
        <span className="badge bg-slate-100 text-slate-900">{t(`moderation.review.origin.${c.origin}`)}</span>
        {c.autoHidden && c.state !== "decided" ? (
          <span className="badge bg-amber-100 text-amber-950">{t("moderation.review.autoHidden")}</span>
        ) : c.hidden ? (
          <span className="badge bg-amber-100 text-amber-950">{t("moderation.review.hidden")}</span>
        ) : null}
        {c.held ? <span className="badge bg-sky-100 text-sky-950">{t("moderation.review.held")}</span> : null}
        {showGroup ? <span className="text-slate-700">{t("moderation.review.group", { name: c.groupName })}</span> : null}
      </p>
      <h3 className="mt-2 break-words font-semibold">{href ? <Link to={href}>{heading}</Link> : heading}</h3>
      {c.gone ? <p className="text-sm text-slate-700">{t("moderation.review.gone")}</p> : null}
      {c.item.parentExcerpt ? (
        <p className="mt-1 line-clamp-2 text-sm text-slate-700">{t("moderation.review.replyTo", { excerpt: c.item.parentExcerpt })}</p>
      ) : null}
      {c.item.excerpt ? (
        <blockquote className="mt-2 line-clamp-4 whitespace-pre-line break-words border-l-4 border-slate-200 pl-3 text-sm text-slate-900">
          {c.item.excerpt}
        </blockquote>
      ) : null}
      <p className="mt-2 text-sm text-slate-700">
        {c.author ? t("moderation.review.author", { name: c.author.name }) : t("moderation.review.unknownAuthor")}
        {c.author ? (
          <>
            {" · "}
            {t("moderation.review.history", { hidden: format.number(c.author.earlierHidden), mutes: format.number(c.author.mutes) })}
            {c.author.muted ? (
              <>
                {" · "}
                <strong>
                  {c.author.mutedUntil ? t("moderation.review.mutedUntil", { date: format.date(c.author.mutedUntil) }) : t("moderation.review.mutedLifted")}
                </strong>
              </>
            ) : null}
            {" · "}
            <Link to={`/g/${c.groupSlug}/members/${c.author.id}`} className="underline">
              {t("moderation.review.memberLink")}
            </Link>
          </>
        ) : null}
      </p>
      {c.appealNote ? <p className="mt-2 rounded-md bg-sky-50 p-2 text-sm text-sky-950">{t("moderation.review.appealNote", { note: c.appealNote })}</p> : null}
      {c.reporters.length > 0 ? (
        <div className="mt-2 text-sm">
          <p className="font-medium">
            {t("moderation.review.reports", { count: c.reportCount || c.reporters.length })}
            {": "}
            {c.reasons
              .map((r) => t("moderation.review.reasonCount", { reason: t(`moderation.review.reason.${r.reason}`), count: format.number(r.count) }))
              .join(", ")}
          </p>
          <details className="mt-1">
            <summary className="cursor-pointer">{t("moderation.review.reporters")}</summary>
            <ul className="mt-1 list-disc pl-5">
              {c.reporters.map((r, i) => (
                <li key={i} className="break-words">
                  {r.name} ({t(`moderation.review.reason.${r.reason}`)}){r.note ? `: ${r.note}` : ""}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
      <p className="mt-2 text-xs text-slate-600">{t("moderation.review.opened", { date: format.date(c.openedAt) })}</p>
      {c.decision && c.decidedAt !== null ? (
        <p className="mt-1 text-sm font-medium">
          {t("moderation.review.decidedBy", {
            decision: t(`moderation.review.decision.${c.decision}`),
            name: c.decidedByName ?? t("common.unknown"),
            date: format.date(c.decidedAt),
          })}
        </p>
      ) : null}
      {c.state === "open" && c.canDecide ? (
        c.held ? (
          <HeldForm c={c} actionData={actionData} />
        ) : c.origin !== "held" ? (
          <DecisionForms c={c} actionData={actionData} />
        ) : null
      ) : null}
    </li>
  );
}

/** The review queue: filters, the count, one card per case with its decision forms, and the pager. */
export function ReviewQueue({
  cases,
  total,
  page,
  pages,
  showGroup,
  actionData,
}: {
  cases: ReviewEntry[];
  total: number;
  page: number;
  pages: number;
  showGroup: boolean;
  actionData: ReviewAction;
}) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="space-y-4">
      {actionData?.message ? <Notice>{actionData.message}</Notice> : null}
      <ReviewFilters />
      <p className="text-slate-700" aria-live="polite">
        {t("moderation.review.count", { count: format.number(total) })}
      </p>
      {cases.length === 0 ? <p className="card p-4 text-slate-700">{t("moderation.review.empty")}</p> : null}
      <ol className="space-y-3">
        {cases.map((c) => (
          <CaseRow key={c.id} c={c} showGroup={showGroup} actionData={actionData} />
        ))}
      </ol>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
