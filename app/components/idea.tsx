import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { IdeaStatus, TagColor } from "~/domain/constants";
import type { MessageKey } from "~/i18n";
import type { IdeaListItem, VoteReply } from "~/models/types";
import { useFormat, useT } from "./i18n";

/** True once React has hydrated: for enhancements that only make sense with JavaScript running. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const STATUS_CLASS: Record<IdeaStatus, string> = {
  open: "bg-slate-100 text-slate-800",
  under_review: "bg-amber-100 text-amber-900",
  planned: "bg-blue-100 text-blue-900",
  in_progress: "bg-violet-100 text-violet-900",
  done: "bg-green-100 text-green-900",
  declined: "bg-red-100 text-red-900",
  merged: "bg-slate-200 text-slate-800",
};

export const statusKey = (status: IdeaStatus) => `ideas.status.${status}` as MessageKey;

/**
 * An idea's status pill. A withdrawn idea shows "Withdrawn" instead of the status it had (it left the board; an
 * "Open" pill on it said the opposite). Lists that can hold withdrawn ideas pass `withdrawn`.
 */
export function StatusBadge({ status, withdrawn = false }: { status: IdeaStatus; withdrawn?: boolean }) {
  const t = useT();
  if (withdrawn) return <span className="badge border border-dashed border-slate-400 bg-white text-slate-700">{t("ideas.status.withdrawn")}</span>;
  return <span className={`badge ${STATUS_CLASS[status]}`}>{t(statusKey(status))}</span>;
}

const TAG_CLASS: Record<TagColor, string> = {
  slate: "bg-slate-100 text-slate-800 border-slate-300",
  blue: "bg-blue-50 text-blue-900 border-blue-300",
  green: "bg-green-50 text-green-900 border-green-300",
  amber: "bg-amber-50 text-amber-900 border-amber-300",
  red: "bg-red-50 text-red-900 border-red-300",
  violet: "bg-violet-50 text-violet-900 border-violet-300",
  teal: "bg-teal-50 text-teal-900 border-teal-300",
  pink: "bg-pink-50 text-pink-900 border-pink-300",
};

export function TagChip({ tag }: { tag: { name: string; color: TagColor } }) {
  return <span className={`badge border font-medium ${TAG_CLASS[tag.color]}`}>{tag.name}</span>;
}

/** An icon, not text: the button's visible text is then just the count, which its label contains. */
function UpArrow() {
  return (
    <svg aria-hidden="true" viewBox="0 0 12 8" className="h-2 w-3 fill-current">
      <path d="M6 0l6 8H0z" />
    </svg>
  );
}

/**
 * The vote toggle. It posts the state it wants ("1" = voted), so a repeated or late request cannot flip it
 * back. With JavaScript the count changes at once and the server's answer (and the page's fresh data) corrects
 * it; without, the form posts to `action` (by default the current page), which answers with the page again.
 * Inside another form (`nested`, only rendered with JavaScript) it is a plain button: forms cannot nest.
 */
export function VoteButton({
  number,
  title,
  voted,
  count,
  canVote,
  action,
  size = "md",
  nested = false,
}: {
  number: number;
  title: string;
  voted: boolean;
  count: number;
  canVote: boolean;
  action?: string;
  size?: "md" | "lg";
  nested?: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher<VoteReply>();
  const pending = fetcher.formData ? fetcher.formData.get("voted") === "1" : null;
  const shownVoted = pending ?? voted;
  const shownCount = pending === null || pending === voted ? count : count + (pending ? 1 : -1);
  const box = `flex flex-none flex-col items-center justify-center rounded-md border text-center ${size === "lg" ? "h-16 w-16" : "h-14 w-12"}`;
  if (!canVote) {
    return (
      <div className={`${box} border-slate-200 bg-slate-50 text-slate-800`}>
        <UpArrow />
        <span className="font-bold">{format.number(count)}</span>
        <span className="sr-only">{t("ideas.votes", { count: format.number(count) })}</span>
      </div>
    );
  }
  const fields = { intent: "vote", number: String(number), voted: shownVoted ? "0" : "1" };
  const button = (
    <button
      type={nested ? "button" : "submit"}
      onClick={nested ? () => fetcher.submit(fields, { method: "post", action }) : undefined}
      aria-pressed={shownVoted}
      aria-label={t("ideas.vote.label", { title, count: format.number(shownCount) })}
      title={shownVoted ? t("ideas.vote.removeHint") : t("ideas.vote.addHint")}
      className={`${box} font-semibold transition ${shownVoted ? "border-blue-700 bg-blue-700 text-white hover:bg-blue-800" : "border-slate-300 bg-white text-slate-900 hover:border-blue-700 hover:bg-blue-50"}`}
    >
      <UpArrow />
      <span className="font-bold">{format.number(shownCount)}</span>
    </button>
  );
  const failure =
    fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
      <p role="alert" className="mt-1 max-w-[8rem] text-xs text-red-800">
        {fetcher.data.message ?? t("ideas.vote.failed")}
      </p>
    ) : null;
  if (nested) {
    return (
      <div className="flex-none">
        {button}
        {failure}
      </div>
    );
  }
  return (
    <fetcher.Form method="post" action={action} className="flex-none">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {button}
      {failure}
    </fetcher.Form>
  );
}

export type IdeaCardData = Omit<IdeaListItem, "id" | "lastActivityAt" | "boardSlug">;

export function IdeaCard({ idea, slug, canVote, showBoard }: { idea: IdeaCardData; slug: string; canVote: boolean; showBoard: boolean }) {
  const t = useT();
  const format = useFormat();
  return (
    <li className="card flex gap-3 p-3 sm:gap-4 sm:p-4">
      <VoteButton number={idea.number} title={idea.title} voted={Boolean(idea.voted)} count={idea.voteCount} canVote={canVote} />
      <div className="min-w-0 flex-1">
        <h3 className="font-semibold leading-snug">
          <Link to={`/g/${slug}/ideas/${idea.number}`} className="text-slate-900 hover:text-blue-800">
            {idea.title}
          </Link>
        </h3>
        {idea.excerpt ? <p className="mt-1 line-clamp-2 text-sm text-slate-700">{idea.excerpt}</p> : null}
        <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
          <StatusBadge status={idea.status} />
          {idea.tags.map((tag) => (
            <TagChip key={tag.id} tag={tag} />
          ))}
          <span>
            {idea.authorName ?? t("common.unknown")} · {format.date(idea.createdAt)}
          </span>
          <span>· {t("ideas.commentCount", { count: format.number(idea.commentCount) })}</span>
          {showBoard ? <span>· {idea.boardName}</span> : null}
        </p>
      </div>
    </li>
  );
}
