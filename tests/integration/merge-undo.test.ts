// Merging duplicates safely (issue 11, item 4), against a real SQLite file: a merge first shows what it would do
// and changes nothing until a submission carries `confirm`; ideas the product team committed to or answered are
// merged only by staff (a moderator gets a translated 403); staff undo a merge within 30 days, which restores the
// source's status, votes and followers exactly, takes from the target exactly what moved, keeps every counter
// (votes, followers, board idea counts, queue waiting counts) equal to its rows, writes both timelines and the
// audit log, and tells only the source's author, in the app.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { translate, type Locale, type MessageKey } from "../../app/i18n";
import { canMergeIdea, canUnmerge, isCommittedIdea, UNMERGE_WINDOW_MS } from "../../app/features/loop/merge-policy";
import { addComment } from "../support/ideas";
import { castVote, setFollow } from "../../app/models/idea.server";
import { previewMerge } from "../../app/features/loop/queries/merge-preview.server";
import { listEvents } from "../../app/features/loop/queries/timeline.server";
import { changeStatus, drainEvents, mergeIdeas, unmergeIdea } from "../support/loop";
import * as ideaRoute from "../../app/routes/g.$slug.ideas.$number/route";
import type { User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const DAY = 86_400_000;
const rows = <T = Record<string, unknown>>(text: string, ...params: unknown[]) =>
  db()
    .$client.prepare(text)
    .all(...params) as T[];
const count = (text: string, ...params: unknown[]) =>
  (
    db()
      .$client.prepare(text)
      .get(...params) as { n: number }
  ).n;
const actor = (u: User) => ({ id: u.id, name: u.name, role: u.role });
const ideaById = (id: number) => db().select().from(schema.ideas).where(eq(schema.ideas.id, id)).get()!;
const t = (locale: Locale, key: string, params?: Record<string, string | number>) => translate(locale, key as MessageKey, params);

/** Everything a merge or an unmerge can write; a refused or unconfirmed one must leave all of it as it was. */
const TABLES = [
  "ideas",
  "idea_events",
  "idea_merges",
  "idea_merge_moves",
  "votes",
  "follows",
  "notifications",
  "email_outbox",
  "audit_log",
  "boards",
  "groups",
];
const snapshot = () => JSON.stringify(TABLES.map((name) => rows(`SELECT * FROM ${name} ORDER BY rowid`)));
const votesOf = (ideaId: number) =>
  rows<{ user_id: string; created_at: number }>("SELECT user_id, created_at FROM votes WHERE idea_id = ? ORDER BY user_id", ideaId);
const followsOf = (ideaId: number) =>
  rows<{ user_id: string; created_at: number }>("SELECT user_id, created_at FROM follows WHERE idea_id = ? ORDER BY user_id", ideaId);

/** Every maintained counter equals the rows it counts (ideas' votes and followers, boards' listed ideas, groups' waiting ideas). */
function expectCountersExact() {
  expect(count("SELECT count(*) AS n FROM ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)")).toBe(0);
  expect(count("SELECT count(*) AS n FROM ideas i WHERE follower_count <> (SELECT count(*) FROM follows f WHERE f.idea_id = i.id)")).toBe(0);
  expect(
    count(
      "SELECT count(*) AS n FROM boards b WHERE idea_count <> (SELECT count(*) FROM ideas i WHERE i.board_id = b.id AND i.withdrawn_at IS NULL AND i.status <> 'merged')",
    ),
  ).toBe(0);
  expect(
    count(
      "SELECT count(*) AS n FROM groups g WHERE waiting_count <> (SELECT count(*) FROM ideas i WHERE i.group_id = g.id AND i.first_response_at IS NULL AND i.withdrawn_at IS NULL AND i.status <> 'merged')",
    ),
  ).toBe(0);
}

let counter = 0;
/**
 * Two ideas of one group: A (by Aino, voted by One, Two and Three, followed by Fiona) and B (by Bea, voted by
 * Three and Four). Three voted for both. A moderator (Finnish), staff, and a plain member.
 */
async function world() {
  counter += 1;
  const group = makeGroup({ name: `Yhdistäminen ${counter}` });
  const board = makeBoard(group.id, { name: "Ideas" });
  const person = async (name: string, locale: Locale = "en", role: "member" | "moderator" = "member") => {
    const u = await createUser({ name, locale });
    addMember(group.id, u.id, { role });
    return u;
  };
  const author = await person("Aino Author", "fi");
  const bAuthor = await person("Bea Author");
  const voters = [await person("Voter One"), await person("Voter Two"), await person("Voter Three"), await person("Voter Four")];
  const follower = await person("Fiona Follower");
  const moderator = await person("Matti Moderaattori", "fi", "moderator");
  const staff = await createUser({ role: "staff", name: "Sanna Staff", locale: "en" });
  const a = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "Offline tickets on the phone" });
  const b = makeIdea({ groupId: group.id, boardId: board.id, authorId: bAuthor.id, title: "Tickets without network" });
  const vote = (number: number, u: User, voted = true) => expect(castVote({ groupId: group.id, number, userId: u.id, voted }).ok).toBe(true);
  for (const u of voters.slice(0, 3)) vote(a.number, u);
  for (const u of voters.slice(2, 4)) vote(b.number, u);
  setFollow({ groupId: group.id, number: a.number, userId: follower.id, following: true });
  const path = (n: number) => `/g/${group.slug}/ideas/${n}`;
  const post = async (u: User, n: number, fields: Record<string, string>, search = "") =>
    callAction(ideaRoute as never, postRequest(`${path(n)}${search}`, fields, { cookie: await sessionCookie(u.id) }), { slug: group.slug, number: String(n) });
  const load = async (u: User, n: number, search = "") =>
    callLoader(ideaRoute as never, getRequest(`${path(n)}${search}`, { cookie: await sessionCookie(u.id) }), { slug: group.slug, number: String(n) });
  return { group, board, author, bAuthor, voters, follower, moderator, staff, a, b, vote, post, load };
}

describe("merging asks first", () => {
  it("answers the first submission with both ideas and what would move, writing nothing; only `confirm` merges", async () => {
    const w = await world();
    const before = snapshot();
    const asked = await w.post(w.staff, w.a.number, { intent: "merge", into: String(w.b.number), response: "Same idea, let us talk there." });
    expect(asked.status).toBe(200);
    expect(asked.data.ok).toBe(true);
    expect(asked.data.mergePreview).toEqual({
      from: { number: w.a.number, title: "Offline tickets on the phone", status: "open", voteCount: 3, followerCount: 5, authorName: "Aino Author" },
      into: { number: w.b.number, title: "Tickets without network", status: "open", voteCount: 2, followerCount: 3, authorName: "Bea Author" },
      // One and Two move; Three already votes for B and counts once. Aino, One, Two and Fiona move; Three already follows B.
      votes: { move: 2, already: 1 },
      follows: { move: 4, already: 1 },
      response: "Same idea, let us talk there.",
    });
    expect(snapshot()).toBe(before);
    // The preview refuses what the merge would refuse, with the same translated message.
    const self = await w.post(w.staff, w.a.number, { intent: "merge", into: String(w.a.number) });
    expect([self.status, self.data.result.error[""]]).toEqual([400, [t("en", "loop.error.merge.same")]]);
    // `confirm` is exactly "1"; anything else is a 400 that changes nothing.
    expect((await w.post(w.staff, w.a.number, { intent: "merge", into: String(w.b.number), confirm: "yes" })).status).toBe(400);
    expect(snapshot()).toBe(before);

    const merged = await w.post(w.staff, w.a.number, { intent: "merge", into: String(w.b.number), response: "Same idea, let us talk there.", confirm: "1" });
    expect(merged.status).toBe(302);
    expect(merged.location).toBe(`/g/${w.group.slug}/ideas/${w.b.number}?from=${w.a.number}`);
    expect(ideaById(w.a.id)).toMatchObject({ status: "merged", mergedIntoId: w.b.id });
    expect(ideaById(w.b.id).voteCount).toBe(4);
    // What moved is recorded, each of A's rows once, with whether B already had it.
    expect(
      rows(
        "SELECT kind, moved, count(*) AS n FROM idea_merge_moves m JOIN idea_merges g ON g.id = m.merge_id WHERE g.from_idea_id = ? GROUP BY kind, moved ORDER BY kind, moved",
        w.a.id,
      ),
    ).toEqual([
      { kind: "follow", moved: 0, n: 1 },
      { kind: "follow", moved: 1, n: 4 },
      { kind: "vote", moved: 0, n: 1 },
      { kind: "vote", moved: 1, n: 2 },
    ]);
    expectCountersExact();
  });
});

describe("committed and answered ideas", () => {
  it("are merged only by staff: a moderator gets a translated 403 and nothing changes, the page says why", async () => {
    const w = await world();
    const planned = w.a;
    expect(changeStatus({ group: w.group, number: planned.number, actor: actor(w.staff), status: "planned", response: "We build this." }).ok).toBe(true);
    const answered = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Answered by a staff comment" });
    expect(addComment({ group: w.group, number: answered.number, author: actor(w.staff), body: "Thanks, we are looking at it.", parentId: null }).ok).toBe(
      true,
    );
    const inProgress = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Being built" });
    expect(changeStatus({ group: w.group, number: inProgress.number, actor: actor(w.staff), status: "in_progress", response: null }).ok).toBe(true);
    const before = snapshot();
    const attempts: Record<string, string>[] = [
      { intent: "merge", into: String(w.b.number) },
      { intent: "merge", into: String(w.b.number), confirm: "1" },
    ];
    for (const idea of [planned, answered, inProgress]) {
      for (const fields of attempts) {
        const refused = await w.post(w.moderator, idea.number, fields);
        expect(refused.status, `#${idea.number}`).toBe(403);
        expect(refused.data.result.error[""]).toEqual([t("fi", "loop.error.merge.staffOnly")]);
      }
      expect(mergeIdeas({ group: w.group, fromNumber: idea.number, intoNumber: w.b.number, actor: actor(w.moderator), response: null })).toEqual({
        ok: false,
        error: "staffOnly",
      });
      const page = await w.load(w.moderator, idea.number);
      expect(page.data.can).toMatchObject({ merge: false, mergeStaffOnly: true });
    }
    expect(snapshot()).toBe(before);
    // An open idea nobody has answered is the moderator's to merge, and staff merge the planned one.
    const fresh = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "A plain duplicate" });
    expect((await w.load(w.moderator, fresh.number)).data.can).toMatchObject({ merge: true, mergeStaffOnly: false });
    expect((await w.post(w.moderator, fresh.number, { intent: "merge", into: String(w.b.number), confirm: "1" })).status).toBe(302);
    expect((await w.post(w.staff, planned.number, { intent: "merge", into: String(w.b.number), confirm: "1" })).status).toBe(302);
    expect(ideaById(planned.id).status).toBe("merged");
    expectCountersExact();
  });

  it("the rules agree: committed means planned, in progress or answered", () => {
    const moderator = { orgRole: "member" as const, membership: { state: "active" as const, role: "moderator" as const } };
    const staff = { orgRole: "staff" as const, membership: null };
    const idea = (status: "open" | "under_review" | "planned" | "in_progress", firstResponseAt: number | null = null) => ({
      status,
      firstResponseAt,
      authorId: null,
      withdrawnAt: null,
    });
    expect([idea("open"), idea("under_review"), idea("planned"), idea("in_progress"), idea("open", 1)].map(isCommittedIdea)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(canMergeIdea(moderator, idea("open"), false)).toBe(true);
    expect(canMergeIdea(moderator, idea("open", 1), false)).toBe(false);
    expect(canMergeIdea(staff, idea("in_progress", 1), false)).toBe(true);
    expect(canMergeIdea(staff, idea("open"), true)).toBe(false);
    const now = Date.now();
    expect(canUnmerge(staff, { createdAt: now - UNMERGE_WINDOW_MS, undoneAt: null }, false, now)).toBe(true);
    expect(canUnmerge(staff, { createdAt: now - UNMERGE_WINDOW_MS - 1, undoneAt: null }, false, now)).toBe(false);
    expect(canUnmerge(staff, { createdAt: now, undoneAt: now }, false, now)).toBe(false);
    expect(canUnmerge(moderator, { createdAt: now, undoneAt: null }, false, now)).toBe(false);
    expect(canUnmerge(staff, { createdAt: now, undoneAt: null }, true, now)).toBe(false);
  });
});

describe("undoing a merge", () => {
  it("restores the source's status, votes and followers exactly, takes from the target exactly what moved, and keeps every counter", async () => {
    const w = await world();
    // A was under review with a staff response; B was planned. Both leave their marks on the queue and the board.
    expect(changeStatus({ group: w.group, number: w.a.number, actor: actor(w.staff), status: "under_review", response: "Looking at it." }).ok).toBe(true);
    const untouched = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Waits in the queue" });
    const a0 = ideaById(w.a.id);
    const b0 = ideaById(w.b.id);
    const votesA = votesOf(w.a.id);
    const votesB = votesOf(w.b.id);
    const followsA = followsOf(w.a.id);
    const followsB = followsOf(w.b.id);
    const boardCount = () => db().select().from(schema.boards).where(eq(schema.boards.id, w.board.id)).get()!.ideaCount;
    const waiting = () => db().select().from(schema.groups).where(eq(schema.groups.id, w.group.id)).get()!.waitingCount;
    const [board0, waiting0] = [boardCount(), waiting()];

    expect(mergeIdeas({ group: w.group, fromNumber: w.a.number, intoNumber: w.b.number, actor: actor(w.staff), response: "Same as #2." }).ok).toBe(true);
    expect([boardCount(), waiting()]).toEqual([board0 - 1, waiting0]);
    const beforeUndo = { notifications: count("SELECT count(*) AS n FROM notifications"), emails: count("SELECT count(*) AS n FROM email_outbox") };

    const undone = await w.post(w.staff, w.a.number, { intent: "unmerge" }, "?original=1");
    expect(undone.status).toBe(302);
    expect(undone.location).toBe(`/g/${w.group.slug}/ideas/${w.a.number}?unmerged=1#timeline`);
    const a1 = ideaById(w.a.id);
    const b1 = ideaById(w.b.id);
    expect(a1).toMatchObject({
      status: "under_review",
      mergedIntoId: null,
      firstResponseAt: a0.firstResponseAt,
      voteCount: a0.voteCount,
      followerCount: a0.followerCount,
    });
    expect(b1).toMatchObject({ status: b0.status, voteCount: b0.voteCount, followerCount: b0.followerCount });
    expect(votesOf(w.a.id)).toEqual(votesA);
    expect(votesOf(w.b.id)).toEqual(votesB);
    expect(followsOf(w.a.id)).toEqual(followsA);
    expect(followsOf(w.b.id)).toEqual(followsB);
    expect([boardCount(), waiting()]).toEqual([board0, waiting0]);
    expectCountersExact();
    expect(ideaById(untouched.id).status).toBe("open");

    // Both timelines tell it, and so does the audit log.
    expect(listEvents(w.a.id).map((e) => [e.kind, e.fromStatus, e.toStatus, e.related?.number ?? null])).toEqual([
      ["status", "open", "under_review", null],
      ["status", "under_review", "merged", w.b.number],
      ["unmerged", "merged", "under_review", w.b.number],
    ]);
    expect(listEvents(w.b.id).map((e) => [e.kind, e.related?.number ?? null])).toEqual([
      ["merged_in", w.a.number],
      ["unmerged_out", w.a.number],
    ]);
    const audit = rows<{ actor_id: string; details: string }>(
      "SELECT actor_id, details FROM audit_log WHERE action = 'idea.unmerge' AND target_id = ?",
      String(w.a.id),
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toEqual({
      from: w.a.number,
      into: w.b.number,
      status: "under_review",
      restoredVotes: 3,
      removedVotes: 2,
      restoredFollows: 5,
      removedFollows: 4,
    });
    expect(rows("SELECT undone_by FROM idea_merges WHERE from_idea_id = ?", w.a.id)).toEqual([{ undone_by: w.staff.id }]);

    // Only A's author hears of it, in the app, once; nobody gets an e-mail.
    drainEvents();
    expect(count("SELECT count(*) AS n FROM notifications") - beforeUndo.notifications).toBe(1);
    expect(count("SELECT count(*) AS n FROM email_outbox")).toBe(beforeUndo.emails);
    const told = rows<{ user_id: string; kind: string; data: string }>("SELECT user_id, kind, data FROM notifications ORDER BY id DESC LIMIT 1")[0];
    expect(told.user_id).toBe(w.author.id);
    expect(told.kind).toBe("status");
    expect(JSON.parse(told.data)).toMatchObject({ number: String(w.a.number), from: "merged", status: "under_review" });

    // The page is A's own again (no redirect), with the merge's message no longer "the answer" in my-ideas terms.
    const page = await w.load(w.voters[0], w.a.number);
    expect(page.status).toBe(200);
    expect(page.data.idea).toMatchObject({ status: "under_review", voteCount: 3, voted: true });
    // Undone once: a second undo is refused, and the merge can be made (and undone) again.
    const again = await w.post(w.staff, w.a.number, { intent: "unmerge" }, "?original=1");
    expect(again.status).toBe(409);
    expect(again.data.result.error[""]).toEqual([t("en", "loop.error.unmerge.notMerged")]);
    expect(mergeIdeas({ group: w.group, fromNumber: w.a.number, intoNumber: w.b.number, actor: actor(w.staff), response: null }).ok).toBe(true);
    expect(unmergeIdea({ group: w.group, number: w.a.number, actor: actor(w.staff) }).ok).toBe(true);
    expect(votesOf(w.a.id)).toEqual(votesA);
    expect(votesOf(w.b.id)).toEqual(votesB);
    expectCountersExact();
  });

  it("respects what people did since: a vote taken off the target stays off, new votes on the target stay there", async () => {
    const w = await world();
    expect(mergeIdeas({ group: w.group, fromNumber: w.a.number, intoNumber: w.b.number, actor: actor(w.staff), response: null }).ok).toBe(true);
    const [one, two, three, four] = w.voters;
    const newcomer = await createUser({ name: "Nora Newcomer" });
    addMember(w.group.id, newcomer.id);
    w.vote(w.b.number, one, false); // One moved with A, then took the vote back
    w.vote(w.b.number, newcomer); // Nora found B after the merge
    const result = unmergeIdea({ group: w.group, number: w.a.number, actor: actor(w.staff) });
    expect(result).toMatchObject({ ok: true, restoredVotes: 2, removedVotes: 1 });
    expect(
      votesOf(w.a.id)
        .map((v) => v.user_id)
        .sort(),
    ).toEqual([two.id, three.id].sort());
    expect(
      votesOf(w.b.id)
        .map((v) => v.user_id)
        .sort(),
    ).toEqual([three.id, four.id, newcomer.id].sort());
    expectCountersExact();
  });

  it("is for staff within 30 days only: moderators get 403, later it is not offered and the server answers 409", async () => {
    const w = await world();
    const other = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Merged long ago" });
    expect(mergeIdeas({ group: w.group, fromNumber: w.a.number, intoNumber: w.b.number, actor: actor(w.staff), response: null }).ok).toBe(true);
    expect(
      mergeIdeas({ group: w.group, fromNumber: other.number, intoNumber: w.b.number, actor: actor(w.staff), response: null, now: Date.now() - 31 * DAY }).ok,
    ).toBe(true);
    // Offered to staff on the merged idea's page and beside the target's "merged in" line; not to the moderator.
    expect((await w.load(w.staff, w.a.number, "?original=1")).data.unmerge).toEqual({ until: expect.any(Number) });
    expect((await w.load(w.staff, w.b.number)).data.undoable).toEqual([w.a.number]);
    expect((await w.load(w.moderator, w.a.number, "?original=1")).data.unmerge).toBeNull();
    expect((await w.load(w.moderator, w.b.number)).data.undoable).toEqual([]);
    expect((await w.load(w.staff, other.number, "?original=1")).data.unmerge).toBeNull();

    const before = snapshot();
    expect((await w.post(w.moderator, w.a.number, { intent: "unmerge" }, "?original=1")).status).toBe(403);
    expect((await w.post(w.voters[0], w.a.number, { intent: "unmerge" }, "?original=1")).status).toBe(403);
    const late = await w.post(w.staff, other.number, { intent: "unmerge" }, "?original=1");
    expect(late.status).toBe(409);
    expect(late.data.result.error[""]).toEqual([t("en", "loop.error.unmerge.expired")]);
    // An idea that is not merged has nothing to undo.
    expect((await w.post(w.staff, w.b.number, { intent: "unmerge" })).status).toBe(409);
    expect(snapshot()).toBe(before);
  });

  it("waits for a later merge of the target to be undone first", async () => {
    const w = await world();
    const c = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.bAuthor.id, title: "The third one" });
    expect(mergeIdeas({ group: w.group, fromNumber: w.a.number, intoNumber: w.b.number, actor: actor(w.staff), response: null }).ok).toBe(true);
    expect(mergeIdeas({ group: w.group, fromNumber: w.b.number, intoNumber: c.number, actor: actor(w.staff), response: null }).ok).toBe(true);
    const before = snapshot();
    expect(unmergeIdea({ group: w.group, number: w.a.number, actor: actor(w.staff) })).toEqual({ ok: false, error: "targetMerged" });
    expect(snapshot()).toBe(before);
    expect(unmergeIdea({ group: w.group, number: w.b.number, actor: actor(w.staff) }).ok).toBe(true);
    expect(unmergeIdea({ group: w.group, number: w.a.number, actor: actor(w.staff) }).ok).toBe(true);
    expect(ideaById(w.a.id).voteCount).toBe(3);
    expect(ideaById(w.b.id).voteCount).toBe(2);
    expect(ideaById(c.id).voteCount).toBe(0);
    expectCountersExact();
  });
});

describe("on the idea page", () => {
  it("tells staff who recorded an idea that it is the member's, and a withdrawn idea is withdrawn in its data", async () => {
    const w = await world();
    // The loader says whose idea it is; the page shows "Recorded for …" to anyone but the author (see comment-pages over HTTP).
    expect((await w.load(w.staff, w.a.number, "?posted=1")).data.viewerIsAuthor).toBe(false);
    expect((await w.load(w.author, w.a.number, "?posted=1")).data.viewerIsAuthor).toBe(true);
  });
});
