import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "../../db/schema";
import type { IdeaStatus, TagColor } from "../../db/schema";

/** Either the connection or a transaction on it: models that write inside a caller's transaction take this. */
export type Conn = BaseSQLiteDatabase<"sync", unknown, typeof schema>;

/** One idea in a list (the board, the group home), as the model reads it and the cards show it. */
export type IdeaListItem = {
  id: number;
  number: number;
  title: string;
  excerpt: string;
  status: IdeaStatus;
  voteCount: number;
  commentCount: number;
  createdAt: number;
  lastActivityAt: number;
  boardSlug: string;
  boardName: string;
  authorName: string | null;
  /** Whether the viewer voted for it (SQLite gives 0 or 1). */
  voted: number;
  tags: { id: number; name: string; color: TagColor }[];
};

/** An idea like the one being written, as the similar-idea hint shows it. */
export type SimilarIdea = { id: number; number: number; title: string; status: IdeaStatus; voteCount: number; voted: number };

/** What a vote answers (the board, the idea page and the hint read it). */
export type VoteReply = { ok: boolean; voted?: boolean; voteCount?: number; message?: string };

/** An idea waiting in the response queue. */
export type QueueItem = Pick<IdeaListItem, "id" | "number" | "title" | "excerpt" | "status" | "voteCount" | "commentCount" | "createdAt" | "authorName"> & {
  authorId: string | null;
  groupId: string;
  groupSlug: string;
  groupName: string;
  targetDays: number;
  waitedMs: number;
  overdue: boolean;
};

/** Who wrote an idea, shown beside the response composer. */
export type AuthorContext = {
  id: string;
  name: string;
  joinedAt: number | null;
  intro: string | null;
  ideas: { number: number; title: string; status: IdeaStatus; voteCount: number }[];
};
