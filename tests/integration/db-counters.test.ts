// Counters the database keeps with triggers, against COUNT(*) after every kind of change: the boards' listed
// ideas (migration 0005) and the groups' ideas waiting for a response (0007); the totals read from them; and
// each migration's backfill of a database that had ideas before it.
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { listBoards } from "../../app/models/board.server";
import { findGroupById, findGroupBySlug } from "../../app/models/group.server";
import { listIdeas, withdrawIdea } from "../../app/models/idea.server";
import { listQueue } from "../../app/features/loop/queries/queue.server";
import { changeStatus, mergeIdeas } from "../support/loop";
import { registerFunctions } from "../../db/client";
import { addMember, createUser, makeBoard, makeGroup, makeIdea } from "../support/factories";
import { migratedBefore } from "../support/migrations";

const listed = (boardId: number) =>
  (db().$client.prepare("SELECT count(*) AS n FROM ideas WHERE board_id = ? AND withdrawn_at IS NULL AND status <> 'merged'").get(boardId) as { n: number }).n;
const counter = (boardId: number) => (db().$client.prepare("SELECT idea_count AS n FROM boards WHERE id = ?").get(boardId) as { n: number }).n;

describe("board idea counters", () => {
  it("equal the listed ideas after posting, withdrawing, merging, declining, moving and deleting", async () => {
    const group = makeGroup();
    const [a, b] = [makeBoard(group.id, { name: "App" }), makeBoard(group.id, { name: "Tickets" })];
    const writer = await createUser();
    const staff = await createUser({ role: "staff" });
    addMember(group.id, writer.id);
    const actor = { id: staff.id, name: staff.name, role: staff.role };
    const check = (expectA: number, expectB: number) => {
      expect([counter(a.id), counter(b.id)]).toEqual([listed(a.id), listed(b.id)]);
      expect([counter(a.id), counter(b.id)]).toEqual([expectA, expectB]);
    };
    check(0, 0);

    const ideas = Array.from({ length: 5 }, (_, i) => makeIdea({ groupId: group.id, boardId: a.id, authorId: writer.id, title: `Idea number ${i}` }));
    makeIdea({ groupId: group.id, boardId: b.id, authorId: writer.id, title: "On the other board" });
    check(5, 1);

    expect(withdrawIdea({ group, number: ideas[0].number, userId: writer.id, readOnly: false })).toEqual({ ok: true });
    check(4, 1);

    // A merged idea leaves the list; the idea it went into stays.
    expect(mergeIdeas({ group, fromNumber: ideas[1].number, intoNumber: ideas[2].number, actor, response: null }).ok).toBe(true);
    check(3, 1);

    // Declined and done ideas stay listed (only withdrawn and merged ones leave).
    expect(changeStatus({ group, number: ideas[2].number, actor, status: "declined", response: "Not this year, and here is why." })).toEqual({ ok: true });
    check(3, 1);

    // Whatever code moves or deletes an idea, the database keeps the counts.
    db().$client.prepare("UPDATE ideas SET board_id = ? WHERE id = ?").run(b.id, ideas[3].id);
    check(2, 2);
    db().$client.prepare("UPDATE ideas SET board_id = ? WHERE id = ?").run(b.id, ideas[0].id); // a withdrawn one: no change
    check(2, 2);
    db().$client.prepare("DELETE FROM ideas WHERE id = ?").run(ideas[4].id);
    check(1, 2);
    db().$client.prepare("DELETE FROM ideas WHERE id = ?").run(ideas[1].id); // a merged one: no change
    check(1, 2);
  });

  it("give an unfiltered board its total, and a filtered one is counted", async () => {
    const group = makeGroup();
    const board = makeBoard(group.id);
    const other = makeBoard(group.id);
    const writer = await createUser();
    addMember(group.id, writer.id);
    const staff = await createUser({ role: "staff" });
    for (let i = 0; i < 7; i++) makeIdea({ groupId: group.id, boardId: board.id, authorId: writer.id, title: `Counted idea ${i}` });
    for (let i = 0; i < 3; i++) makeIdea({ groupId: group.id, boardId: other.id, authorId: writer.id, title: `Other idea ${i}` });
    changeStatus({ group, number: 1, actor: { id: staff.id, name: staff.name, role: staff.role }, status: "planned", response: "Coming in spring." });
    withdrawIdea({ group, number: 2, userId: writer.id, readOnly: false });
    const query = {
      groupId: group.id,
      viewerId: writer.id,
      sort: "top" as const,
      status: null,
      tagId: null,
      mine: false,
      voted: false,
      q: "",
      page: 1,
      pageSize: 5,
    };

    const onBoard = listIdeas({ ...query, boardId: board.id });
    expect(onBoard.total).toBe(6);
    expect(onBoard.pages).toBe(2);
    expect(onBoard.rows).toHaveLength(5);
    expect(listIdeas({ ...query, boardId: board.id, page: 2 }).rows).toHaveLength(1);
    expect(listIdeas({ ...query, boardId: null }).total).toBe(9);
    expect(listIdeas({ ...query, boardId: board.id, status: "planned" }).total).toBe(1);
    expect(listBoards(group.id).map((b) => [b.ideaCount, b.hasIdeas])).toEqual([
      [6, true],
      [3, true],
    ]);
  });
});

describe("group waiting counters", () => {
  const waiting = (groupId: string) =>
    (
      db()
        .$client.prepare("SELECT count(*) AS n FROM ideas WHERE group_id = ? AND first_response_at IS NULL AND withdrawn_at IS NULL AND status <> 'merged'")
        .get(groupId) as { n: number }
    ).n;
  const waitingCounter = (groupId: string) => (db().$client.prepare("SELECT waiting_count AS n FROM groups WHERE id = ?").get(groupId) as { n: number }).n;

  it("equal the waiting ideas after posting, answering, withdrawing, merging and deleting; overdue is counted from the target", async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const group = makeGroup({ responseTargetDays: 7 });
    const board = makeBoard(group.id);
    const writer = await createUser();
    addMember(group.id, writer.id);
    const staff = await createUser({ role: "staff" });
    const actor = { id: staff.id, name: staff.name, role: staff.role };
    const check = (expected: number) => {
      expect(waitingCounter(group.id)).toBe(waiting(group.id));
      expect(waitingCounter(group.id)).toBe(expected);
    };
    check(0);
    // Ages around the 7-day target: 30 days, 8 days, 7 days less a minute (inside), 1 day, 2 days, 3 days.
    const ages = [30 * DAY, 8 * DAY, 7 * DAY - 60_000, DAY, 2 * DAY, 3 * DAY];
    const ideas = ages.map((age, i) => makeIdea({ groupId: group.id, boardId: board.id, authorId: writer.id, title: `Waiting idea ${i}`, now: now - age }));
    check(6);
    expect(listQueue({ groupId: group.id, page: 1, now })).toMatchObject({ total: 6, overdue: 2 });

    expect(changeStatus({ group, number: ideas[0].number, actor, status: "planned", response: "In the spring release." })).toEqual({ ok: true });
    check(5);
    // A second response does not count twice.
    expect(changeStatus({ group, number: ideas[0].number, actor, status: "in_progress", response: null })).toEqual({ ok: true });
    check(5);
    expect(withdrawIdea({ group, number: ideas[3].number, userId: writer.id, readOnly: false })).toEqual({ ok: true });
    check(4);
    // The merged idea leaves the queue; the one it went into still waits for its own response.
    expect(mergeIdeas({ group, fromNumber: ideas[4].number, intoNumber: ideas[5].number, actor, response: null }).ok).toBe(true);
    check(3);
    db().$client.prepare("DELETE FROM ideas WHERE id = ?").run(ideas[1].id);
    check(2);
    const queue = listQueue({ groupId: group.id, page: 1, now });
    expect(queue.items.map((i) => [i.title, i.overdue])).toEqual([
      ["Waiting idea 2", false],
      ["Waiting idea 5", false],
    ]);
    expect(queue).toMatchObject({ total: 2, overdue: 0 });
    // The group as every request inside it reads it (a prepared statement of its own) has every column, the counter too.
    expect(findGroupBySlug(group.slug)).toEqual(findGroupById(group.id));
    expect(findGroupBySlug(group.slug)?.waitingCount).toBe(2);
    expect(listQueue({ groupId: null, page: 1, now }).total).toBe(
      (
        db()
          .$client.prepare(
            "SELECT count(*) AS n FROM ideas i JOIN groups g ON g.id = i.group_id WHERE i.first_response_at IS NULL AND i.withdrawn_at IS NULL AND i.status <> 'merged' AND g.archived_at IS NULL AND (g.ends_at IS NULL OR g.ends_at > ?)",
          )
          .get(now) as { n: number }
      ).n,
    );
  });
});

describe("migration 0005", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("fills the counters of boards that had ideas before it", () => {
    const { dir, file, migrateRest } = migratedBefore("0005_board_counts");
    dirs.push(dir);

    const old = new Database(file);
    old.prepare("INSERT INTO users (id, email, name, handle) VALUES ('u1', 'u1@example.test', 'U', 'u')").run();
    old.prepare("INSERT INTO groups (id, slug, name) VALUES ('g1', 'g1', 'G')").run();
    old.prepare("INSERT INTO boards (id, group_id, slug, name) VALUES (1, 'g1', 'a', 'A'), (2, 'g1', 'b', 'B'), (3, 'g1', 'c', 'C')").run();
    const insert = old.prepare(
      "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, status, withdrawn_at) VALUES ('g1', ?, ?, 'u1', ?, '', ?, ?)",
    );
    [
      [1, "open", null],
      [1, "planned", null],
      [1, "open", 123],
      [1, "merged", null],
      [2, "done", null],
    ].forEach(([board, status, withdrawn], i) => insert.run(board, i + 1, `Idea ${i + 1}`, status, withdrawn));
    old.close();

    migrateRest();
    const after = new Database(file);
    registerFunctions(after);
    expect(after.prepare("SELECT id, idea_count FROM boards ORDER BY id").raw().all()).toEqual([
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    // And from then on the triggers keep them.
    after.prepare("INSERT INTO ideas (group_id, board_id, number, author_id, title, body) VALUES ('g1', 3, 6, 'u1', 'New', '')").run();
    expect(after.prepare("SELECT idea_count FROM boards WHERE id = 3").pluck().get()).toBe(1);
    after.close();
  });
});

describe("migration 0007", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("fills the waiting counters of groups that had ideas before it", () => {
    const { dir, file, migrateRest } = migratedBefore("0007_queue");
    dirs.push(dir);
    const old = new Database(file);
    registerFunctions(old);
    old.prepare("INSERT INTO users (id, email, name, handle) VALUES ('u1', 'u1@example.test', 'U', 'u')").run();
    old.prepare("INSERT INTO groups (id, slug, name) VALUES ('g1', 'g1', 'G'), ('g2', 'g2', 'H')").run();
    old.prepare("INSERT INTO boards (id, group_id, slug, name) VALUES (1, 'g1', 'a', 'A'), (2, 'g2', 'a', 'A')").run();
    const insert = old.prepare(
      "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, status, withdrawn_at, first_response_at) VALUES (?, ?, ?, 'u1', ?, '', ?, ?, ?)",
    );
    [
      ["g1", 1, "open", null, null],
      ["g1", 1, "open", null, null],
      ["g1", 1, "planned", null, 5],
      ["g1", 1, "open", 7, null],
      ["g1", 1, "merged", null, null],
      ["g2", 2, "under_review", null, null],
    ].forEach(([g, b, status, withdrawn, responded], i) => insert.run(g, b, i + 1, `Idea ${i + 1}`, status, withdrawn, responded));
    old.close();

    migrateRest();
    const after = new Database(file);
    expect(after.prepare("SELECT id, waiting_count FROM groups ORDER BY id").raw().all()).toEqual([
      ["g1", 2],
      ["g2", 1],
    ]);
    after.close();
  });
});
