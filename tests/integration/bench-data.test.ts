// The benchmark's data generator, at the smoke scale: the numbers it promises, every counter equal to the rows
// it counts, the search index finding what was written (in its own group only), the skew a real group has,
// and the same data from the same seed.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { listBoards } from "../../app/models/board.server";
import { listIdeas } from "../../app/models/idea.server";
import { similarIdeas } from "../../app/models/search.server";
import { generate, SMOKE } from "../../scripts/bench/generate";

const all = <T>(sql: string, ...args: unknown[]) =>
  db()
    .$client.prepare(sql)
    .all(...args) as T[];
const one = <T>(sql: string, ...args: unknown[]) =>
  db()
    .$client.prepare(sql)
    .get(...args) as T;

/** What the seed decides (not the timestamps, which are relative to the day the data is made). */
function fingerprint(file: string): string {
  const c = new Database(file, { readonly: true });
  try {
    const hash = crypto.createHash("sha256");
    for (const sql of [
      "SELECT u.id, u.name, m.group_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY u.id, m.group_id",
      "SELECT group_id, number, author_id, title, body, status, vote_count, comment_count, follower_count FROM ideas ORDER BY group_id, number",
      "SELECT i.group_id, i.number, v.user_id FROM votes v JOIN ideas i ON i.id = v.idea_id ORDER BY 1, 2, 3",
      "SELECT i.group_id, i.number, c.author_id, c.body, c.parent_id IS NULL FROM comments c JOIN ideas i ON i.id = c.idea_id ORDER BY 1, 2, 3, 4",
    ])
      for (const row of c.prepare(sql).raw().iterate()) hash.update(JSON.stringify(row));
    return hash.digest("hex");
  } finally {
    c.close();
  }
}

beforeAll(async () => {
  // Into the test's own database file (nothing has opened it yet): the app's models then read what was made.
  await generate(process.env.DATABASE_PATH!, SMOKE);
});

describe("benchmark data generator", () => {
  it("makes the promised numbers of groups, members, ideas, votes and comments", () => {
    const n = (table: string, where = "") => one<{ n: number }>(`SELECT count(*) AS n FROM ${table} ${where}`).n;
    expect(n("groups")).toBe(SMOKE.groups);
    expect(n("users", "WHERE role = 'member'")).toBe(SMOKE.groups * SMOKE.membersPerGroup);
    // The fan-out idea (idea 1 of the last group): fanOutVoters votes of its own, members of other groups joined to make up the crowd.
    expect(n("memberships", "WHERE state = 'active'")).toBe(SMOKE.groups * SMOKE.membersPerGroup + Math.max(0, SMOKE.fanOutVoters - SMOKE.membersPerGroup));
    expect(n("ideas")).toBe(SMOKE.groups * SMOKE.ideasPerGroup);
    expect(n("votes")).toBe(SMOKE.groups * SMOKE.votesPerGroup + SMOKE.fanOutVoters);
    expect(one<{ n: number }>("SELECT vote_count AS n FROM ideas WHERE group_id = (SELECT id FROM groups ORDER BY slug DESC LIMIT 1) AND number = 1").n).toBe(
      SMOKE.fanOutVoters,
    );
    expect(n("comments")).toBe(SMOKE.groups * SMOKE.commentsPerGroup);
    // Every vote and comment stays inside its group: voters and writers are members of the idea's group.
    expect(
      n("votes v JOIN ideas i ON i.id = v.idea_id", "WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = i.group_id AND m.user_id = v.user_id)"),
    ).toBe(0);
    expect(n("comments c", "WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = c.group_id AND m.user_id = c.author_id)")).toBe(0);
    // Replies answer a comment on the same idea, written before them.
    expect(n("comments c JOIN comments p ON p.id = c.parent_id", "WHERE p.idea_id <> c.idea_id OR p.created_at > c.created_at")).toBe(0);
    expect(n("comments", "WHERE parent_id IS NOT NULL")).toBeGreaterThan(0);
  });

  it("keeps every counter equal to the rows it counts", () => {
    const wrong = (sql: string) => one<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`).n;
    expect(wrong("ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)")).toBe(0);
    expect(wrong("ideas i WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id)")).toBe(0);
    expect(wrong("ideas i WHERE follower_count <> (SELECT count(*) FROM follows f WHERE f.idea_id = i.id)")).toBe(0);
    expect(
      wrong("boards b WHERE idea_count <> (SELECT count(*) FROM ideas i WHERE i.board_id = b.id AND i.withdrawn_at IS NULL AND i.status <> 'merged')"),
    ).toBe(0);
    expect(
      wrong(
        "groups g WHERE waiting_count <> (SELECT count(*) FROM ideas i WHERE i.group_id = g.id AND i.first_response_at IS NULL AND i.withdrawn_at IS NULL AND i.status <> 'merged')",
      ),
    ).toBe(0);
    expect(wrong("groups g WHERE member_count <> (SELECT count(*) FROM memberships m WHERE m.group_id = g.id AND m.state = 'active')")).toBe(0);
    // Ideas answered have the response in their history; ideas waiting have none.
    expect(wrong("ideas i WHERE (first_response_at IS NULL) <> NOT EXISTS (SELECT 1 FROM idea_events e WHERE e.idea_id = i.id AND e.kind = 'status')")).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM ideas WHERE first_response_at IS NULL").n).toBeGreaterThan(0);
  });

  it("is skewed as real groups are: a few ideas get most votes, a few members write most", () => {
    const share = (counts: number[], top: number) => {
      const sorted = [...counts].sort((a, b) => b - a);
      const total = sorted.reduce((s, x) => s + x, 0);
      return sorted.slice(0, Math.ceil(sorted.length * top)).reduce((s, x) => s + x, 0) / total;
    };
    const group = one<{ id: string }>("SELECT id FROM groups ORDER BY slug LIMIT 1").id;
    const votes = all<{ n: number }>("SELECT vote_count AS n FROM ideas WHERE group_id = ?", group).map((r) => r.n);
    const writers = all<{ n: number }>("SELECT count(*) AS n FROM ideas WHERE group_id = ? GROUP BY author_id", group).map((r) => r.n);
    const commenters = all<{ n: number }>("SELECT count(*) AS n FROM comments WHERE group_id = ? GROUP BY author_id", group).map((r) => r.n);
    // Uniform draws would give 10 % each; 10 % of the ideas hold over a third of the votes.
    expect(share(votes, 0.1)).toBeGreaterThan(0.35);
    // 10 % of the members write over 40 % of the ideas and of the comments (counting members who wrote nothing).
    const members = SMOKE.membersPerGroup;
    const topMembers = (counts: number[]) => share([...counts, ...Array(members - counts.length).fill(0)], 0.1);
    expect(topMembers(writers)).toBeGreaterThan(0.4);
    expect(topMembers(commenters)).toBeGreaterThan(0.4);
  });

  it("builds a search index that finds each idea by its own words, in its own group only", () => {
    const groups = all<{ id: string }>("SELECT id FROM groups ORDER BY slug");
    const viewerId = one<{ id: string }>("SELECT id FROM users WHERE role = 'staff'").id;
    const sample = all<{ id: number; groupId: string; title: string }>("SELECT id, group_id AS groupId, title FROM ideas WHERE number % 37 = 0 ORDER BY id");
    expect(sample.length).toBeGreaterThan(20);
    for (const idea of sample) {
      expect(similarIdeas({ groupId: idea.groupId, text: idea.title, viewerId, limit: 50 }).map((s) => s.id)).toContain(idea.id);
      const other = groups.find((g) => g.id !== idea.groupId)!;
      expect(similarIdeas({ groupId: other.id, text: idea.title, viewerId, limit: 50 }).map((s) => s.id)).not.toContain(idea.id);
    }
  });

  it("is read by the app: the top of a board is its most voted ideas, with the viewer's own votes", () => {
    const group = one<{ id: string }>("SELECT id FROM groups ORDER BY slug LIMIT 1").id;
    const viewer = one<{ id: string }>(
      "SELECT v.user_id AS id FROM votes v JOIN ideas i ON i.id = v.idea_id WHERE i.group_id = ? GROUP BY v.user_id ORDER BY count(*) DESC LIMIT 1",
      group,
    ).id;
    const board = listBoards(group)[0];
    expect(board.ideaCount).toBe(SMOKE.ideasPerGroup);
    const page = listIdeas({
      groupId: group,
      viewerId: viewer,
      boardId: board.id,
      sort: "top",
      status: null,
      tagId: null,
      mine: false,
      voted: false,
      q: "",
      page: 1,
    });
    expect(page.total).toBe(SMOKE.ideasPerGroup);
    expect(page.rows).toHaveLength(50);
    const top = all<{ n: number }>("SELECT vote_count AS n FROM ideas WHERE group_id = ? ORDER BY vote_count DESC LIMIT 50", group).map((r) => r.n);
    expect(page.rows.map((r) => r.voteCount)).toEqual(top);
    const own = new Set(all<{ id: number }>("SELECT idea_id AS id FROM votes WHERE user_id = ?", viewer).map((r) => r.id));
    expect(page.rows.map((r) => Boolean(r.voted))).toEqual(page.rows.map((r) => own.has(r.id)));
    expect(page.rows.some((r) => r.voted)).toBe(true);
  });

  it("makes the same data from the same seed", async () => {
    const again = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-bench-again-")), "again.db");
    try {
      await generate(again, SMOKE);
      expect(fingerprint(again)).toBe(fingerprint(process.env.DATABASE_PATH!));
    } finally {
      fs.rmSync(path.dirname(again), { recursive: true, force: true });
    }
  });
});
