// Migration 0013 on a database the benchmark's generator made (smoke size) before it, with withdrawn and merged
// ideas added so the rules have something to decide: every table keeps its rows and every counter its value,
// the counters still equal what they count, and the migrated schema is the one a new install gets.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { registerFunctions } from "../../db/client";
import { generate, SMOKE } from "../../scripts/bench/generate";
import { migratedBefore } from "../support/migrations";

// The generator migrates the file it fills with the app's migrations folder; here it must stop where the
// database does, before 0013, so it gets the truncated folder of migratedBefore.
const folder = vi.hoisted(() => ({ current: undefined as string | undefined }));
vi.mock("../../db/migrate", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../db/migrate")>();
  return { ...real, runMigrations: (file: string, dir?: string) => real.runMigrations(file, dir ?? folder.current ?? real.MIGRATIONS_FOLDER) };
});

let old: ReturnType<typeof migratedBefore>;
beforeAll(async () => {
  old = migratedBefore("0013_listed_rule");
  folder.current = path.join(old.dir, "migrations");
  await generate(old.file, SMOKE);
  folder.current = undefined;
});
afterAll(() => fs.rmSync(old.dir, { recursive: true, force: true }));

const open = (file: string) => {
  const c = new Database(file);
  registerFunctions(c); // the search indexes' triggers call the app's functions
  return c;
};

/** Rows per table (aside: the migrations applied, and the planner's statistics, whose rows for an index dropped go with it) and every counter. */
function state(c: Database.Database) {
  const tables = c
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' AND name <> '__drizzle_migrations' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(tables.map((t) => [t, c.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()]));
  const all = (sql: string) => c.prepare(sql).raw().all();
  return {
    rows,
    ideas: all("SELECT id, vote_count, comment_count, follower_count, status, withdrawn_at, first_response_at FROM ideas ORDER BY id"),
    boards: all("SELECT id, idea_count FROM boards ORDER BY id"),
    groups: all("SELECT id, waiting_count, member_count FROM groups ORDER BY id"),
  };
}

/** Counters against the rows they count, spelled out here as an oracle independent of the migration. */
function wrongCounters(c: Database.Database) {
  const n = (sql: string) => c.prepare(`SELECT count(*) FROM ${sql}`).pluck().get() as number;
  return {
    votes: n("ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)"),
    comments: n("ideas i WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id)"),
    followers: n("ideas i WHERE follower_count <> (SELECT count(*) FROM follows f WHERE f.idea_id = i.id)"),
    boards: n("boards b WHERE idea_count <> (SELECT count(*) FROM ideas i WHERE i.board_id = b.id AND i.withdrawn_at IS NULL AND i.status <> 'merged')"),
    waiting: n(
      "groups g WHERE waiting_count <> (SELECT count(*) FROM ideas i WHERE i.group_id = g.id AND i.first_response_at IS NULL AND i.withdrawn_at IS NULL AND i.status <> 'merged')",
    ),
    members: n("groups g WHERE member_count <> (SELECT count(*) FROM memberships m WHERE m.group_id = g.id AND m.state = 'active')"),
  };
}
const NONE_WRONG = { votes: 0, comments: 0, followers: 0, boards: 0, waiting: 0, members: 0 };

it("0013 keeps every row and every counter of a benchmark database, and leaves the schema a new install has", () => {
  const before = open(old.file);
  expect(before.prepare("SELECT count(*) FROM pragma_table_xinfo('ideas') WHERE name IN ('listed', 'waiting')").pluck().get()).toBe(0); // really from before 0013
  expect(before.prepare("SELECT count(*) FROM ideas").pluck().get()).toBe(SMOKE.groups * SMOKE.ideasPerGroup);
  // What the generator does not make: withdrawn and merged ideas, answered or not (the old triggers count them).
  before.exec(`UPDATE ideas SET withdrawn_at = created_at + 1 WHERE id % 17 = 0;
    UPDATE ideas SET status = 'merged', merged_into_id = id - 1, first_response_at = coalesce(first_response_at, created_at + 2) WHERE id % 23 = 0 AND id % 17 <> 0;
    UPDATE ideas SET status = 'merged', merged_into_id = id - 1 WHERE id % 29 = 0 AND first_response_at IS NULL;`);
  const n = (sql: string) => before.prepare(sql).pluck().get() as number;
  expect(n("SELECT count(*) FROM ideas WHERE withdrawn_at IS NOT NULL AND first_response_at IS NULL")).toBeGreaterThan(0);
  expect(n("SELECT count(*) FROM ideas WHERE status = 'merged' AND first_response_at IS NULL")).toBeGreaterThan(0);
  expect(wrongCounters(before)).toEqual(NONE_WRONG);
  const was = state(before);
  before.close();

  const started = performance.now();
  old.migrateRest();
  const ms = performance.now() - started;

  const after = open(old.file);
  expect(after.prepare("SELECT count(*) FROM pragma_table_xinfo('ideas') WHERE name IN ('listed', 'waiting')").pluck().get()).toBe(2);
  // 0014 (moderation) runs too: its new tables start empty; every table that was there keeps its rows.
  const now = state(after);
  const added = Object.keys(now.rows).filter((t) => !(t in was.rows));
  expect(added.sort()).toEqual(["member_mutes", "moderation_cases", "moderation_decisions", "reports"]);
  for (const t of added) expect(now.rows[t], t).toBe(0);
  expect({ ...now, rows: Object.fromEntries(Object.entries(now.rows).filter(([t]) => t in was.rows)) }).toEqual(was);
  expect(wrongCounters(after)).toEqual(NONE_WRONG);
  // The columns decide as the conditions they replace did.
  expect(
    after
      .prepare(
        "SELECT count(*) FROM ideas WHERE listed IS NOT (withdrawn_at IS NULL AND status <> 'merged') OR waiting IS NOT (first_response_at IS NULL AND withdrawn_at IS NULL AND status <> 'merged')",
      )
      .pluck()
      .get(),
  ).toBe(0);
  // The same indexes and triggers as a database made new (this test's own).
  const schemaOf = (c: Database.Database) =>
    c.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'ideas' AND sql IS NOT NULL ORDER BY type, name").all();
  expect(schemaOf(after)).toEqual(schemaOf(db().$client));
  // And the triggers keep counting on the migrated database.
  const idea = after.prepare("SELECT id, board_id AS boardId, group_id AS groupId FROM ideas WHERE waiting LIMIT 1").get() as {
    id: number;
    boardId: number;
    groupId: string;
  };
  const counters = () =>
    after
      .prepare("SELECT (SELECT idea_count FROM boards WHERE id = ?) AS board, (SELECT waiting_count FROM groups WHERE id = ?) AS waiting")
      .get(idea.boardId, idea.groupId) as { board: number; waiting: number };
  const c0 = counters();
  after.prepare("UPDATE ideas SET withdrawn_at = 1 WHERE id = ?").run(idea.id);
  expect(counters()).toEqual({ board: c0.board - 1, waiting: c0.waiting - 1 });
  after.prepare("UPDATE ideas SET withdrawn_at = NULL WHERE id = ?").run(idea.id);
  expect(counters()).toEqual(c0);
  after.close();
  // Nothing is rewritten (the columns are virtual): a smoke database migrates in well under its build time.
  expect(ms).toBeLessThan(10_000);
});
