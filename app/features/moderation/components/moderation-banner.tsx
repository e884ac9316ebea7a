import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormErrors, SubmitButton } from "~/components/ui/form";
import { REPORT_NOTE_MAX } from "~/domain/constants";

export type ModeratedState = { hiddenAt: number | null; hiddenReason: string | null; heldAt: number | null };

/**
 * What the author and reviewers see on a hidden or held item (everyone else never gets it): the author the reason
 * ("Hidden by a moderator: …", "Waiting for a moderator"), reviewers a mark with a link to the review queue.
 */
export function ModerationBanner({
  item,
  reviewer,
  reviewHref,
  className = "",
  appeal,
}: {
  item: ModeratedState;
  reviewer: boolean;
  reviewHref: string;
  className?: string;
  /** The author's "ask for a review" of a hidden item (helper G): the form while "open", a line once "done". */
  appeal?: AppealProps;
}) {
  const t = useT();
  if (item.hiddenAt === null && item.heldAt === null) return null;
  const classes = `rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 ${className}`;
  if (reviewer) {
    return (
      <p role="note" className={classes}>
        <Link to={reviewHref} className="font-medium underline">
          {item.heldAt !== null ? t("moderation.item.reviewerHeld") : t("moderation.item.reviewerHidden")}
        </Link>
        {item.hiddenAt !== null && item.hiddenReason ? <span> · {item.hiddenReason}</span> : null}
      </p>
    );
  }
  const text =
    item.heldAt !== null
      ? t("moderation.item.held")
      : item.hiddenReason
        ? t("moderation.item.hiddenBy", { reason: item.hiddenReason })
        : t("moderation.item.hiddenPending");
  if (appeal?.state && item.hiddenAt !== null && item.heldAt === null) {
    return (
      <div role="note" className={classes}>
        <p>{text}</p>
        <AppealForm {...appeal} />
      </div>
    );
  }
  return (
    <p role="note" className={classes}>
      {text}
    </p>
  );
}

export type AppealProps = { itemType: "idea" | "comment"; itemId: number; state: "open" | "done" | undefined };

/**
 * The author asks for a review of their hidden idea or comment, once: a plain POST (intent=appeal, works without
 * JavaScript) with an optional note; afterwards only "You asked for a review".
 */
function AppealForm({ itemType, itemId, state }: AppealProps) {
  const t = useT();
  const actionData = useActionData() as { formId?: string; ok?: boolean; result?: unknown } | undefined;
  const formId = `appeal-${itemType}-${itemId}`;
  const refused = actionData?.formId === formId && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const messages = refused?.error
    ? Object.values(refused.error)
        .flat()
        .filter((m): m is string => Boolean(m))
    : [];
  if (state === "done") return <p className="mt-2 font-medium">{t("moderation.item.appeal.done")}</p>;
  const noteId = `${formId}-note`;
  return (
    <Form method="post" className="mt-2 space-y-2">
      <input type="hidden" name="itemType" value={itemType} />
      <input type="hidden" name="itemId" value={itemId} />
      {messages.length ? <FormErrors errors={messages} /> : null}
      <div>
        <label htmlFor={noteId} className="block font-medium">
          {t("moderation.item.appeal.label")}
        </label>
        <textarea id={noteId} name="note" rows={2} maxLength={REPORT_NOTE_MAX} className="input mt-1" aria-describedby={`${noteId}-hint`} />
        <p id={`${noteId}-hint`} className="mt-1 text-xs">
          {t("moderation.item.appeal.hint", { max: REPORT_NOTE_MAX })}
        </p>
      </div>
      <SubmitButton intent="appeal" className="btn-secondary px-3 py-1">
        {t("moderation.item.appeal.submit")}
      </SubmitButton>
    </Form>
  );
}
