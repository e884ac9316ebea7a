import { foldText, words } from "../../db/fts";
import type { GroupRole, OrgRole } from "../../db/schema";
import { listMembers, MEMBERS_PAGE_SIZE } from "./membership.server";
import { preparedOnce } from "./statements.server";

// The member directory's search: a person's name, @handle and introduction, every word of the query somewhere in
// them, inside words too ("virta" finds "Virtanen"), case and accents folded as idea search folds them. A group
// has at most a few thousand active members, read by the (group, state) index: one pass over them with a
// function call each (measured at 1,000 members with introductions: see the README's search decision), so no
// index to keep in step with names, handles and introductions. A hidden introduction is neither shown nor searched.

export type DirectoryMember = {
  userId: string;
  name: string;
  handle: string | null;
  orgRole: OrgRole;
  role: GroupRole;
  intro: string;
  joinedAt: number | null;
};

const MAX_WORDS = 8;

const searchStatement = preparedOnce((c) =>
  c.prepare<{ groupId: string; terms: string; count: number }, DirectoryMember>(
    `SELECT u.id AS userId, u.name, u.handle, u.role AS orgRole, m.role, CASE WHEN m.intro_hidden_at IS NULL THEN m.intro ELSE '' END AS intro, m.joined_at AS joinedAt
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.group_id = @groupId AND m.state = 'active'
       AND kaiku_contained_terms(u.name || ' ' || coalesce(u.handle, '') || ' ' || CASE WHEN m.intro_hidden_at IS NULL THEN m.intro ELSE '' END, @terms) = @count
     ORDER BY m.role = 'moderator' DESC, u.name, u.id`,
  ),
);

/** The query's words, folded: letters and digits only, so "@aino-v" is "aino" and "v". */
export function memberSearchTerms(q: string): string[] {
  return [...new Set(words(foldText(q)))].slice(0, MAX_WORDS);
}

/** One page of the group's active members matching every word of `q`, moderators first, then by name. */
/** The directory and the manage page: everyone without a query, the search with one. */
export function findMembers(input: { groupId: string; q: string; page: number }) {
  return input.q ? searchMembers(input) : listMembers(input);
}

export function searchMembers({ groupId, q, page }: { groupId: string; q: string; page: number }): { rows: DirectoryMember[]; total: number; pages: number } {
  const terms = memberSearchTerms(q);
  // A query without letters or digits ("@", "!!!") finds no one rather than everyone.
  if (terms.length === 0) return { rows: [], total: 0, pages: 1 };
  // One pass: the matches are counted and paged here instead of scanning the members a second time for the total.
  const all = searchStatement().all({ groupId, terms: terms.join(" "), count: terms.length });
  const start = (page - 1) * MEMBERS_PAGE_SIZE;
  return { rows: all.slice(start, start + MEMBERS_PAGE_SIZE), total: all.length, pages: Math.max(1, Math.ceil(all.length / MEMBERS_PAGE_SIZE)) };
}
