import type { SubmissionResult } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormErrors, SubmitButton } from "~/components/ui/form";
import { MODERATION_REASON_MAX } from "~/domain/constants";

/**
 * Staff and admins delete an idea or a comment for good (personal data, a legal request): a <details> with the
 * reason (kept in the audit log; the author is told) and a confirm button. A plain POST, intent=erase, so it works
 * without JavaScript; a refusal shows beside it, open.
 */
export function EraseForm({ itemType, itemId, className = "" }: { itemType: "idea" | "comment"; itemId: number; className?: string }) {
  const t = useT();
  const actionData = useActionData() as { formId?: string; ok?: boolean; result?: unknown } | undefined;
  const formId = `erase-${itemType}-${itemId}`;
  const refused = actionData?.formId === formId && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const messages = refused?.error
    ? Object.values(refused.error)
        .flat()
        .filter((m): m is string => Boolean(m))
    : [];
  const reasonId = `${formId}-reason`;
  return (
    <details className={`w-full ${className}`} open={messages.length > 0}>
      <summary className="cursor-pointer font-medium text-red-800">{t("moderation.item.erase.open")}</summary>
      <Form method="post" className="mt-2 space-y-2 text-sm">
        <input type="hidden" name="itemType" value={itemType} />
        <input type="hidden" name="itemId" value={itemId} />
        <p className="text-slate-700">{t(itemType === "idea" ? "moderation.item.erase.leadIdea" : "moderation.item.erase.leadComment")}</p>
        {messages.length ? <FormErrors errors={messages} /> : null}
        <div>
          <label htmlFor={reasonId} className="block font-medium text-slate-800">
            {t("moderation.item.erase.reason")}
          </label>
          <input
            id={reasonId}
            name="reason"
            type="text"
            required
            maxLength={MODERATION_REASON_MAX}
            className="input mt-1"
            aria-describedby={`${reasonId}-hint`}
            aria-invalid={messages.length > 0 || undefined}
          />
          <p id={`${reasonId}-hint`} className="mt-1 text-xs text-slate-600">
            {t("moderation.item.erase.reasonHint")}
          </p>
        </div>
        <SubmitButton intent="erase" className="btn-secondary border-red-300 px-3 py-1 text-red-800 hover:bg-red-50">
          {t("moderation.item.erase.confirm")}
        </SubmitButton>
      </Form>
    </details>
  );
}
