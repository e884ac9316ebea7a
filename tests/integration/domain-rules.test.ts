// One definition per domain rule (app/domain/predicates.ts, visibility.server.ts): the SQL the database computes
// and the TypeScript twin agree over every combination of the facts they read; the counters and partial indexes
// built on the generated columns follow every change from any state to any other; and nothing in the live schema
// spells the rules again.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { IDEA_STATUSES, MEMBERSHIP_STATES, ORG_ROLES, type IdeaStatus, type MembershipState, type OrgRole } from "../../app/domain/constants";
import {
  COMMENT_LISTED_SQL,
  isCommentListed,
  isListed,
  isWaiting,
  LISTED_SQL,
  WAITING_SQL,
  type CommentListedFacts,
  MODERATED_SQL,
  moderatedSql,
} from "../../app/domain/predicates";
import { CAN_VIEW_GROUP_SQL, canViewGroupSql, canViewGroupWhere, viewerCanViewGroupSql } from "../../app/domain/visibility.server";
import { canEditIdea, canViewGroup, isIdeaLive, isOrgStaff } from "../../app/policy";

const c = () => db().$client;
const n = (sql: string, ...params: unknown[]) =>
  c()
    .prepare(sql)
    .pluck()
    .get(...params) as number;

type Facts = {
  status: IdeaStatus;
  withdrawnAt: number | null;
  firstResponseAt: number | null;
  hiddenAt: number | null;
  heldAt: number | null;
  erasedAt: number | null;
};
const TIMES = ["withdrawnAt", "firstResponseAt", "hiddenAt", "heldAt", "erasedAt"] as const;
/** Every combination of what the rules read: 7 statuses x each of the five times set or not (224). */
const COMBINATIONS: Facts[] = IDEA_STATUSES.flatMap((status) =>
  Array.from({ length: 2 ** TIMES.length }, (_, bits) => {
    const f = { status } as Facts;
    TIMES.forEach((t, k) => (f[t] = bits & (1 << k) ? 1_000 * (k + 1) : null));
    return f;
  }),
);

/** A deterministic pseudo-random sequence (the same transitions on every run). */
function sequence(seed: number) {
  let x = seed;
  return (below: number) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x % below;
  };
}

let number = 0;
const GROUPS = ["g-rules-a", "g-rules-b"];
const BOARDS = [901, 902, 903]; // 901 and 902 in group a, 903 in group b
const groupOf = (boardId: number) => (boardId === 903 ? GROUPS[1] : GROUPS[0]);

function insertIdea(boardId: number, f: Facts): number {
  return Number(
    c()
      .prepare(
        "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, status, withdrawn_at, first_response_at, hidden_at, held_at, erased_at) VALUES (?, ?, ?, 'u-rules', 'Idea', '', ?, ?, ?, ?, ?, ?)",
      )
      .run(groupOf(boardId), boardId, ++number, f.status, f.withdrawnAt, f.firstResponseAt, f.hiddenAt, f.heldAt, f.erasedAt).lastInsertRowid,
  );
}
const setFacts = (id: number, f: Facts) =>
  c()
    .prepare("UPDATE ideas SET status = ?, withdrawn_at = ?, first_response_at = ?, hidden_at = ?, held_at = ?, erased_at = ? WHERE id = ?")
    .run(f.status, f.withdrawnAt, f.firstResponseAt, f.hiddenAt, f.heldAt, f.erasedAt, id);

/** The counters the triggers keep, against the rows counted with the TypeScript twin. */
function expectCountersAgree() {
  const ideas = c()
    .prepare(
      "SELECT board_id AS boardId, group_id AS groupId, status, withdrawn_at AS withdrawnAt, first_response_at AS firstResponseAt, hidden_at AS hiddenAt, held_at AS heldAt, erased_at AS erasedAt FROM ideas WHERE group_id IN (?, ?)",
    )
    .all(...GROUPS) as (Facts & { boardId: number; groupId: string })[];
  for (const boardId of BOARDS)
    expect(n("SELECT idea_count FROM boards WHERE id = ?", boardId), `board ${boardId}`).toBe(ideas.filter((i) => i.boardId === boardId && isListed(i)).length);
  for (const groupId of GROUPS)
    expect(n("SELECT waiting_count FROM groups WHERE id = ?", groupId), groupId).toBe(ideas.filter((i) => i.groupId === groupId && isWaiting(i)).length);
  // The partial indexes hold exactly the waiting ideas.
  expect(n("SELECT count(*) FROM ideas INDEXED BY ideas_waiting_idx WHERE waiting = 1 AND group_id IN (?, ?)", ...GROUPS)).toBe(ideas.filter(isWaiting).length);
  expect(n("SELECT count(*) FROM ideas INDEXED BY ideas_group_waiting_idx WHERE group_id = ? AND waiting = 1", GROUPS[1])).toBe(
    ideas.filter((i) => i.groupId === GROUPS[1] && isWaiting(i)).length,
  );
}

beforeAll(() => {
  c().prepare("INSERT INTO users (id, email, name, handle) VALUES ('u-rules', 'rules@example.test', 'Rules', 'rules')").run();
  for (const id of GROUPS) c().prepare("INSERT INTO groups (id, slug, name) VALUES (?, ?, ?)").run(id, id, id);
  for (const id of BOARDS) c().prepare("INSERT INTO boards (id, group_id, slug, name) VALUES (?, ?, ?, ?)").run(id, groupOf(id), `b${id}`, `Board ${id}`);
});

describe("listed and waiting", () => {
  it("the generated columns and the TypeScript twins agree over every combination of status, withdrawn, first response, hidden, held and erased", () => {
    expect(COMBINATIONS).toHaveLength(IDEA_STATUSES.length * 32);
    const seen = { listed: 0, waiting: 0 };
    for (const f of COMBINATIONS) {
      const id = insertIdea(901, f);
      const row = c().prepare("SELECT listed, waiting FROM ideas WHERE id = ?").get(id) as { listed: number; waiting: number };
      expect({ ...f, listed: row.listed === 1, waiting: row.waiting === 1 }).toEqual({ ...f, listed: isListed(f), waiting: isWaiting(f) });
      expect([0, 1]).toContain(row.listed); // 0/1, never NULL
      // Drizzle reads them as booleans.
      const read = db().select({ listed: schema.ideas.listed, waiting: schema.ideas.waiting }).from(schema.ideas).where(eq(schema.ideas.id, id)).get()!;
      expect(read).toEqual({ listed: isListed(f), waiting: isWaiting(f) });
      seen.listed += Number(isListed(f));
      seen.waiting += Number(isWaiting(f));
      // The policy rules built on them.
      expect(isIdeaLive(f)).toBe(isListed(f));
      expect(canEditIdea("u-rules", { ...f, authorId: "u-rules" }, false)).toBe(isWaiting(f));
    }
    // Both outcomes occur (the rule is not constant): 6 live statuses x not withdrawn, hidden, held or erased, half
    // of them unanswered.
    expect(seen).toEqual({ listed: 12, waiting: 6 });
    // Each moderation fact alone takes an idea out of "listed" (and so out of "waiting").
    const plain: Facts = { status: "open", withdrawnAt: null, firstResponseAt: null, hiddenAt: null, heldAt: null, erasedAt: null };
    expect(isWaiting(plain)).toBe(true);
    for (const t of ["hiddenAt", "heldAt", "erasedAt"] as const) expect(isListed({ ...plain, [t]: 5 }), t).toBe(false);
    expectCountersAgree();
  });

  it("the counters and the waiting indexes follow a change from every combination: each fact flipped, and sampled jumps to others", () => {
    const ids = COMBINATIONS.map((f) => insertIdea(902, f));
    expectCountersAgree();
    // Every one of the 224 x 224 transitions would take minutes; each combination instead flips each fact alone
    // (every single-fact edge, both ways, over all states) and jumps to two other combinations chosen by a fixed
    // sequence, then returns.
    const next = sequence(13);
    let changes = 0;
    for (const [k, id] of ids.entries()) {
      const from = COMBINATIONS[k]!;
      const targets: Facts[] = TIMES.map((t) => ({ ...from, [t]: from[t] === null ? 7_000 : null }));
      targets.push({ ...from, status: IDEA_STATUSES[(IDEA_STATUSES.indexOf(from.status) + 1 + next(IDEA_STATUSES.length - 1)) % IDEA_STATUSES.length]! });
      for (let j = 0; j < 2; j++) targets.push(COMBINATIONS[next(COMBINATIONS.length)]!);
      for (const to of targets) {
        setFacts(id, to);
        expectCountersAgree();
        setFacts(id, from);
        changes += 2;
      }
    }
    expectCountersAgree();
    expect(changes).toBe(COMBINATIONS.length * 16);
    // Moving ideas between boards and between groups, in every state.
    for (const id of ids) c().prepare("UPDATE ideas SET board_id = 903, group_id = ? WHERE id = ?").run(GROUPS[1], id);
    expectCountersAgree();
    for (const id of ids.slice(0, 10)) c().prepare("UPDATE ideas SET board_id = 901, group_id = ? WHERE id = ?").run(GROUPS[0], id);
    expectCountersAgree();
    // Updates that touch nothing the rules read leave the counters alone.
    c()
      .prepare("UPDATE ideas SET vote_count = vote_count + 1, title = 'Renamed' WHERE group_id IN (?, ?)")
      .run(...GROUPS);
    expectCountersAgree();
    c().prepare("DELETE FROM ideas WHERE id IN (SELECT value FROM json_each(?))").run(JSON.stringify(ids));
    expectCountersAgree();
  });

  it("is spelled once in the live schema: indexes and triggers read the columns, the table holds predicates.ts's expressions", () => {
    const spelled = c()
      .prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') AND (sql LIKE '%withdrawn_at IS NULL%' OR sql LIKE '%first_response_at IS NULL%' OR sql LIKE '%<> ''merged''%' OR sql LIKE '%hidden_at IS NULL%' OR sql LIKE '%held_at IS NULL%' OR sql LIKE '%erased_at IS NULL%' OR sql LIKE '%deleted_at IS NULL%') ORDER BY name",
      )
      .pluck()
      .all();
    expect(spelled).toEqual([]);
    const table = n("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ideas'") as unknown as string;
    expect(table).toContain(`\`listed\` integer GENERATED ALWAYS AS (${LISTED_SQL}) VIRTUAL NOT NULL`);
    expect(table).toContain(`\`waiting\` integer GENERATED ALWAYS AS (${WAITING_SQL}) VIRTUAL NOT NULL`);
    const comments = n("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'comments'") as unknown as string;
    expect(comments).toContain(`\`listed\` integer GENERATED ALWAYS AS (${COMMENT_LISTED_SQL}) VIRTUAL NOT NULL`);
    const users = c().prepare("SELECT name FROM sqlite_master WHERE sql LIKE '%listed%' OR sql LIKE '%waiting%' ORDER BY type, name").pluck().all();
    expect(users).toEqual(
      expect.arrayContaining([
        "boards_idea_count_delete",
        "boards_idea_count_insert",
        "boards_idea_count_update",
        "groups_waiting_count_delete",
        "groups_waiting_count_insert",
        "groups_waiting_count_update",
        "ideas_group_waiting_idx",
        "ideas_waiting_idx",
        "ideas_comment_count_delete",
        "ideas_comment_count_insert",
        "ideas_comment_count_update",
      ]),
    );
  });
});

describe("comment listed and ideas.comment_count", () => {
  const TIMES_C = ["deletedAt", "hiddenAt", "heldAt", "erasedAt"] as const;
  /** Every combination of what "comment listed" reads: four times, each set or not (16). */
  const COMMENT_COMBINATIONS: CommentListedFacts[] = Array.from({ length: 2 ** TIMES_C.length }, (_, bits) => {
    const f = {} as CommentListedFacts;
    TIMES_C.forEach((t, k) => (f[t] = bits & (1 << k) ? 1_000 * (k + 1) : null));
    return f;
  });
  let ideaA = 0;
  let ideaB = 0;

  beforeAll(() => {
    const plain: Facts = { status: "open", withdrawnAt: null, firstResponseAt: null, hiddenAt: null, heldAt: null, erasedAt: null };
    ideaA = insertIdea(901, plain);
    ideaB = insertIdea(901, plain);
  });

  const insertComment = (ideaId: number, f: CommentListedFacts) =>
    Number(
      c()
        .prepare(
          "INSERT INTO comments (idea_id, group_id, author_id, body, deleted_at, hidden_at, held_at, erased_at) VALUES (?, ?, 'u-rules', 'c', ?, ?, ?, ?)",
        )
        .run(ideaId, GROUPS[0], f.deletedAt, f.hiddenAt, f.heldAt, f.erasedAt).lastInsertRowid,
    );
  const setCommentFacts = (id: number, f: CommentListedFacts) =>
    c()
      .prepare("UPDATE comments SET deleted_at = ?, hidden_at = ?, held_at = ?, erased_at = ? WHERE id = ?")
      .run(f.deletedAt, f.hiddenAt, f.heldAt, f.erasedAt, id);

  /** comment_count of both ideas against the comments counted with the TypeScript twin. */
  function expectCommentCountsAgree() {
    const rows = c()
      .prepare(
        "SELECT idea_id AS ideaId, deleted_at AS deletedAt, hidden_at AS hiddenAt, held_at AS heldAt, erased_at AS erasedAt FROM comments WHERE idea_id IN (?, ?)",
      )
      .all(ideaA, ideaB) as (CommentListedFacts & { ideaId: number })[];
    for (const ideaId of [ideaA, ideaB]) {
      const counted = rows.filter((r) => r.ideaId === ideaId && isCommentListed(r)).length;
      expect(n("SELECT comment_count FROM ideas WHERE id = ?", ideaId), `idea ${ideaId}`).toBe(counted);
      expect(n("SELECT count(*) FROM comments WHERE idea_id = ? AND listed = 1", ideaId)).toBe(counted);
    }
  }

  it("the generated column and isCommentListed agree over every combination of deleted, hidden, held and erased", () => {
    expect(COMMENT_COMBINATIONS).toHaveLength(16);
    let listed = 0;
    for (const f of COMMENT_COMBINATIONS) {
      const id = insertComment(ideaA, f);
      const row = n("SELECT listed FROM comments WHERE id = ?", id);
      expect({ ...f, listed: row === 1 }).toEqual({ ...f, listed: isCommentListed(f) });
      expect([0, 1]).toContain(row);
      const read = db().select({ listed: schema.comments.listed }).from(schema.comments).where(eq(schema.comments.id, id)).get()!;
      expect(read.listed).toBe(isCommentListed(f));
      listed += Number(isCommentListed(f));
    }
    expect(listed).toBe(1); // only the comment with none of the four set
    expectCommentCountsAgree();
  });

  it("ideas.comment_count equals the listed comments after a change from every combination to every other, moves and deletes", () => {
    const ids = COMMENT_COMBINATIONS.map((f) => insertComment(ideaB, f));
    expectCommentCountsAgree();
    for (const [k, id] of ids.entries()) {
      for (const to of COMMENT_COMBINATIONS) {
        setCommentFacts(id, to);
        expectCommentCountsAgree();
      }
      setCommentFacts(id, COMMENT_COMBINATIONS[k]!);
    }
    // Moving comments between ideas, in every state.
    for (const id of ids.slice(0, 8)) c().prepare("UPDATE comments SET idea_id = ? WHERE id = ?").run(ideaA, id);
    expectCommentCountsAgree();
    // Edits of the text leave the count alone.
    c().prepare("UPDATE comments SET body = 'edited' WHERE idea_id IN (?, ?)").run(ideaA, ideaB);
    expectCommentCountsAgree();
    c().prepare("DELETE FROM comments WHERE id IN (SELECT value FROM json_each(?))").run(JSON.stringify(ids));
    expectCommentCountsAgree();
    expect(n("SELECT count(*) FROM comments WHERE idea_id = ?", ideaB)).toBe(0);
  });
});

describe("group visibility", () => {
  const people: { id: string; role: OrgRole; state: MembershipState | null }[] = ORG_ROLES.flatMap((role) =>
    [null, ...MEMBERSHIP_STATES].map((state) => ({ id: `v-${role}-${state ?? "none"}`, role, state })),
  );
  const group = "g-visibility";

  beforeAll(() => {
    c().prepare("INSERT INTO groups (id, slug, name) VALUES (?, 'visibility', 'Visibility')").run(group);
    for (const p of people) {
      c().prepare("INSERT INTO users (id, email, name, handle, role) VALUES (?, ?, ?, ?, ?)").run(p.id, `${p.id}@example.test`, p.id, p.id, p.role);
      if (p.state) c().prepare("INSERT INTO memberships (group_id, user_id, state) VALUES (?, ?, ?)").run(group, p.id, p.state);
    }
  });

  const expected = () =>
    people
      .filter((p) => canViewGroup({ orgRole: p.role, membership: p.state ? { state: p.state, role: "member" } : null }))
      .map((p) => p.id)
      .sort();

  it("the SQL fragment, its drizzle form and policy.canViewGroup agree for every organisation role and membership state", () => {
    expect(expected().length).toBeGreaterThan(0);
    expect(expected().length).toBeLessThan(people.length);
    const raw = c()
      .prepare(
        `SELECT u.id FROM users u LEFT JOIN memberships m ON m.group_id = ? AND m.user_id = u.id WHERE u.id LIKE 'v-%' AND ${CAN_VIEW_GROUP_SQL} ORDER BY u.id`,
      )
      .pluck()
      .all(group);
    expect(raw).toEqual(expected());
    const aliased = c()
      .prepare(
        `SELECT p.id FROM users p LEFT JOIN memberships x ON x.group_id = ? AND x.user_id = p.id WHERE p.id LIKE 'v-%' AND ${canViewGroupSql("x", "p")} ORDER BY p.id`,
      )
      .pluck()
      .all(group);
    expect(aliased).toEqual(expected());
    const built = db()
      .select({ id: schema.users.id })
      .from(schema.users)
      .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, group), eq(schema.memberships.userId, schema.users.id)))
      .where(canViewGroupWhere())
      .all()
      .map((r) => r.id)
      .filter((id) => id.startsWith("v-"))
      .sort();
    expect(built).toEqual(expected());
  });

  it("for one viewer whose role is known: staff see the group, others by their active membership", () => {
    for (const p of people) {
      const seen = n(
        `SELECT count(*) FROM users u LEFT JOIN memberships m ON m.group_id = ? AND m.user_id = u.id WHERE u.id = ? AND ${viewerCanViewGroupSql(isOrgStaff(p.role), "m")}`,
        group,
        p.id,
      );
      expect(seen === 1, p.id).toBe(expected().includes(p.id));
    }
  });
});

describe("moderated away", () => {
  it("the unqualified literal is moderatedSql() (kept literal for the browser bundle), and an alias qualifies every column", () => {
    expect(MODERATED_SQL).toBe(moderatedSql());
    expect(moderatedSql("i")).toBe("(i.hidden_at IS NOT NULL OR i.held_at IS NOT NULL OR i.erased_at IS NOT NULL)");
  });
});
