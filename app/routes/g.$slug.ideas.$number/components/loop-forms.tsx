import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/idea";
import { FormErrors, SubmitButton } from "~/components/ui/form";
import { translateError } from "~/i18n";
import { COMMENT_MAX } from "~/schemas/idea";
import type { ActionData, MergePreviewData } from "../types";

// The staff's forms on the idea page (internal notes, merging and undoing a merge); the commands behind them are
// the feedback loop's (app/features/loop/commands).

/** Staff's internal note: plain to write, never shown to members. */
export function NoteForm() {
  const t = useT();
  const actionData = useActionData() as ActionData | undefined;
  const error = actionData?.formId === "note" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const message = error?.error ? Object.values(error.error).flat()[0] : undefined;
  return (
    <Form method="post" className="mt-3 space-y-2">
      <input type="hidden" name="intent" value="note" />
      <label htmlFor="note-body" className="block text-sm font-medium text-slate-800">
        {t("loop.addNote")}
      </label>
      <textarea
        id="note-body"
        name="body"
        rows={3}
        required
        maxLength={COMMENT_MAX}
        className="input"
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? "note-body-error" : undefined}
      />
      {message ? (
        <p id="note-body-error" className="text-sm font-medium text-red-800">
          {translateError(t, message)}
        </p>
      ) : null}
      <SubmitButton className="btn-secondary">{t("loop.saveNote")}</SubmitButton>
    </Form>
  );
}

/**
 * The merge's confirmation step, from the first submission of the merge form: both ideas side by side and what
 * moves. Only its own submission (with `confirm`) merges; without JavaScript it is the page the form answers with.
 */
export function MergeConfirmation({ preview }: { preview: MergePreviewData }) {
  const t = useT();
  const format = useFormat();
  const { group } = useGroup();
  const location = useLocation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const { from, into } = preview;
  const sides = [
    { key: "from", label: t("loop.mergeCheck.source"), idea: from },
    { key: "into", label: t("loop.mergeCheck.target"), idea: into },
  ];
  return (
    <section
      ref={ref}
      tabIndex={-1}
      id="merge-confirm"
      aria-labelledby="merge-confirm-title"
      className="card border-amber-300 bg-amber-50/60 focus:outline-none"
    >
      <h2 id="merge-confirm-title" className="text-lg font-semibold">
        {t("loop.mergeCheck.title", { from: from.number, into: into.number })}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("loop.mergeCheck.lead")}</p>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {sides.map(({ key, label, idea }) => (
          <div key={key} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</p>
            <p className="mt-1 break-words font-semibold">
              <Link to={`/g/${group.slug}/ideas/${idea.number}`}>
                #{idea.number} {idea.title}
              </Link>
            </p>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-slate-700">
              <StatusBadge status={idea.status} />
              <span>{t("ideas.votes", { count: format.number(idea.voteCount) })}</span>
              <span>· {t("ideas.followers", { count: format.number(idea.followerCount) })}</span>
            </p>
            {idea.authorName ? <p className="mt-1 text-xs text-slate-600">{idea.authorName}</p> : null}
          </div>
        ))}
      </div>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-800">
        <li>
          {t("loop.mergeCheck.votes", { count: format.number(preview.votes.move), into: into.number })}
          {preview.votes.already > 0 ? ` ${t("loop.mergeCheck.votesAlready", { count: format.number(preview.votes.already) })}` : null}
        </li>
        <li>
          {t("loop.mergeCheck.follows", { count: format.number(preview.follows.move), into: into.number })}
          {preview.follows.already > 0 ? ` ${t("loop.mergeCheck.followsAlready", { count: format.number(preview.follows.already) })}` : null}
        </li>
        <li>{t("loop.mergeCheck.becomesMerged", { from: from.number, into: into.number })}</li>
        <li>{t("loop.mergeCheck.told", { from: from.number })}</li>
      </ul>
      {preview.response ? (
        <div className="mt-3 text-sm">
          <p className="font-medium">{t("loop.mergeMessage")}</p>
          <p className="mt-1 whitespace-pre-line break-words rounded-md border border-slate-200 bg-white p-2">{preview.response}</p>
        </div>
      ) : null}
      <Form method="post" className="mt-4 flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="merge" />
        <input type="hidden" name="into" value={into.number} />
        {preview.response ? <input type="hidden" name="response" value={preview.response} /> : null}
        <input type="hidden" name="confirm" value="1" />
        <SubmitButton intent="merge">{t("loop.mergeCheck.submit", { from: from.number, into: into.number })}</SubmitButton>
        <Link to={`${location.pathname}${location.search}`} className="btn-secondary">
          {t("common.cancel")}
        </Link>
      </Form>
    </section>
  );
}

/** Staff undo a merge (within its window): posted to the merged idea's own page, from there or from the target's timeline. */
export function UnmergeForm({ number, into, until }: { number: number; into: number; until?: number }) {
  const t = useT();
  const format = useFormat();
  const { group } = useGroup();
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-blue-800">{t("loop.unmerge", { number })}</summary>
      <Form method="post" action={`/g/${group.slug}/ideas/${number}?original=1`} className="mt-2 space-y-2">
        <p className="text-slate-700">{t("loop.unmergeLead", { number, into })}</p>
        {until ? <p className="text-xs text-slate-600">{t("loop.unmergeUntil", { date: format.date(until) })}</p> : null}
        <SubmitButton intent="unmerge" className="btn-secondary">
          {t("loop.unmergeConfirm", { number })}
        </SubmitButton>
      </Form>
    </details>
  );
}

/** Merge this idea into another: votes and followers move there, and this idea's address leads to it. */
export function MergeForm({ candidates }: { candidates: { number: number; title: string }[] }) {
  const t = useT();
  const actionData = useActionData() as ActionData | undefined;
  const refused = actionData?.formId === "merge" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const message = refused?.error ? Object.values(refused.error).flat()[0] : undefined;
  return (
    <details className="mt-3" open={Boolean(message)}>
      <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("loop.merge")}</summary>
      <Form method="post" className="mt-2 space-y-3">
        <input type="hidden" name="intent" value="merge" />
        <p className="text-sm text-slate-700">{t("loop.mergeLead")}</p>
        {message ? <FormErrors errors={[message]} /> : null}
        <div>
          <label htmlFor="merge-into" className="block text-sm font-medium">
            {t("loop.mergeInto")}
          </label>
          <input
            id="merge-into"
            name="into"
            inputMode="numeric"
            pattern="[0-9]*"
            required
            list="merge-candidates"
            className="input mt-1 sm:w-40"
            aria-describedby="merge-into-hint"
          />
          <datalist id="merge-candidates">
            {candidates.map((c) => (
              <option key={c.number} value={c.number}>
                {c.title}
              </option>
            ))}
          </datalist>
          <p id="merge-into-hint" className="mt-1 text-sm text-slate-600">
            {t("loop.mergeIntoHint")}
          </p>
          {candidates.length > 0 ? (
            <ul className="mt-1 text-sm text-slate-700">
              {candidates.map((c) => (
                <li key={c.number}>
                  #{c.number} {c.title}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div>
          <label htmlFor="merge-response" className="block text-sm font-medium">
            {t("loop.mergeMessage")}
          </label>
          <textarea id="merge-response" name="response" rows={2} maxLength={10_000} className="input mt-1" />
        </div>
        <SubmitButton className="btn-secondary">{t("loop.mergeConfirm")}</SubmitButton>
      </Form>
    </details>
  );
}
