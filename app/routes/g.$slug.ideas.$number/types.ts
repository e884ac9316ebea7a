import type { IdeaStatus } from "~/domain/constants";

// The shapes the idea page's components read from the loader and the action (plain types: components import no
// server module, not even for types).

export type MergeSide = { number: number; title: string; status: IdeaStatus; voteCount: number; followerCount: number; authorName: string | null };
/** What a merge would do, shown before it is confirmed (app/features/loop/queries/merge-preview.server.ts). */
export type MergePreviewData = {
  from: MergeSide;
  into: MergeSide;
  votes: { move: number; already: number };
  follows: { move: number; already: number };
  response: string | null;
};

/** Every intent answers with the form it came from, conform's result, and whether it worked. */
export type ActionData = { formId: string; result: unknown; ok: boolean; mergePreview?: MergePreviewData };

/** One comment as the page shows it (app/models/comment.server.ts CommentView). */
export type CommentData = {
  id: number;
  parentId: number | null;
  authorId: string | null;
  authorName: string | null;
  authorHandle: string | null;
  authorOrgRole: "member" | "staff" | "admin" | null;
  authorGroupRole: "member" | "moderator" | null;
  html: string;
  body: string | null;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** Moderation (listComments): "hidden"/"held" only for the writer and reviewers; `hiddenByModerator` marks the placeholder. */
  moderation?: "hidden" | "held" | null;
  hiddenReason?: string | null;
  hiddenByModerator?: boolean;
};
export type CommentThreadData = CommentData & { replies: CommentData[] };

/** What the viewer may do with comments here: reply and edit on a live idea; delete their own words always. */
export type CommentCan = { reply: boolean; deleteOwn: boolean };
