// The review queue's rows as the page sees them (browser-safe; built by queries/queue.server.ts).
import type { CaseOrigin, ModerationDecision, ModerationItemType, ReportReason } from "~/domain/constants";

export type ReviewReporter = { name: string; reason: ReportReason; note: string | null };

export type ReviewCase = {
  id: number;
  groupId: string;
  groupSlug: string;
  groupName: string;
  itemType: ModerationItemType;
  itemId: string;
  origin: CaseOrigin;
  state: "open" | "decided";
  openedAt: number;
  reportCount: number;
  autoHidden: boolean;
  appealNote: string | null;
  /** The item now: hidden (by whom null: by the threshold), held. */
  hidden: boolean;
  held: boolean;
  gone: boolean;
  item: {
    ideaNumber: number | null;
    ideaTitle: string | null;
    title: string | null;
    excerpt: string | null;
    parentExcerpt: string | null;
    introName: string | null;
  };
  author: { id: string; name: string; orgRole: string; earlierHidden: number; mutes: number; mutedUntil: number | null; muted: boolean } | null;
  reasons: { reason: ReportReason; count: number }[];
  reporters: ReviewReporter[];
  decision: ModerationDecision | null;
  decidedAt: number | null;
  decidedByName: string | null;
};
