import { getCollectionProps, getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { z } from "zod";
import type { SimilarIdea } from "~/models/types";
import type { TagColor } from "~/domain/constants";
import { translateError } from "~/i18n";
import { IDEA_BODY_MAX, IDEA_TITLE_MAX } from "~/schemas/idea";
import { Markdown } from "./group";
import { useFormat, useT } from "./i18n";
import { StatusBadge, TagChip, useHydrated, VoteButton } from "./idea";
import { describedBy, FormErrors, Help, SelectField, SubmitButton, TextField } from "./ui/form";

export type IdeaDraft = { boardId?: string; title?: string; body?: string; tags?: string[] };
type Option = { id: number; name: string };
type TagOption = Option & { color: TagColor };

/**
 * The idea form, for posting (with a board choice and live similar-idea suggestions) and for editing. Works
 * without JavaScript: "Preview" posts the draft and the page shows it rendered; with JavaScript the preview
 * and the suggestions come without leaving the form.
 */
export function IdeaForm({
  id,
  intent,
  schema,
  slug,
  lastResult,
  defaultValue,
  boards,
  tags,
  preview,
  submitLabel,
  suggest,
  canVote = false,
  hiddenFields,
  extraFields,
  footer,
}: {
  id: string;
  /** The submit button's intent: "submit" for a new idea, "save" for an edit. */
  intent: "submit" | "save";
  schema: z.ZodTypeAny;
  slug: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: IdeaDraft;
  boards: Option[] | null;
  tags: TagOption[];
  preview: string | null;
  submitLabel: string;
  suggest: boolean;
  canVote?: boolean;
  hiddenFields?: ReactNode;
  /** More fields after the tags (staff's "heard elsewhere"), not managed by this form's validation. */
  extraFields?: ReactNode;
  footer?: ReactNode;
}) {
  const t = useT();
  const format = useFormat();
  const hydrated = useHydrated();
  const [title, setTitle] = useState(defaultValue.title ?? "");
  // The title whose similar ideas the member has seen (the live check answered for exactly this text).
  const [checkedTitle, setCheckedTitle] = useState<string | null>(null);
  const [form, fields] = useForm<IdeaDraft>({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <FormErrors errors={form.errors} id={form.errorId} />
      {hiddenFields}
      {/* Once the member has seen the similar ideas for this very title, the server skips its confirmation step. */}
      {suggest && checkedTitle !== null && checkedTitle === title.trim() ? <input type="hidden" name="suggestionsSeen" value="1" /> : null}
      {boards ? (
        boards.length > 1 ? (
          <SelectField meta={fields.boardId} label={t("ideas.form.board")} options={boards.map((b) => ({ value: String(b.id), label: b.name }))} />
        ) : (
          <input type="hidden" name={fields.boardId.name} value={boards[0]?.id ?? ""} />
        )
      ) : null}
      <div onInput={(e) => (e.target as HTMLInputElement).name === fields.title.name && setTitle((e.target as HTMLInputElement).value)}>
        <TextField meta={fields.title} label={t("ideas.form.title")} hint={t("ideas.form.titleHint", { max: format.number(IDEA_TITLE_MAX) })} />
      </div>
      {suggest && hydrated ? <LiveSimilarIdeas slug={slug} title={title} canVote={canVote} onChecked={setCheckedTitle} /> : null}
      <MarkdownField
        meta={fields.body}
        slug={slug}
        label={t("ideas.form.body")}
        hint={t("ideas.form.bodyHint", { max: format.number(IDEA_BODY_MAX) })}
        serverPreview={preview}
      />
      {tags.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t("ideas.form.tags")}</legend>
          <div className="mt-2 flex flex-wrap gap-3">
            {getCollectionProps(fields.tags, { type: "checkbox", options: tags.map((tag) => String(tag.id)) }).map(({ key, ...props }) => {
              const tag = tags.find((x) => String(x.id) === props.value)!;
              return (
                <label key={key} htmlFor={props.id} className="flex items-center gap-2 text-sm">
                  <input {...props} className="h-4 w-4" />
                  <TagChip tag={tag} />
                </label>
              );
            })}
          </div>
          {fields.tags.errors?.length ? (
            <p id={fields.tags.errorId} className="mt-1 text-sm text-red-800">
              {translateError(t, fields.tags.errors[0])}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {extraFields}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
        {footer}
      </div>
    </Form>
  );
}

/** A markdown textarea with Write / Preview. Without JavaScript, "Preview" posts the draft (intent=preview). */
export function MarkdownField({
  meta,
  slug,
  label,
  hint,
  serverPreview,
  rows = 8,
}: {
  meta: Parameters<typeof getTextareaProps>[0];
  slug: string;
  label: string;
  hint: string;
  serverPreview: string | null;
  rows?: number;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const [previewing, setPreviewing] = useState(false);
  const fetcher = useFetcher<{ html: string }>();
  const error = translateError(t, meta.errors?.[0]);
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: true });
  const showPreview = () => {
    const text = (document.getElementById(meta.id) as HTMLTextAreaElement | null)?.value ?? "";
    fetcher.submit({ body: text }, { method: "post", action: `/g/${slug}/preview` });
    setPreviewing(true);
  };
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {hydrated ? (
          <div role="group" aria-label={t("ideas.form.editorView")} className="flex gap-1">
            <button
              type="button"
              aria-pressed={!previewing}
              onClick={() => setPreviewing(false)}
              className="btn-secondary px-2 py-1 text-xs aria-pressed:bg-slate-200"
            >
              {t("ideas.form.write")}
            </button>
            <button type="button" aria-pressed={previewing} onClick={showPreview} className="btn-secondary px-2 py-1 text-xs aria-pressed:bg-slate-200">
              {t("ideas.form.preview")}
            </button>
          </div>
        ) : (
          <button type="submit" name="intent" value="preview" formNoValidate className="btn-secondary px-2 py-1 text-xs">
            {t("ideas.form.preview")}
          </button>
        )}
      </div>
      <textarea
        key={key}
        {...props}
        rows={rows}
        maxLength={IDEA_BODY_MAX}
        className={`input mt-1 ${previewing ? "hidden" : ""}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(meta.id, hint, error)}
      />
      {previewing ? (
        <section aria-label={t("ideas.form.preview")} aria-live="polite" className="mt-1 min-h-[8rem] rounded-md border border-slate-300 bg-white p-3">
          {fetcher.state !== "idle" ? (
            <p className="text-sm text-slate-600">{t("common.working")}</p>
          ) : fetcher.data?.html ? (
            <Markdown html={fetcher.data.html} />
          ) : (
            <p className="text-sm text-slate-600">{t("ideas.form.nothingToPreview")}</p>
          )}
        </section>
      ) : null}
      {!hydrated && serverPreview !== null ? (
        <section aria-label={t("ideas.form.preview")} className="mt-3 rounded-md border border-slate-300 bg-white p-3">
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{t("ideas.form.preview")}</p>
          {serverPreview ? <Markdown html={serverPreview} /> : <p className="text-sm text-slate-600">{t("ideas.form.nothingToPreview")}</p>}
        </section>
      ) : null}
      <Help id={meta.id} hint={hint} error={error} />
    </div>
  );
}

/**
 * Similar ideas of the group while the title is typed (debounced), so the member can vote there instead.
 * `onChecked` learns which title the shown list answers.
 */
function LiveSimilarIdeas({ slug, title, canVote, onChecked }: { slug: string; title: string; canVote: boolean; onChecked: (title: string) => void }) {
  const t = useT();
  const fetcher = useFetcher<{ ideas: SimilarIdea[] }>();
  const { load } = fetcher;
  const requested = useRef("");
  const query = title.trim();
  useEffect(() => {
    if (query.length < 3) return;
    const timer = setTimeout(() => {
      requested.current = query;
      load(`/g/${slug}/similar?${new URLSearchParams({ q: query })}`);
    }, 250);
    return () => clearTimeout(timer);
  }, [query, slug, load]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) onChecked(requested.current);
  }, [fetcher.state, fetcher.data, onChecked]);
  const ideas = query.length >= 3 ? (fetcher.data?.ideas ?? []) : [];
  return (
    <>
      <p className="sr-only" aria-live="polite">
        {ideas.length > 0 ? t("ideas.similar.title", { count: ideas.length }) : ""}
      </p>
      <SimilarIdeasList slug={slug} ideas={ideas} live canVote={canVote} />
    </>
  );
}

/** The similar ideas themselves: with JavaScript each has a working vote button; links open in a new tab. */
export function SimilarIdeasList({
  slug,
  ideas,
  live,
  canVote,
  voteForm,
}: {
  slug: string;
  ideas: SimilarIdea[];
  live: boolean;
  canVote: boolean;
  voteForm?: (idea: SimilarIdea) => ReactNode;
}) {
  const t = useT();
  const format = useFormat();
  const headingId = useId();
  if (ideas.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="rounded-md border border-amber-300 bg-amber-50 p-3">
      <h3 id={headingId} className="text-sm font-semibold text-amber-950">
        {t("ideas.similar.title", { count: ideas.length })}
      </h3>
      <p className="mb-2 text-sm text-amber-950">{t("ideas.similar.lead")}</p>
      <ul className="space-y-2">
        {ideas.map((idea) => (
          <li key={idea.number} className="flex items-center gap-3 rounded-md bg-white p-2">
            {live || !canVote ? (
              <VoteButton
                number={idea.number}
                title={idea.title}
                voted={Boolean(idea.voted)}
                count={idea.voteCount}
                canVote={canVote}
                action={`/g/${slug}/ideas/${idea.number}`}
                nested={live}
              />
            ) : (
              (voteForm?.(idea) ?? null)
            )}
            <div className="min-w-0 flex-1">
              <Link to={`/g/${slug}/ideas/${idea.number}`} target="_blank" rel="noopener" className="font-medium">
                {idea.title}
                <span className="sr-only"> ({t("common.newTab")})</span>
              </Link>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-700">
                <StatusBadge status={idea.status} />
                <span>{t("ideas.votes", { count: format.number(idea.voteCount) })}</span>
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Hidden copies of a draft, so a no-JavaScript round trip (a vote on a similar idea) keeps what was typed. */
export function DraftFields({ draft }: { draft: IdeaDraft }) {
  return (
    <>
      <input type="hidden" name="boardId" value={draft.boardId ?? ""} />
      <input type="hidden" name="title" value={draft.title ?? ""} />
      <input type="hidden" name="body" value={draft.body ?? ""} />
      {(draft.tags ?? []).map((tag) => (
        <input key={tag} type="hidden" name="tags" value={tag} />
      ))}
    </>
  );
}
