// Merges and their undo against a real SQLite file, in random sequences (issue 11, item 4, reviewed): whatever
// order votes, unvotes, follows, status changes, withdrawals, merges and unmerges come in, every maintained counter
// (ideas' vote_count and follower_count, boards' idea_count, groups' waiting_count) equals the rows it counts; and
// undoing every merge gives each person exactly the votes and follows they had before the first merge, also when
// several ideas were merged into the same target (a vote the target got from two merges belongs to both).
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { castVote, setFollow, withdrawIdea } from "../../app/models/idea.server";
import { changeStatus, mergeIdeas, unmergeIdea } from "../support/loop";
import type { User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea } from "../support/factories";
import { seededRandom } from "../../scripts/bench/generate";

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

function expectCountersExact(context: string) {
  const drift = rows(
    `SELECT 'votes' AS what, i.id FROM ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)
     UNION ALL SELECT 'follows', i.id FROM ideas i WHERE follower_count <> (SELECT count(*) FROM follows f WHERE f.idea_id = i.id)
     UNION ALL SELECT 'board', b.id FROM boards b WHERE idea_count <> (SELECT count(*) FROM ideas i WHERE i.board_id = b.id AND i.withdrawn_at IS NULL AND i.status <> 'merged')
     UNION ALL SELECT 'waiting', g.id FROM groups g WHERE waiting_count <> (SELECT count(*) FROM ideas i WHERE i.group_id = g.id AND i.first_response_at IS NULL AND i.withdrawn_at IS NULL AND i.status <> 'merged')`,
  );
  expect(drift, context).toEqual([]);
}

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */

let worlds = 0;
async function world(ideaCount: number, people: number) {
  worlds += 1;
  const group = makeGroup({ name: `Satunnainen ${worlds}` });
  const boards = [makeBoard(group.id, { name: "One" }), makeBoard(group.id, { name: "Two" })];
  const members: User[] = [];
  for (let i = 0; i < people; i++) {
    const u = await createUser({ name: `Member ${worlds}-${i}` });
    addMember(group.id, u.id);
    members.push(u);
  }
  const staff = await createUser({ role: "staff", name: `Staff ${worlds}` });
  const ideas = Array.from({ length: ideaCount }, (_, i) =>
    makeIdea({ groupId: group.id, boardId: boards[i % 2].id, authorId: members[i % people].id, title: `Idea ${i}` }),
  );
  return { group, members, staff, numbers: ideas.map((i) => i.number), ids: ideas.map((i) => i.id) };
}

const state = (ids: number[]) =>
  JSON.stringify([
    rows("SELECT idea_id, user_id, created_at FROM votes WHERE idea_id IN (SELECT value FROM json_each(?)) ORDER BY idea_id, user_id", JSON.stringify(ids)),
    rows("SELECT idea_id, user_id, created_at FROM follows WHERE idea_id IN (SELECT value FROM json_each(?)) ORDER BY idea_id, user_id", JSON.stringify(ids)),
  ]);

/** Undoes every merge still in force, a target's own merge first (the model refuses the other order). */
function undoAll(w: Awaited<ReturnType<typeof world>>, pick: () => number) {
  for (let guard = 0; guard < 100; guard++) {
    const merged = rows<{ number: number }>("SELECT number FROM ideas WHERE group_id = ? AND status = 'merged'", w.group.id).map((r) => r.number);
    if (merged.length === 0) return;
    const order = [...merged].sort(() => pick() - 0.5);
    const done = order.find((n) => unmergeIdea({ group: w.group, number: n, actor: actor(w.staff) }).ok);
    expect(done, `no merge could be undone of ${merged.join(", ")}`).toBeDefined();
  }
}

describe("merge and unmerge in random sequences", () => {
  it("keep every counter equal to its rows, whatever else happens in between", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const pick = seededRandom(seed);
      const w = await world(6, 8);
      const one = <T>(list: T[]) => list[Math.floor(pick() * list.length)];
      for (let step = 0; step < 60; step++) {
        const r = pick();
        const n = one(w.numbers);
        const u = one(w.members);
        if (r < 0.3) castVote({ groupId: w.group.id, number: n, userId: u.id, voted: pick() < 0.7 });
        else if (r < 0.45) setFollow({ groupId: w.group.id, number: n, userId: u.id, following: pick() < 0.6 });
        else if (r < 0.65) mergeIdeas({ group: w.group, fromNumber: n, intoNumber: one(w.numbers), actor: actor(w.staff), response: null });
        else if (r < 0.85) unmergeIdea({ group: w.group, number: n, actor: actor(w.staff) });
        else if (r < 0.95)
          changeStatus({ group: w.group, number: n, actor: actor(w.staff), status: one(["planned", "in_progress", "open"] as const), response: null });
        else withdrawIdea({ group: w.group, number: n, userId: w.members[w.numbers.indexOf(n) % w.members.length].id, readOnly: false });
        expectCountersExact(`seed ${seed}, step ${step}`);
      }
      undoAll(w, pick);
      expectCountersExact(`seed ${seed}, after undoing every merge`);
    }
  });

  it("give everyone back exactly their votes and follows once every merge is undone, in any order", async () => {
    for (let seed = 100; seed <= 130; seed++) {
      const pick = seededRandom(seed);
      const w = await world(5, 6);
      const one = <T>(list: T[]) => list[Math.floor(pick() * list.length)];
      // Before any merge: who voted for and follows what.
      for (let step = 0; step < 25; step++) castVote({ groupId: w.group.id, number: one(w.numbers), userId: one(w.members).id, voted: true });
      for (let step = 0; step < 8; step++) setFollow({ groupId: w.group.id, number: one(w.numbers), userId: one(w.members).id, following: true });
      const before = state(w.ids);
      // Then only merges and undos (nobody votes meanwhile), several of them into the same target and in chains.
      for (let step = 0; step < 12; step++) {
        if (pick() < 0.7) mergeIdeas({ group: w.group, fromNumber: one(w.numbers), intoNumber: one(w.numbers), actor: actor(w.staff), response: null });
        else unmergeIdea({ group: w.group, number: one(w.numbers), actor: actor(w.staff) });
      }
      undoAll(w, pick);
      expect(state(w.ids), `seed ${seed}`).toBe(before);
      expectCountersExact(`seed ${seed}`);
    }
  });

  it("keeps a vote on the target that came from two merges until both are undone", async () => {
    const w = await world(3, 3);
    const [a, b, c] = w.numbers;
    const [, , zoe] = w.members;
    castVote({ groupId: w.group.id, number: a, userId: zoe.id, voted: true });
    castVote({ groupId: w.group.id, number: c, userId: zoe.id, voted: true });
    expect(mergeIdeas({ group: w.group, fromNumber: a, intoNumber: b, actor: actor(w.staff), response: null }).ok).toBe(true);
    expect(mergeIdeas({ group: w.group, fromNumber: c, intoNumber: b, actor: actor(w.staff), response: null }).ok).toBe(true);
    const votesOf = (userId: string) =>
      rows<{ number: number }>("SELECT i.number FROM votes v JOIN ideas i ON i.id = v.idea_id WHERE v.user_id = ? ORDER BY i.number", userId).map(
        (r) => r.number,
      );
    expect(votesOf(zoe.id)).toEqual([b]);
    // Undoing A's merge gives Zoe her vote on A back, and her vote on B stays: it is her vote for C, still merged there.
    expect(unmergeIdea({ group: w.group, number: a, actor: actor(w.staff) }).ok).toBe(true);
    expect(votesOf(zoe.id)).toEqual([a, b]);
    expect(unmergeIdea({ group: w.group, number: c, actor: actor(w.staff) }).ok).toBe(true);
    expect(votesOf(zoe.id)).toEqual([a, c]);
    expect(count("SELECT count(*) AS n FROM follows f JOIN ideas i ON i.id = f.idea_id WHERE f.user_id = ? AND i.number = ?", zoe.id, b)).toBe(0);
    expectCountersExact("two merges into one target");
  });
});
