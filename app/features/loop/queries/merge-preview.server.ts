import { db } from "~/db.server";
import type { IdeaStatus } from "~/domain/constants";
import { preparedOnce } from "~/models/statements.server";
import type { Conn } from "~/models/types";
import { isIdeaLive, isOrgStaff, isReadOnly } from "~/policy";
import type { Group, OrgRole } from "../../../../db/schema";
import { isCommittedIdea } from "../merge-policy";
import { ideaRow, type IdeaRow } from "./ideas.server";

export type MergeError = "notFound" | "same" | "closed" | "staffOnly";

/** One side of a merge as the confirmation shows it. */
export type MergeSide = { number: number; title: string; status: IdeaStatus; voteCount: number; followerCount: number; authorName: string | null };
/** What a merge would do: both ideas, and of the source's votes and followers how many move and how many B already has. */
export type MergePreview = { from: MergeSide; into: MergeSide; votes: { move: number; already: number }; follows: { move: number; already: number } };

type MergeCheck = { group: Pick<Group, "id" | "archivedAt" | "endsAt">; fromNumber: number; intoNumber: number; actor: { role: OrgRole }; now?: number };

/**
 * The checks a merge and its preview share, in this order: both ideas in the group, different, live, and the actor
 * allowed this idea (moderators merge duplicates nobody has answered yet; what staff committed to or answered is
 * staff's to merge). Who may merge at all and the read-only group are checked before (the command's authorize).
 */
export function checkMerge(conn: Conn, input: MergeCheck): { ok: true; from: IdeaRow; into: IdeaRow } | { ok: false; error: MergeError } {
  if (isReadOnly(input.group, input.now ?? Date.now())) return { ok: false, error: "closed" };
  const from = ideaRow(conn, input.group.id, input.fromNumber);
  const into = ideaRow(conn, input.group.id, input.intoNumber);
  if (!from || !into) return { ok: false, error: "notFound" };
  if (from.id === into.id) return { ok: false, error: "same" };
  if (!isIdeaLive(from) || !isIdeaLive(into)) return { ok: false, error: "closed" };
  if (!isOrgStaff(input.actor.role) && isCommittedIdea(from)) return { ok: false, error: "staffOnly" };
  return { ok: true, from, into };
}

const statements = preparedOnce((c) => ({
  // Of the source's rows, how many the target already has (that person counts once after the merge).
  overlap: c.prepare<{ from: number; into: number }, { votes: number; votesAlready: number; follows: number; followsAlready: number }>(
    `SELECT (SELECT count(*) FROM votes WHERE idea_id = @from) AS votes,
       (SELECT count(*) FROM votes a WHERE a.idea_id = @from AND EXISTS (SELECT 1 FROM votes b WHERE b.idea_id = @into AND b.user_id = a.user_id)) AS votesAlready,
       (SELECT count(*) FROM follows WHERE idea_id = @from) AS follows,
       (SELECT count(*) FROM follows a WHERE a.idea_id = @from AND EXISTS (SELECT 1 FROM follows b WHERE b.idea_id = @into AND b.user_id = a.user_id)) AS followsAlready`,
  ),
  authorName: c.prepare<[string | null], { name: string }>("SELECT name FROM users WHERE id = ?"),
}));

/**
 * What merging A into B would move, for the confirmation step; refuses exactly as mergeIdeas would after its
 * authorize (the route checks who may merge and the read-only group first, as the command does). Writes nothing.
 */
export function previewMerge(input: MergeCheck): { ok: true; preview: MergePreview } | { ok: false; error: MergeError } {
  const checked = checkMerge(db(), input);
  if (!checked.ok) return checked;
  const { from, into } = checked;
  const s = statements();
  const o = s.overlap.get({ from: from.id, into: into.id })!;
  const side = (i: IdeaRow): MergeSide => ({
    number: i.number,
    title: i.title,
    status: i.status,
    voteCount: i.voteCount,
    followerCount: i.followerCount,
    authorName: i.authorId ? (s.authorName.get(i.authorId)?.name ?? null) : null,
  });
  return {
    ok: true,
    preview: {
      from: side(from),
      into: side(into),
      votes: { move: o.votes - o.votesAlready, already: o.votesAlready },
      follows: { move: o.follows - o.followsAlready, already: o.followsAlready },
    },
  };
}
