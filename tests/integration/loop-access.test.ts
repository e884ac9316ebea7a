// The staff feedback loop: who may do what (anonymous, non-member, member of another group, banned, member,
// moderator, staff, admin; outsiders get 404 everywhere inside a group). The idea page's status, note and merge
// intents, the response queues (one group's and the organisation's), loop metrics, saved replies and "my ideas";
// read-only (archived or ended) groups; and malformed submissions answered 400. Every refused or bad request must
// leave the tables exactly as they were; every allowed one must really write.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { leaveGroup } from "../../app/models/membership.server";
import * as ideaPage from "../../app/routes/g.$slug.ideas.$number/route";
import * as loopRoute from "../../app/routes/g.$slug.loop";
import * as groupQueue from "../../app/routes/g.$slug.queue";
import * as myIdeas from "../../app/routes/my-ideas";
import * as orgQueue from "../../app/routes/queue";
import * as repliesRoute from "../../app/routes/staff.replies";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { callAction, callLoader, formRequest, getRequest } from "../support/remix";
import { rows, snapshotOf, value } from "../support/db";
import { makePersonas, OUTSIDERS, PERSONAS, type Persona, type Who } from "../support/personas";
import { drainEvents } from "../support/loop";

let group: ReturnType<typeof makeGroup>;
let other: ReturnType<typeof makeGroup>;
let slug: string;
let board: ReturnType<typeof makeBoard>;
const users = {} as Awaited<ReturnType<typeof makePersonas>>["users"];
const cookies = {} as Awaited<ReturnType<typeof makePersonas>>["cookies"];
type Fields = Record<string, string | undefined>;
/** Everything the loop's routes can write (rate-limit counters and sessions aside). */
const TABLES = [
  "ideas",
  "idea_tags",
  "votes",
  "follows",
  "comments",
  "idea_events",
  "idea_notes",
  "saved_replies",
  "notifications",
  "email_outbox",
  "audit_log",
  "memberships",
  "groups",
  "boards",
];
const snapshot = () => snapshotOf(TABLES);

const ideaPath = (n: number | string, s = slug) => `/g/${s}/ideas/${n}`;
function idea(author: Who = "author", inGroup = group, onBoard = board) {
  return makeIdea({ groupId: inGroup.id, boardId: onBoard.id, authorId: users[author].id });
}

beforeAll(async () => {
  const world = await makePersonas({ joinPolicy: "request", name: "Loop pilot" });
  ({ group, other, slug, board } = world);
  Object.assign(users, world.users);
  Object.assign(cookies, world.cookies);
  const otherBoard = makeBoard(other.id);
  makeIdea({ groupId: other.id, boardId: otherBoard.id, authorId: users.otherGroup.id, title: "Other group's idea" });
});

// ---------------------------------------------------------------------------------------------------------
// Pages

describe("authorization: loop pages", () => {
  type Expect = Partial<Record<Persona, number>>;
  const inGroup = (insiders: Expect): Record<Persona, number> =>
    Object.fromEntries(PERSONAS.map((p) => [p, OUTSIDERS.includes(p) ? 404 : (insiders[p] ?? 200)])) as Record<Persona, number>;
  const orgWide = (others: number): Record<Persona, number> =>
    Object.fromEntries(PERSONAS.map((p) => [p, p === "anonymous" ? 302 : p === "staff" || p === "admin" ? 200 : others])) as Record<Persona, number>;
  const pages: { name: string; mod: unknown; path: () => string; params?: () => Record<string, string>; expected: Record<Persona, number> }[] = [
    {
      name: "group queue (staff and admins only)",
      mod: groupQueue,
      path: () => `/g/${slug}/queue`,
      params: () => ({ slug }),
      expected: inGroup({ member: 403, moderator: 403 }),
    },
    {
      name: "loop metrics (moderators, staff, admins)",
      mod: loopRoute,
      path: () => `/g/${slug}/loop`,
      params: () => ({ slug }),
      expected: inGroup({ member: 403 }),
    },
    { name: "organisation queue (staff and admins only)", mod: orgQueue, path: () => "/queue", expected: orgWide(403) },
    { name: "saved replies (staff and admins only)", mod: repliesRoute, path: () => "/staff/replies", expected: orgWide(403) },
    { name: "my ideas (anyone signed in)", mod: myIdeas, path: () => "/my-ideas", expected: orgWide(200) },
  ];
  for (const page of pages) {
    it(page.name, async () => {
      const seen: Record<string, number> = {};
      for (const persona of PERSONAS) {
        const before = snapshot();
        const res = await callLoader(page.mod as never, getRequest(page.path(), { cookie: cookies[persona] }), page.params?.() ?? {});
        seen[persona] = res.status;
        if (res.status === 302) expect(res.location, persona).toBe(`/login?redirectTo=${encodeURIComponent(page.path())}`);
        expect(snapshot(), `${persona} loading ${page.name} wrote something`).toBe(before);
      }
      expect(seen).toEqual(page.expected);
    });
  }

  it("the queues list the waiting ideas: the group's queue only this group's, the organisation's every group's", async () => {
    const here = idea();
    const there = makeIdea({
      groupId: other.id,
      boardId: (rows("SELECT id FROM boards WHERE group_id = ?", other.id)[0] as { id: number }).id,
      authorId: users.otherGroup.id,
    });
    const mine = (await callLoader(groupQueue as never, getRequest(`/g/${slug}/queue`, { cookie: cookies.staff }), { slug })).data;
    expect(mine.items.map((i: { groupId: string }) => i.groupId)).toEqual(mine.items.map(() => group.id));
    expect(mine.items.map((i: { id: number }) => i.id)).toContain(here.id);
    const all = (await callLoader(orgQueue as never, getRequest("/queue", { cookie: cookies.admin }))).data;
    const ids = all.items.map((i: { id: number }) => i.id);
    expect(ids).toContain(here.id);
    expect(ids).toContain(there.id);
  });

  it("the idea page's loader carries staff data (notes, saved replies, author context) for staff and admins only", async () => {
    const { number } = idea();
    const seen: Record<string, unknown> = {};
    for (const persona of PERSONAS) {
      const res = await callLoader(ideaPage as never, getRequest(`${ideaPath(number)}?reply=1`, { cookie: cookies[persona] }), {
        slug,
        number: String(number),
      });
      if (OUTSIDERS.includes(persona)) {
        seen[persona] = res.status;
        continue;
      }
      const { can, staff } = res.data;
      seen[persona] = {
        status: res.status,
        staff: staff === null ? null : Object.keys(staff).sort(),
        respond: can.respond,
        notes: can.notes,
        addNote: can.addNote,
        merge: can.merge,
      };
    }
    const staffKeys = ["context", "notes", "prefill", "replyContext", "savedReplies"];
    const insider = (staff: boolean, merge: boolean) => ({ status: 200, staff: staff ? staffKeys : null, respond: staff, notes: staff, addNote: staff, merge });
    expect(seen).toEqual({
      anonymous: 404,
      nonMember: 404,
      otherGroup: 404,
      banned: 404,
      member: insider(false, false),
      moderator: insider(false, true),
      staff: insider(true, true),
      admin: insider(true, true),
    });
  });

  it("my ideas shows only groups the person can still see: after leaving a group (or being banned) its ideas are gone", async () => {
    const person = await createUser({ name: "Leaving Person" });
    const cookie = await sessionCookie(person.id);
    const stay = makeGroup();
    const leave = makeGroup();
    const banned = makeGroup();
    const ids: Record<string, number> = {};
    for (const [name, g] of [
      ["stay", stay],
      ["leave", leave],
      ["banned", banned],
    ] as const) {
      addMember(g.id, person.id);
      const b = makeBoard(g.id);
      ids[name] = makeIdea({ groupId: g.id, boardId: b.id, authorId: person.id, title: `Idea in ${name}` }).id;
    }
    const shown = async () =>
      ((await callLoader(myIdeas as never, getRequest("/my-ideas", { cookie }))).data.rows as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
    expect(await shown()).toEqual([ids.stay, ids.leave, ids.banned].sort((a, b) => a - b));
    expect(leaveGroup({ group: leave, userId: person.id })).toBe(true);
    db().$client.prepare("UPDATE memberships SET state = 'banned' WHERE group_id = ? AND user_id = ?").run(banned.id, person.id);
    expect(await shown()).toEqual([ids.stay]);
    const total = (await callLoader(myIdeas as never, getRequest("/my-ideas?show=wrote", { cookie }))).data.total;
    expect(total).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Actions

type Ctx = { id: number; number: number; into?: { id: number; number: number }; replyId?: number };
type ActionCase = {
  name: string;
  mod: unknown;
  path: (c: Ctx) => string;
  params?: (c: Ctx) => Record<string, string>;
  /** A fresh target for every persona, so each allowed call is a real change of its own. */
  setup: () => Ctx;
  fields: (c: Ctx) => Fields;
  expected: Record<Persona, number | "ok">;
  effect: (c: Ctx) => unknown;
};

async function runMatrix(c: ActionCase) {
  const seen: Record<string, number | "ok"> = {};
  for (const persona of PERSONAS) {
    const ctx = c.setup();
    const before = snapshot();
    const effect = JSON.stringify(c.effect(ctx));
    const res = await callAction(c.mod as never, formRequest(c.path(ctx), c.fields(ctx), cookies[persona]), c.params?.(ctx) ?? {});
    if (c.expected[persona] === "ok") {
      expect([200, 302], `${persona}: ${JSON.stringify(res.data).slice(0, 300)}`).toContain(res.status);
      expect(JSON.stringify(c.effect(ctx)), `${persona}'s change is not in the database`).not.toBe(effect);
      seen[persona] = "ok";
    } else {
      seen[persona] = res.status;
      if (res.status === 302) expect(res.location, persona).toMatch(/^\/login\?redirectTo=/);
      expect(snapshot(), `${persona} was refused but something changed`).toBe(before);
    }
  }
  expect(seen).toEqual(c.expected);
}

const groupExpect = (insiders: Partial<Record<Persona, number | "ok">>) =>
  Object.fromEntries(PERSONAS.map((p) => [p, OUTSIDERS.includes(p) ? 404 : (insiders[p] ?? "ok")])) as Record<Persona, number | "ok">;
const STAFF_ONLY_IN_GROUP = groupExpect({ member: 403, moderator: 403 });
const STAFF_ONLY_ORG = Object.fromEntries(PERSONAS.map((p) => [p, p === "anonymous" ? 302 : p === "staff" || p === "admin" ? "ok" : 403])) as Record<
  Persona,
  number | "ok"
>;
const onIdea = { path: (c: Ctx) => ideaPath(c.number), params: (c: Ctx) => ({ slug, number: String(c.number) }) };
const statusOf = (c: Ctx) =>
  rows(
    "SELECT status, first_response_at IS NOT NULL AS responded, (SELECT count(*) FROM idea_events e WHERE e.idea_id = i.id) AS events FROM ideas i WHERE id = ?",
    c.id,
  );
const freshReply = (): Ctx => {
  const id = Number(db().$client.prepare("INSERT INTO saved_replies (title, body) VALUES ('Fixture reply', 'Hei {name}') RETURNING id").pluck().get());
  return { id: 0, number: 0, replyId: id };
};

describe("authorization: loop actions", () => {
  const cases: ActionCase[] = [
    {
      name: "idea page: status (staff and admins only)",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea(),
      fields: () => ({ intent: "status", status: "planned", response: "We plan to build this next quarter." }),
      expected: STAFF_ONLY_IN_GROUP,
      effect: statusOf,
    },
    {
      name: "idea page: a response without a status change (staff and admins only)",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea(),
      fields: () => ({ intent: "status", status: "open", response: "Thanks, we are looking at it." }),
      expected: STAFF_ONLY_IN_GROUP,
      effect: statusOf,
    },
    {
      name: "idea page: note (staff and admins only)",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea(),
      fields: () => ({ intent: "note", body: "Internal: customer X asked for this too." }),
      expected: STAFF_ONLY_IN_GROUP,
      effect: (c) => rows("SELECT body FROM idea_notes WHERE idea_id = ?", c.id),
    },
    {
      name: "idea page: merge (moderators, staff and admins)",
      mod: ideaPage,
      ...onIdea,
      setup: () => ({ ...idea(), into: idea() }),
      // The confirmed merge (without `confirm` a merge only shows its confirmation; merge-undo.test.ts checks that step).
      fields: (c) => ({ intent: "merge", into: String(c.into!.number), confirm: "1" }),
      expected: groupExpect({ member: 403 }),
      effect: (c) => rows("SELECT status, merged_into_id FROM ideas WHERE id = ?", c.id),
    },
    {
      name: "group queue: answer (staff and admins only)",
      mod: groupQueue,
      path: () => `/g/${slug}/queue`,
      params: () => ({ slug }),
      setup: () => idea(),
      fields: (c) => ({ intent: "status", groupId: group.id, number: String(c.number), status: "under_review", response: "We are reviewing this." }),
      expected: STAFF_ONLY_IN_GROUP,
      effect: statusOf,
    },
    {
      name: "organisation queue: answer (staff and admins only; anonymous to sign in)",
      mod: orgQueue,
      path: () => "/queue",
      setup: () => idea(),
      fields: (c) => ({ intent: "status", groupId: group.id, number: String(c.number), status: "under_review", response: "We are reviewing this." }),
      expected: STAFF_ONLY_ORG,
      effect: statusOf,
    },
    {
      name: "saved replies: create",
      mod: repliesRoute,
      path: () => "/staff/replies",
      setup: () => ({ id: 0, number: 0 }),
      fields: () => ({ intent: "create", title: "Thanks, planned", body: "Hei {name}, kiitos!" }),
      expected: STAFF_ONLY_ORG,
      effect: () => value("SELECT count(*) FROM saved_replies"),
    },
    {
      name: "saved replies: update",
      mod: repliesRoute,
      path: () => "/staff/replies",
      setup: freshReply,
      fields: (c) => ({ intent: "update", id: String(c.replyId), title: "Renamed reply", body: "Hi {name}" }),
      expected: STAFF_ONLY_ORG,
      effect: (c) => rows("SELECT title, body FROM saved_replies WHERE id = ?", c.replyId),
    },
    {
      name: "saved replies: delete",
      mod: repliesRoute,
      path: () => "/staff/replies",
      setup: freshReply,
      fields: (c) => ({ intent: "delete", id: String(c.replyId) }),
      expected: STAFF_ONLY_ORG,
      effect: (c) => rows("SELECT id FROM saved_replies WHERE id = ?", c.replyId),
    },
  ];
  for (const c of cases) it(c.name, () => runMatrix(c));

  it("an allowed status change writes the history, the first response, the audit entry and tells the author", async () => {
    const { id, number } = idea();
    // The matrices' changes above are told first, so only this change's notifications are new below.
    drainEvents();
    const lastNote = value("SELECT coalesce(max(id), 0) FROM notifications");
    const res = await callAction(
      ideaPage as never,
      formRequest(ideaPath(number), { intent: "status", status: "planned", response: "Planned for spring." }, cookies.staff),
      { slug, number: String(number) },
    );
    expect(res.status).toBe(302);
    expect(rows("SELECT kind, from_status, to_status, response, actor_id FROM idea_events WHERE idea_id = ?", id)).toEqual([
      { kind: "status", from_status: "open", to_status: "planned", response: "Planned for spring.", actor_id: users.staff.id },
    ]);
    expect(value("SELECT first_response_at FROM ideas WHERE id = ?", id)).not.toBeNull();
    expect(rows("SELECT action, actor_id FROM audit_log WHERE target_type = 'idea' AND target_id = ?", String(id))).toEqual([
      { action: "idea.status", actor_id: users.staff.id },
    ]);
    drainEvents();
    expect(rows("SELECT user_id, kind FROM notifications WHERE id > ?", lastNote)).toEqual([{ user_id: users.author.id, kind: "status" }]);
  });

  it("a queue answer cannot reach another group's idea through this group's queue: 404, nothing written", async () => {
    const before = snapshot();
    const res = await callAction(
      groupQueue as never,
      formRequest(`/g/${slug}/queue`, { intent: "status", groupId: other.id, number: "1", status: "planned", response: "Sneaky" }, cookies.staff),
      { slug },
    );
    expect(res.status).toBe(404);
    expect(snapshot()).toBe(before);
  });

  it("status, merge and answers on a withdrawn or merged idea are 409 and write nothing", async () => {
    const withdrawn = idea();
    db().$client.prepare("UPDATE ideas SET withdrawn_at = ? WHERE id = ?").run(Date.now(), withdrawn.id);
    const target = idea();
    const merged = idea();
    expect(
      (
        await callAction(
          ideaPage as never,
          formRequest(ideaPath(merged.number), { intent: "merge", into: String(target.number), confirm: "1" }, cookies.staff),
          { slug, number: String(merged.number) },
        )
      ).status,
    ).toBe(302);
    const live = idea();
    const attempts: [number, Fields][] = [
      [withdrawn.number, { intent: "status", status: "planned", response: "Too late" }],
      [withdrawn.number, { intent: "merge", into: String(target.number) }],
      [merged.number, { intent: "status", status: "planned", response: "Too late" }],
      [live.number, { intent: "merge", into: String(merged.number) }],
    ];
    for (const [number, fields] of attempts) {
      const before = snapshot();
      const res = await callAction(ideaPage as never, formRequest(ideaPath(number), fields, cookies.staff), { slug, number: String(number) });
      expect(res.status, JSON.stringify(fields)).toBe(409);
      expect(snapshot(), JSON.stringify(fields)).toBe(before);
    }
    const before = snapshot();
    const queued = await callAction(
      orgQueue as never,
      formRequest("/queue", { intent: "status", groupId: group.id, number: String(merged.number), status: "planned", response: "x" }, cookies.staff),
    );
    expect(queued.status).toBe(409);
    expect(snapshot()).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Read-only groups

describe("read-only (archived or ended) groups", () => {
  const INTENTS = ["status", "note", "merge"] as const;
  const INSIDERS = ["member", "moderator", "staff", "admin"] as const;
  async function readOnlyGroup(kind: "archived" | "ended") {
    const g = makeGroup();
    addMember(g.id, users.member.id);
    addMember(g.id, users.moderator.id, { role: "moderator" });
    const b = makeBoard(g.id);
    const a = makeIdea({ groupId: g.id, boardId: b.id, authorId: users.member.id });
    const into = makeIdea({ groupId: g.id, boardId: b.id, authorId: users.member.id });
    db()
      .$client.prepare(`UPDATE groups SET ${kind === "archived" ? "archived_at" : "ends_at"} = ? WHERE id = ?`)
      .run(Date.now() - 60_000, g.id);
    return { g, a, into };
  }
  const fieldsFor = (intent: (typeof INTENTS)[number], into: number): Fields =>
    intent === "status"
      ? { intent, status: "planned", response: "Planned after all" }
      : intent === "note"
        ? { intent, body: "A late note" }
        : { intent, into: String(into), confirm: "1" };

  for (const kind of ["archived", "ended"] as const) {
    it(`${kind} group: status, note and merge are refused for everyone and nothing is written; the page offers none of them`, async () => {
      const { g, a, into } = await readOnlyGroup(kind);
      for (const persona of PERSONAS) {
        for (const intent of INTENTS) {
          const before = snapshot();
          const res = await callAction(ideaPage as never, formRequest(ideaPath(a.number, g.slug), fieldsFor(intent, into.number), cookies[persona]), {
            slug: g.slug,
            number: String(a.number),
          });
          const label = `${persona} ${intent}`;
          if (OUTSIDERS.includes(persona)) expect(res.status, label).toBe(404);
          else expect([403, 409], label).toContain(res.status);
          expect(snapshot(), label).toBe(before);
        }
      }
      for (const persona of INSIDERS) {
        const page = await callLoader(ideaPage as never, getRequest(ideaPath(a.number, g.slug), { cookie: cookies[persona] }), {
          slug: g.slug,
          number: String(a.number),
        });
        expect(page.status).toBe(200);
        expect({ respond: page.data.can.respond, addNote: page.data.can.addNote, merge: page.data.can.merge }, persona).toEqual({
          respond: false,
          addNote: false,
          merge: false,
        });
        expect(page.data.staff?.prefill ?? "", persona).toBe("");
      }
      // Nor from the queue: the group is not listed, and an answer posted anyway is refused.
      const listed = (await callLoader(orgQueue as never, getRequest("/queue", { cookie: cookies.staff }))).data.items as { groupId: string }[];
      expect(listed.map((i) => i.groupId)).not.toContain(g.id);
      const before = snapshot();
      const queued = await callAction(
        orgQueue as never,
        formRequest("/queue", { intent: "status", groupId: g.id, number: String(a.number), status: "planned", response: "Late" }, cookies.staff),
      );
      expect([403, 409]).toContain(queued.status);
      expect(snapshot()).toBe(before);
    });
  }

  // A read-only group is a state of the group, not a lack of permission: those who may respond, note or merge in a
  // live group hear 409 (as the note intent, the queue, the boards page and follow answer), those who never may 403.
  // Who may act is checked first (403), then the group's read-only state (409), on the page and in the queue alike.
  it("the refusal is consistent: 409 for whoever could act in a live group (on the page and in the queue), 403 for the others", async () => {
    const { g, a, into } = await readOnlyGroup("archived");
    const seen: Record<string, number> = {};
    for (const persona of INSIDERS) {
      for (const intent of INTENTS) {
        seen[`${persona} ${intent}`] = (
          await callAction(ideaPage as never, formRequest(ideaPath(a.number, g.slug), fieldsFor(intent, into.number), cookies[persona]), {
            slug: g.slug,
            number: String(a.number),
          })
        ).status;
      }
    }
    seen["staff queue"] = (
      await callAction(
        orgQueue as never,
        formRequest("/queue", { intent: "status", groupId: g.id, number: String(a.number), status: "planned", response: "Late" }, cookies.staff),
      )
    ).status;
    expect(seen).toEqual({
      "member status": 403,
      "member note": 403,
      "member merge": 403,
      "moderator status": 403,
      "moderator note": 403,
      "moderator merge": 409,
      "staff status": 409,
      "staff note": 409,
      "staff merge": 409,
      "admin status": 409,
      "admin note": 409,
      "admin merge": 409,
      "staff queue": 409,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Bad input

describe("bad input: 400, never 500, and nothing written", () => {
  const long = (n: number) => "x".repeat(n);
  let a: { id: number; number: number };
  let b: { id: number; number: number };
  let replyId: number;
  beforeAll(() => {
    a = idea();
    b = idea();
    replyId = freshReply().replyId!;
  });
  const routes: { name: string; mod: unknown; who: Persona; path: () => string; params: () => Record<string, string>; bad: () => Fields[] }[] = [
    {
      name: "idea page: status, note and merge",
      mod: ideaPage,
      who: "staff",
      path: () => ideaPath(a.number),
      params: () => ({ slug, number: String(a.number) }),
      bad: () => [
        { intent: "status", status: "merged", response: "Merged by hand" }, // merged only comes from merging
        { intent: "status", status: "shipped" },
        { intent: "status" },
        { intent: "status", response: "No status at all" },
        { intent: "status", status: "done" }, // done and declined need a response
        { intent: "status", status: "declined", response: "   " },
        { intent: "status", status: "planned", response: long(10_001) },
        { intent: "status", status: "planned", response: "Fine", extra: "x" },
        { intent: "status", status: "open" }, // nothing changes and nothing is said
        { intent: "note" },
        { intent: "note", body: "   \n " },
        { intent: "note", body: long(5_001) },
        { intent: "note", body: "Fine", pinned: "1" },
        { intent: "merge" },
        { intent: "merge", into: "abc" },
        { intent: "merge", into: "0" },
        { intent: "merge", into: "-2" },
        { intent: "merge", into: "1.5" },
        { intent: "merge", into: String(a.number) }, // into itself
        { intent: "merge", into: "99999" }, // no such idea here
        { intent: "merge", into: String(b.number), response: long(10_001) },
        { intent: "merge", into: String(b.number), votes: "keep" },
        { intent: "merge", into: String(b.number), confirm: "yes" },
        { intent: "unmerge", into: String(b.number) },
      ],
    },
    {
      name: "group queue: answer",
      mod: groupQueue,
      who: "staff",
      path: () => `/g/${slug}/queue`,
      params: () => ({ slug }),
      bad: () => [
        {},
        { intent: "close", groupId: group.id, number: String(a.number), status: "planned" },
        { intent: "status", groupId: group.id, number: "abc", status: "planned" },
        { intent: "status", groupId: group.id, number: "-1", status: "planned" },
        { intent: "status", groupId: "", number: String(a.number), status: "planned" },
        { intent: "status", groupId: group.id, number: String(a.number), status: "merged", response: "By hand" },
        { intent: "status", groupId: group.id, number: String(a.number), status: "declined" },
        { intent: "status", groupId: group.id, number: String(a.number), status: "planned", response: long(10_001) },
        { intent: "status", groupId: group.id, number: String(a.number), status: "planned", extra: "x" },
      ],
    },
    {
      name: "saved replies",
      mod: repliesRoute,
      who: "staff",
      path: () => "/staff/replies",
      params: () => ({}),
      bad: () => [
        {},
        { intent: "rename", id: String(replyId), title: "Fine title", body: "Fine" },
        { intent: "create", title: "", body: "Fine body" },
        { intent: "create", title: "   ", body: "Fine body" },
        { intent: "create", title: "x", body: "Fine body" },
        { intent: "create", title: long(81), body: "Fine body" },
        { intent: "create", title: "Fine title" },
        { intent: "create", title: "Fine title", body: "  " },
        { intent: "create", title: "Fine title", body: long(10_001) },
        { intent: "create", title: "Fine title", body: "Fine", extra: "x" },
        { intent: "update", id: "abc", title: "Fine title", body: "Fine" },
        { intent: "update", id: String(replyId), title: "", body: "Fine" },
        { intent: "delete" },
        { intent: "delete", id: "0" },
        { intent: "delete", id: "-3" },
        { intent: "delete", id: "12abc" },
      ],
    },
  ];
  for (const route of routes) {
    it(`${route.name}: every malformed submission is a 400`, async () => {
      const seen: Record<string, number> = {};
      for (const fields of route.bad()) {
        const label = JSON.stringify(fields).slice(0, 100);
        const before = snapshot();
        const res = await callAction(route.mod as never, formRequest(route.path(), fields, cookies[route.who]), route.params());
        seen[label] = res.status;
        expect(snapshot(), label).toBe(before);
      }
      expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, 400])));
    });
  }

  it("saved replies: updating or deleting one that does not exist is 404 and writes nothing", async () => {
    for (const fields of [
      { intent: "update", id: "999999", title: "Fine title", body: "Fine" },
      { intent: "delete", id: "999999" },
    ]) {
      const before = snapshot();
      const res = await callAction(repliesRoute as never, formRequest("/staff/replies", fields, cookies.staff));
      expect(res.status, fields.intent).toBe(404);
      expect(snapshot()).toBe(before);
    }
  });
});
