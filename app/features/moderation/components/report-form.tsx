import type { SubmissionResult } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { FormErrors, SubmitButton } from "~/components/ui/form";
import { REPORT_NOTE_MAX, REPORT_REASONS, type ReportReason } from "~/domain/constants";
import type { MessageKey } from "~/i18n";

export type ViewerMute = { reason: string; until: number | null };

/** "You are muted in this group until …: reason", shown instead of (or above) a form the muted member cannot use. */
export function MuteNotice({ mute, className = "" }: { mute: ViewerMute; className?: string }) {
  const t = useT();
  const format = useFormat();
  return (
    <p role="note" className={`rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 ${className}`}>
      {mute.until === null
        ? t("moderation.item.mutedForever", { reason: mute.reason })
        : t("moderation.item.muted", { date: format.dateTime(mute.until), reason: mute.reason })}
    </p>
  );
}

/**
 * Reporting an idea or a comment: a <details> with the reasons and an optional note (a plain POST, intent=report,
 * so it works without JavaScript). Once reported, the reporter sees so, with the reason, and can withdraw it.
 */
export function ReportForm({
  itemType,
  itemId,
  reported,
  mute,
}: {
  itemType: "idea" | "comment" | "intro" | "update";
  itemId: number | string;
  reported: ReportReason | undefined;
  mute: ViewerMute | null;
}) {
  const t = useT();
  const actionData = useActionData() as { formId?: string; ok?: boolean; result?: unknown } | undefined;
  const formId = `report-${itemType}-${itemId}`;
  const refused = actionData?.formId === formId && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const messages = refused?.error
    ? Object.values(refused.error)
        .flat()
        .filter((m): m is string => Boolean(m))
    : [];
  if (mute) return <MuteNotice mute={mute} className="w-full" />;
  const hidden = (
    <>
      <input type="hidden" name="itemType" value={itemType} />
      <input type="hidden" name="itemId" value={itemId} />
    </>
  );
  if (reported) {
    return (
      <Form method="post" className="flex w-full flex-wrap items-center gap-2 text-sm">
        {hidden}
        <span className="text-slate-700">{t("moderation.item.youReported", { reason: t(`moderation.item.reason.${reported}` as MessageKey) })}</span>
        <SubmitButton intent="withdraw-report" className="btn-secondary px-3 py-1">
          {t("moderation.item.withdraw")}
        </SubmitButton>
        {messages.length ? <FormErrors errors={messages} /> : null}
      </Form>
    );
  }
  const noteId = `${formId}-note`;
  return (
    <details className="w-full" open={messages.length > 0}>
      <summary className="cursor-pointer font-medium text-slate-700">{t("moderation.item.report")}</summary>
      <Form method="post" className="mt-2 space-y-3 text-sm">
        {hidden}
        {messages.length ? <FormErrors errors={messages} /> : null}
        <fieldset>
          <legend className="font-medium text-slate-800">
            {t(
              itemType === "idea"
                ? "moderation.item.reportIdea"
                : itemType === "intro"
                  ? "moderation.item.reportIntro"
                  : itemType === "update"
                    ? "moderation.item.reportUpdate"
                    : "moderation.item.reportComment",
            )}
            : {t("moderation.item.reasonLegend")}
          </legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {REPORT_REASONS.map((reason) => (
              <label key={reason} className="flex items-center gap-2 py-1">
                <input type="radio" name="reason" value={reason} required className="h-4 w-4" />
                {t(`moderation.item.reason.${reason}` as MessageKey)}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor={noteId} className="block font-medium text-slate-800">
            {t("moderation.item.note")}
          </label>
          <textarea id={noteId} name="note" rows={2} maxLength={REPORT_NOTE_MAX} className="input mt-1" aria-describedby={`${noteId}-hint`} />
          <p id={`${noteId}-hint`} className="mt-1 text-xs text-slate-600">
            {t("moderation.item.noteHint", { max: REPORT_NOTE_MAX })}
          </p>
        </div>
        <SubmitButton intent="report" className="btn-secondary px-3 py-1">
          {t("moderation.item.send")}
        </SubmitButton>
      </Form>
    </details>
  );
}
