import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import type { z } from "zod";
import type { IdeaEventKind, IdeaStatus } from "~/domain/constants";
import { translateError, type MessageKey } from "~/i18n";
import type { AuthorContext as AuthorContextData } from "~/models/types";
import { SETTABLE_STATUSES } from "~/schemas/idea";
import { fillPlaceholders, firstName, replyHints, type ReplyContext } from "~/utils/reply-tools";
import { Avatar, Markdown } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge, statusKey, useHydrated } from "~/components/idea";
import { describedBy, FormErrors, Help, SubmitButton } from "~/components/ui/form";

export type SavedReplyOption = { id: number; title: string; body: string };

/**
 * Staff's response composer: a status and an official response (markdown), with saved replies filled in for
 * this member and idea, and gentle hints while writing (greeting by name, thanks, a next step). The hints never
 * block sending. Without JavaScript, saved replies come through links (`?reply=<id>`) that pre-fill the text.
 */
export function ResponseComposer({
  id,
  schema,
  lastResult,
  status,
  prefill,
  context,
  savedReplies,
  replyLink,
  hidden,
}: {
  id: string;
  schema: z.ZodTypeAny;
  lastResult?: SubmissionResult<string[]> | null;
  status: IdeaStatus;
  prefill: string;
  context: ReplyContext;
  savedReplies: SavedReplyOption[];
  /** Where a saved reply's no-JavaScript link points (the page with ?reply=<id>). */
  replyLink: (replyId: number) => string;
  hidden?: ReactNode;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const [text, setText] = useState(prefill);
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: { intent: "status", status, response: prefill },
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const responseError = translateError(t, fields.response.errors?.[0]);
  const { key: textareaKey, ...textarea } = getTextareaProps(fields.response, { ariaAttributes: true });
  const { key: selectKey, ...select } = getSelectProps(fields.status, { ariaAttributes: true });
  const hints = hydrated ? replyHints(text, context.name) : [];
  const hintsId = `${id}-hints`;
  const useSaved = (replyId: string) => {
    const reply = savedReplies.find((r) => String(r.id) === replyId);
    const el = document.getElementById(fields.response.id) as HTMLTextAreaElement | null;
    if (!reply || !el) return;
    el.value = fillPlaceholders(reply.body, context);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    setText(el.value);
    el.focus();
  };
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} id={form.errorId} />
      <input type="hidden" name="intent" value="status" />
      {hidden}
      <div>
        <label htmlFor={fields.status.id} className="block text-sm font-medium text-slate-800">
          {t("loop.status")}
        </label>
        <select key={selectKey} {...select} className="input mt-1 sm:w-auto">
          {SETTABLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(statusKey(s))}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-slate-600">{t("loop.responseRequiredHint")}</p>
      </div>
      {savedReplies.length > 0 ? (
        hydrated ? (
          <div>
            <label htmlFor={`${id}-saved`} className="block text-sm font-medium text-slate-800">
              {t("loop.savedReply")}
            </label>
            <select id={`${id}-saved`} className="input mt-1 sm:w-auto" defaultValue="" onChange={(e) => useSaved(e.currentTarget.value)}>
              <option value="">{t("loop.savedReplyChoose")}</option>
              {savedReplies.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="text-sm">
            {t("loop.savedReply")}:{" "}
            {savedReplies.map((r, i) => (
              <span key={r.id}>
                {i > 0 ? " · " : null}
                <Link to={replyLink(r.id)}>{r.title}</Link>
              </span>
            ))}
          </p>
        )
      ) : null}
      <div>
        <label htmlFor={fields.response.id} className="block text-sm font-medium text-slate-800">
          {t("loop.response")}
        </label>
        <textarea
          key={textareaKey}
          {...textarea}
          rows={6}
          onInput={(e) => setText(e.currentTarget.value)}
          className="input mt-1"
          aria-invalid={responseError ? true : undefined}
          aria-describedby={
            [describedBy(fields.response.id, t("loop.responseHint"), responseError), hints.length ? hintsId : null].filter(Boolean).join(" ") || undefined
          }
        />
        <Help id={fields.response.id} hint={t("loop.responseHint")} error={responseError} />
        <div id={hintsId} aria-live="polite" className="mt-1">
          {hints.length > 0 ? (
            <ul className="space-y-0.5 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm text-sky-950">
              {hints.map((h) => (
                <li key={h}>{t(`loop.hint.${h}` as MessageKey, { name: firstName(context.name) })}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      <SubmitButton>{t("loop.send")}</SubmitButton>
    </Form>
  );
}

/** Who wrote the idea, beside the composer: a personal reply starts from knowing the person. */
export function AuthorContext({ slug, context }: { slug: string; context: AuthorContextData | null }) {
  const t = useT();
  const format = useFormat();
  if (!context) return null;
  return (
    <aside aria-label={t("loop.aboutAuthor", { name: context.name })} className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <div className="flex items-center gap-3">
        <Avatar name={context.name} />
        <div>
          <p className="font-semibold">{context.name}</p>
          <p className="text-xs text-slate-600">{context.joinedAt ? t("groups.joinedOn", { date: format.date(context.joinedAt) }) : t("loop.notAMember")}</p>
        </div>
      </div>
      {context.intro ? <p className="mt-2 line-clamp-3 text-slate-700">{context.intro}</p> : null}
      <p className="mt-3 font-medium text-slate-800">{t("loop.otherIdeas")}</p>
      {context.ideas.length === 0 ? (
        <p className="text-slate-600">{t("loop.firstIdea")}</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {context.ideas.map((i) => (
            <li key={i.number} className="flex flex-wrap items-center gap-2">
              <Link to={`/g/${slug}/ideas/${i.number}`}>{i.title}</Link>
              <StatusBadge status={i.status} />
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

export type TimelineEvent = {
  id: number;
  kind: IdeaEventKind;
  fromStatus: IdeaStatus | null;
  toStatus: IdeaStatus | null;
  html: string | null;
  createdAt: number;
  actorName: string | null;
  related: { number: number; title: string } | null;
};

/** A status change, an official response, or a merge, as a line of the idea's timeline. */
export function EventItem({ slug, event, latest, children }: { slug: string; event: TimelineEvent; latest: boolean; children?: ReactNode }) {
  const t = useT();
  const format = useFormat();
  const who = event.actorName ?? t("common.unknown");
  let line: ReactNode;
  if (event.kind === "unmerged" && event.related && event.toStatus) {
    line = (
      <>
        {t("loop.event.unmerged", { name: who })}{" "}
        <Link to={`/g/${slug}/ideas/${event.related.number}`}>
          #{event.related.number} {event.related.title}
        </Link>
        {" · "}
        {t("loop.event.unmergedStatus")} <StatusBadge status={event.toStatus} />
      </>
    );
  } else if (event.kind === "unmerged_out" && event.related) {
    line = (
      <>
        {t("loop.event.unmergedOut", { name: who })}{" "}
        <Link to={`/g/${slug}/ideas/${event.related.number}`}>
          #{event.related.number} {event.related.title}
        </Link>
      </>
    );
  } else if (event.kind === "merged_in" && event.related) {
    line = (
      <>
        {t("loop.event.mergedIn", { name: who })}{" "}
        <Link to={`/g/${slug}/ideas/${event.related.number}?original=1`}>
          #{event.related.number} {event.related.title}
        </Link>
      </>
    );
  } else if (event.toStatus === "merged" && event.related) {
    line = (
      <>
        {t("loop.event.mergedInto", { name: who })}{" "}
        <Link to={`/g/${slug}/ideas/${event.related.number}`}>
          #{event.related.number} {event.related.title}
        </Link>
      </>
    );
  } else if (event.fromStatus !== event.toStatus && event.toStatus) {
    line = (
      <>
        {t("loop.event.status", { name: who })} <StatusBadge status={event.toStatus} />
      </>
    );
  } else {
    line = t("loop.event.response", { name: who });
  }
  return (
    <article
      id={`event-${event.id}`}
      aria-label={t("loop.event.label", { name: who })}
      className={`rounded-lg border p-3 sm:p-4 ${latest ? "border-blue-300 bg-blue-50" : "border-slate-200 bg-white"}`}
    >
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
        <span aria-hidden="true">◆</span>
        <span>{line}</span>
        <span className="text-xs text-slate-600">{format.dateTime(event.createdAt)}</span>
        {latest ? <span className="badge bg-blue-700 text-white">{t("loop.latestResponse")}</span> : null}
      </p>
      {event.html ? <Markdown html={event.html} className="mt-2" /> : null}
      {children}
    </article>
  );
}
