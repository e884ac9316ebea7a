// Idea boards: who may see and do what on every board route and intent (anonymous, non-member, member of another
// group, banned, member, moderator, staff, admin; outsiders get 404 everywhere); closed boards, read-only groups,
// and ids or addresses from other groups and ideas; bad input answered 400 with nothing written; XSS payloads in
// titles, bodies and comments rendered inert in loader data (tests/http/idea-xss.test.ts checks the built
// server's HTML). Every write is checked in the database, and every refused or bad request must leave the idea
// tables exactly as they were.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { addComment, drainEvents } from "../support/ideas";
import * as boardsRoute from "../../app/routes/g.$slug.boards";
import * as ideaPage from "../../app/routes/g.$slug.ideas.$number/route";
import * as editIdea from "../../app/routes/g.$slug.ideas.$number_.edit";
import * as boardView from "../../app/routes/g.$slug.ideas._index";
import * as newIdea from "../../app/routes/g.$slug.ideas.new";
import * as mentions from "../../app/routes/g.$slug.mentions";
import * as preview from "../../app/routes/g.$slug.preview";
import * as similar from "../../app/routes/g.$slug.similar";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, makeTag } from "../support/factories";
import { callAction, callLoader, formRequest, getRequest, type Result } from "../support/remix";
import { rows, snapshotOf, value } from "../support/db";
import { makePersonas, OUTSIDERS, PERSONAS, type Persona, type Who } from "../support/personas";

const users = {} as Awaited<ReturnType<typeof makePersonas>>["users"];
const cookies = {} as Awaited<ReturnType<typeof makePersonas>>["cookies"];
let group: ReturnType<typeof makeGroup>;
let other: ReturnType<typeof makeGroup>;
let slug: string;
let board: ReturnType<typeof makeBoard>;
let foreignBoard: ReturnType<typeof makeBoard>;
let tagA: ReturnType<typeof makeTag>;
let tagB: ReturnType<typeof makeTag>;
let foreignTag: ReturnType<typeof makeTag>;

type Fields = Record<string, string | string[] | undefined>;
/** Everything a board route can write (rate-limit counters and sessions aside). */
const TABLES = ["ideas", "idea_tags", "votes", "follows", "comments", "boards", "tags", "audit_log", "notifications", "memberships", "groups"];
const snapshot = () => snapshotOf(TABLES);

function idea(author: Who, boardId = board.id) {
  const { id, number } = makeIdea({ groupId: group.id, boardId, authorId: users[author].id });
  return { id, number };
}
function comment(number: number, author: Who, body = "A comment", inGroup = group) {
  const added = addComment({ group: inGroup, number, author: users[author], body, parentId: null });
  if (!added.ok) throw new Error(added.error);
  return added.id;
}
const ideaPath = (n: number | string, s = slug) => `/g/${s}/ideas/${n}`;
const votersOf = (c: { id: number }) => rows("SELECT user_id FROM votes WHERE idea_id = ? ORDER BY user_id", c.id);

beforeAll(async () => {
  const world = await makePersonas({ joinPolicy: "request" });
  ({ group, other, slug, board } = world);
  Object.assign(users, world.users);
  Object.assign(cookies, world.cookies);
  tagA = makeTag(group.id, "Alpha");
  tagB = makeTag(group.id, "Beta");
  foreignBoard = makeBoard(other.id, { name: "Foreign board" });
  foreignTag = makeTag(other.id, "Foreign");
  makeIdea({ groupId: other.id, boardId: foreignBoard.id, authorId: users.otherGroup.id, title: "Other group's only idea" });
  idea("author"); // so that this group's numbers run ahead of the other group's
});

type Ctx = { id: number; number: number; comment?: number };
type Case = {
  name: string;
  mod: unknown;
  path: (c: Ctx) => string;
  params?: (c: Ctx) => Record<string, string>;
  setup?: () => Ctx;
  /** n counts the calls that got through, so each allowed call is a real change. */
  fields: (c: Ctx, n: number) => Fields;
  refused?: Partial<Record<Persona, number>>;
  order?: readonly Persona[];
  /** What an allowed call changes in the database; it must differ after every allowed call. */
  effect: (c: Ctx) => unknown;
};

/** Outsiders get 404, `refused` insiders get their status; either way nothing at all is written. Others get through. */
async function runMatrix(c: Case) {
  const ctx = c.setup?.() ?? ({ id: 0, number: 0 } as Ctx);
  let n = 0;
  for (const persona of c.order ?? PERSONAS) {
    const refused = OUTSIDERS.includes(persona) ? 404 : c.refused?.[persona];
    const fields = c.fields(ctx, n);
    const before = snapshot();
    const effect = JSON.stringify(c.effect(ctx));
    const res = await callAction(c.mod as never, formRequest(c.path(ctx), fields, cookies[persona]), { slug, ...c.params?.(ctx) });
    if (refused) {
      expect(res.status, persona).toBe(refused);
      expect(snapshot(), `${persona} was refused but something changed`).toBe(before);
    } else {
      expect([200, 302], `${persona}: ${JSON.stringify(res.data)}`).toContain(res.status);
      expect(JSON.stringify(c.effect(ctx)), `${persona}'s change is not in the database`).not.toBe(effect);
      n++;
    }
  }
}

const MANAGER_ONLY = { member: 403 } as const;
const AUTHOR_ONLY = { moderator: 403, staff: 403, admin: 403 } as const;
const AUTHOR_LAST: readonly Persona[] = [...OUTSIDERS, "moderator", "staff", "admin", "member"];
const onIdea = { path: (c: Ctx) => ideaPath(c.number), params: (c: Ctx) => ({ number: String(c.number) }) };
/** An idea by someone else with one comment by `who`. */
const withComment = (who: Who) => () => {
  const i = idea("author");
  return { ...i, comment: comment(i.number, who) };
};
const boardsPath = () => `/g/${slug}/boards`;
const countBoards =
  (where = "1") =>
  () =>
    value(`SELECT count(*) FROM boards WHERE group_id = ? AND ${where}`, group.id);
const countTags = () => value("SELECT count(*) FROM tags WHERE group_id = ?", group.id);

describe("authorization: pages", () => {
  const pages: { name: string; mod: unknown; path: () => string; number?: () => number; insiders: Partial<Record<Persona, number>> }[] = [
    { name: "board view", mod: boardView, path: () => `/g/${slug}/ideas`, insiders: {} },
    { name: "new idea", mod: newIdea, path: () => `/g/${slug}/ideas/new`, insiders: {} },
    { name: "idea page", mod: ideaPage, path: () => `/g/${slug}/ideas/x`, number: () => idea("author").number, insiders: {} },
    { name: "edit idea (its author only)", mod: editIdea, path: () => `/g/${slug}/ideas/x/edit`, number: () => idea("member").number, insiders: AUTHOR_ONLY },
    { name: "boards and tags", mod: boardsRoute, path: () => `/g/${slug}/boards`, insiders: MANAGER_ONLY },
    { name: "similar ideas", mod: similar, path: () => `/g/${slug}/similar?q=idea`, insiders: {} },
    { name: "mentions", mod: mentions, path: () => `/g/${slug}/mentions?q=per`, insiders: {} },
  ];
  for (const page of pages) {
    it(`${page.name}: outsiders 404, insiders as allowed`, async () => {
      const number = page.number?.();
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const persona of PERSONAS) {
        const params = { slug, ...(number ? { number: String(number) } : {}) };
        seen[persona] = (await callLoader(page.mod as never, getRequest(page.path(), { cookie: cookies[persona] }), params)).status;
        expected[persona] = OUTSIDERS.includes(persona) ? 404 : (page.insiders[persona] ?? 200);
      }
      expect(seen).toEqual(expected);
    });
  }

  it("preview: insiders get the rendered markdown, outsiders 404, nothing is written", async () => {
    for (const persona of PERSONAS) {
      const before = snapshot();
      const res = await callAction(preview as never, formRequest(`/g/${slug}/preview`, { body: "**bold**" }, cookies[persona]), { slug });
      expect(res.status, persona).toBe(OUTSIDERS.includes(persona) ? 404 : 200);
      if (res.status === 200) expect(res.data.html).toContain("<strong>bold</strong>");
      expect(snapshot()).toBe(before);
    }
  });

  it("lookups stay inside the group: mentions offer only active members and staff, similar ideas only this group's", async () => {
    const people = (await callLoader(mentions as never, getRequest(`/g/${slug}/mentions?q=persona`, { cookie: cookies.member }), { slug })).data.people as {
      id: string;
    }[];
    expect(people.map((p) => p.id).sort()).toEqual(["member", "moderator", "author", "staff", "admin"].map((w) => users[w as Who].id).sort());
    const found = (
      await callLoader(similar as never, getRequest(`/g/${slug}/similar?q=${encodeURIComponent("Other group's only idea")}`, { cookie: cookies.staff }), {
        slug,
      })
    ).data.ideas as { title: string }[];
    expect(found.map((i) => i.title)).not.toContain("Other group's only idea");
    // An @mention reaches only people who see the group: outsiders learn nothing of it.
    const { number } = idea("author");
    const handles = (["nonMember", "otherGroup", "banned", "moderator"] as const).map((w) => `@${value("SELECT handle FROM users WHERE id = ?", users[w].id)}`);
    const last = value("SELECT coalesce(max(id), 0) FROM notifications");
    const res = await callAction(
      ideaPage as never,
      formRequest(ideaPath(number), { intent: "comment", body: `Thoughts, ${handles.join(" ")}?` }, cookies.member),
      { slug, number: String(number) },
    );
    expect(res.status).toBe(302);
    drainEvents();
    expect(rows("SELECT user_id, kind FROM notifications WHERE id > ? AND kind <> 'comment'", last)).toEqual([
      { user_id: users.moderator.id, kind: "mentioned" },
    ]);
    // The comment itself tells the idea's author and followers, never anyone outside the group.
    const told = (rows("SELECT DISTINCT user_id FROM notifications WHERE kind = 'comment'") as { user_id: string }[]).map((r) => r.user_id);
    expect(told).toContain(users.author.id);
    for (const w of ["nonMember", "otherGroup", "banned"] as const) expect(told).not.toContain(users[w].id);
  });
});

describe("authorization: actions", () => {
  const cases: Case[] = [
    {
      name: "board view: vote (members vote, staff 403)",
      mod: boardView,
      path: () => `/g/${slug}/ideas`,
      setup: () => idea("author"),
      fields: (c) => ({ intent: "vote", number: String(c.number), voted: "1" }),
      refused: { staff: 403, admin: 403 },
      effect: votersOf,
    },
    {
      name: "new idea: submit",
      mod: newIdea,
      path: () => `/g/${slug}/ideas/new`,
      fields: (_c, n) => ({ intent: "submit", boardId: String(board.id), title: `Submitted number ${n}`, body: "Body", tags: String(tagA.id), confirmed: "1" }),
      effect: () => value("SELECT count(*) FROM ideas"),
    },
    {
      name: "idea page: vote",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea("author"),
      fields: (c) => ({ intent: "vote", number: String(c.number), voted: "1" }),
      refused: { staff: 403, admin: 403 },
      effect: votersOf,
    },
    {
      name: "idea page: follow",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea("author"),
      fields: () => ({ intent: "follow", following: "1" }),
      effect: (c) => rows("SELECT user_id FROM follows WHERE idea_id = ?", c.id),
    },
    {
      name: "idea page: comment",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea("author"),
      fields: (_c, n) => ({ intent: "comment", body: `Comment ${n}` }),
      effect: (c) => rows("SELECT id, body FROM comments WHERE idea_id = ?", c.id),
    },
    {
      name: "idea page: reply",
      mod: ideaPage,
      ...onIdea,
      setup: withComment("author"),
      fields: (c, n) => ({ intent: "comment", body: `Reply ${n}`, parentId: String(c.comment) }),
      effect: (c) => rows("SELECT id FROM comments WHERE parent_id = ?", c.comment),
    },
    {
      name: "idea page: editComment (its author only)",
      mod: ideaPage,
      ...onIdea,
      setup: withComment("member"),
      fields: (c, n) => ({ intent: "editComment", commentId: String(c.comment), body: `Edited ${n}` }),
      refused: AUTHOR_ONLY,
      effect: (c) => value("SELECT body FROM comments WHERE id = ?", c.comment),
    },
    {
      name: "idea page: deleteComment (its author only)",
      mod: ideaPage,
      ...onIdea,
      setup: withComment("member"),
      order: AUTHOR_LAST,
      fields: (c) => ({ intent: "deleteComment", commentId: String(c.comment) }),
      refused: AUTHOR_ONLY,
      effect: (c) => value("SELECT deleted_at FROM comments WHERE id = ?", c.comment),
    },
    {
      name: "idea page: withdraw (the author only)",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea("member"),
      order: AUTHOR_LAST,
      fields: () => ({ intent: "withdraw" }),
      refused: AUTHOR_ONLY,
      effect: (c) => value("SELECT withdrawn_at FROM ideas WHERE id = ?", c.id),
    },
    // The moderator's idea: its author and the managers retag it; a plain member may not touch someone else's.
    {
      name: "idea page: tags",
      mod: ideaPage,
      ...onIdea,
      setup: () => idea("moderator"),
      fields: (_c, n) => ({ intent: "tags", tags: n % 2 === 0 ? [String(tagA.id), String(tagB.id)] : [String(tagB.id)] }),
      refused: MANAGER_ONLY,
      effect: (c) => rows("SELECT tag_id FROM idea_tags WHERE idea_id = ?", c.id),
    },
    {
      name: "edit idea: save (its author only)",
      mod: editIdea,
      path: (c) => `${ideaPath(c.number)}/edit`,
      params: onIdea.params,
      setup: () => idea("member"),
      fields: (_c, n) => ({ intent: "save", title: `Edited title ${n}`, body: "New body" }),
      refused: AUTHOR_ONLY,
      effect: (c) => value("SELECT title FROM ideas WHERE id = ?", c.id),
    },
    {
      name: "boards: createBoard",
      mod: boardsRoute,
      path: boardsPath,
      fields: (_c, n) => ({ intent: "createBoard", name: `Created board ${n}`, description: "" }),
      refused: MANAGER_ONLY,
      effect: countBoards(),
    },
    {
      name: "boards: updateBoard",
      mod: boardsRoute,
      path: boardsPath,
      setup: () => ({ id: makeBoard(group.id).id, number: 0 }),
      fields: (c, n) => ({ intent: "updateBoard", boardId: String(c.id), name: `Renamed ${n}`, description: "d" }),
      refused: MANAGER_ONLY,
      effect: (c) => value("SELECT name FROM boards WHERE id = ?", c.id),
    },
    // A fresh board is last: up, down, up each swap it with its neighbour.
    {
      name: "boards: moveBoard",
      mod: boardsRoute,
      path: boardsPath,
      setup: () => ({ id: makeBoard(group.id).id, number: 0 }),
      fields: (c, n) => ({ intent: "moveBoard", boardId: String(c.id), direction: n % 2 === 0 ? "up" : "down" }),
      refused: MANAGER_ONLY,
      effect: (c) => value("SELECT position FROM boards WHERE id = ?", c.id),
    },
    {
      name: "boards: closeBoard",
      mod: boardsRoute,
      path: boardsPath,
      fields: () => ({ intent: "closeBoard", boardId: String(makeBoard(group.id).id) }),
      refused: MANAGER_ONLY,
      effect: countBoards("closed_at IS NOT NULL"),
    },
    {
      name: "boards: openBoard",
      mod: boardsRoute,
      path: boardsPath,
      fields: () => ({ intent: "openBoard", boardId: String(makeBoard(group.id, { closed: true }).id) }),
      refused: MANAGER_ONLY,
      effect: countBoards("closed_at IS NULL"),
    },
    {
      name: "boards: deleteBoard",
      mod: boardsRoute,
      path: boardsPath,
      fields: () => ({ intent: "deleteBoard", boardId: String(makeBoard(group.id).id) }),
      refused: MANAGER_ONLY,
      effect: countBoards(),
    },
    {
      name: "boards: createTag",
      mod: boardsRoute,
      path: boardsPath,
      fields: (_c, n) => ({ intent: "createTag", name: `Created tag ${n}`, color: "green" }),
      refused: MANAGER_ONLY,
      effect: countTags,
    },
    {
      name: "boards: updateTag",
      mod: boardsRoute,
      path: boardsPath,
      setup: () => ({ id: makeTag(group.id).id, number: 0 }),
      fields: (c, n) => ({ intent: "updateTag", tagId: String(c.id), name: `Renamed tag ${n}`, color: "red" }),
      refused: MANAGER_ONLY,
      effect: (c) => value("SELECT name FROM tags WHERE id = ?", c.id),
    },
    {
      name: "boards: deleteTag",
      mod: boardsRoute,
      path: boardsPath,
      fields: () => ({ intent: "deleteTag", tagId: String(makeTag(group.id).id) }),
      refused: MANAGER_ONLY,
      effect: countTags,
    },
  ];
  for (const c of cases) it(c.name, () => runMatrix(c));

  it("the author edits until staff respond: a member's comment does not lock the idea, a staff comment does", async () => {
    const { id, number } = idea("member");
    const editable = () => callLoader(editIdea as never, getRequest(`${ideaPath(number)}/edit`, { cookie: cookies.member }), { slug, number: String(number) });
    comment(number, "moderator");
    expect((await editable()).status).toBe(200);
    expect(value("SELECT first_response_at FROM ideas WHERE id = ?", id)).toBeNull();
    comment(number, "staff");
    expect(value("SELECT first_response_at FROM ideas WHERE id = ?", id)).not.toBeNull();
    expect((await editable()).status).toBe(403);
    const before = snapshot();
    const save = await callAction(editIdea as never, formRequest(`${ideaPath(number)}/edit`, { intent: "save", title: "Too late now" }, cookies.member), {
      slug,
      number: String(number),
    });
    expect(save.status).toBe(403);
    const retag = await callAction(ideaPage as never, formRequest(ideaPath(number), { intent: "tags", tags: String(tagA.id) }, cookies.member), {
      slug,
      number: String(number),
    });
    expect(retag.status).toBe(403);
    expect(snapshot()).toBe(before);
  });

  it("withdrawing is refused once the idea is planned, and a withdrawn idea takes no votes or comments", async () => {
    const { id, number } = idea("member");
    const act = (fields: Fields, who: Persona = "member") =>
      callAction(ideaPage as never, formRequest(ideaPath(number), fields, cookies[who]), { slug, number: String(number) });
    db().$client.prepare("UPDATE ideas SET status = 'planned' WHERE id = ?").run(id);
    expect((await act({ intent: "withdraw" })).status).toBe(403);
    expect(value("SELECT withdrawn_at FROM ideas WHERE id = ?", id)).toBeNull();
    db().$client.prepare("UPDATE ideas SET status = 'under_review' WHERE id = ?").run(id);
    expect((await act({ intent: "withdraw" })).status).toBe(302);
    expect(value("SELECT withdrawn_at FROM ideas WHERE id = ?", id)).not.toBeNull();
    const before = snapshot();
    expect((await act({ intent: "vote", number: String(number), voted: "1" }, "moderator")).status).toBe(409);
    expect((await act({ intent: "comment", body: "Still here?" }, "moderator")).status).toBe(409);
    expect(snapshot()).toBe(before);
  });
});

describe("closed boards and read-only groups", () => {
  it("a closed board refuses new ideas with 409, but its ideas still take votes and comments", async () => {
    const closing = makeBoard(group.id, { name: "Closing soon" });
    const { id, number } = idea("author", closing.id);
    db().$client.prepare("UPDATE boards SET closed_at = ? WHERE id = ?").run(Date.now(), closing.id);
    const closed = makeBoard(group.id, { closed: true });
    const offered = (await callLoader(newIdea as never, getRequest(`/g/${slug}/ideas/new`, { cookie: cookies.member }), { slug })).data.boards as {
      id: number;
    }[];
    expect(offered.map((b) => b.id)).not.toContain(closed.id);
    for (const boardId of [closing.id, closed.id]) {
      const before = snapshot();
      const res = await callAction(
        newIdea as never,
        formRequest(`/g/${slug}/ideas/new`, { intent: "submit", boardId: String(boardId), title: "Into a closed board", confirmed: "1" }, cookies.member),
        { slug },
      );
      expect(res.status).toBe(409);
      expect(snapshot()).toBe(before);
    }
    const vote = await callAction(boardView as never, formRequest(`/g/${slug}/ideas`, { intent: "vote", number: String(number), voted: "1" }, cookies.member), {
      slug,
    });
    expect(vote.status).toBe(200);
    expect(votersOf({ id })).toEqual([{ user_id: users.member.id }]);
    const said = await callAction(ideaPage as never, formRequest(ideaPath(number), { intent: "comment", body: "Still counts" }, cookies.member), {
      slug,
      number: String(number),
    });
    expect(said.status).toBe(302);
    expect(rows("SELECT body FROM comments WHERE idea_id = ?", id)).toEqual([{ body: "Still counts" }]);
  });

  for (const kind of ["archived", "ended"] as const) {
    it(`${kind} group: pages still show, but nobody inside may submit (403), vote, comment or run boards`, async () => {
      const g = makeGroup();
      addMember(g.id, users.member.id);
      addMember(g.id, users.moderator.id, { role: "moderator" });
      const b = makeBoard(g.id);
      const { number } = makeIdea({ groupId: g.id, boardId: b.id, authorId: users.member.id });
      db()
        .$client.prepare(`UPDATE groups SET ${kind === "archived" ? "archived_at" : "ends_at"} = ? WHERE id = ?`)
        .run(Date.now() - 60_000, g.id);
      const at = { slug: g.slug, number: String(number) };
      for (const persona of PERSONAS) {
        const inside = !OUTSIDERS.includes(persona);
        const cookie = cookies[persona];
        const before = snapshot();
        expect((await callLoader(ideaPage as never, getRequest(ideaPath(number, g.slug), { cookie }), at)).status, persona).toBe(inside ? 200 : 404);
        expect((await callLoader(newIdea as never, getRequest(`/g/${g.slug}/ideas/new`, { cookie }), at)).status, persona).toBe(inside ? 403 : 404);
        const submit = await callAction(
          newIdea as never,
          formRequest(`/g/${g.slug}/ideas/new`, { intent: "submit", boardId: String(b.id), title: "After the end", confirmed: "1" }, cookie),
          at,
        );
        expect(submit.status, persona).toBe(inside ? 403 : 404);
        const vote = await callAction(
          boardView as never,
          formRequest(`/g/${g.slug}/ideas`, { intent: "vote", number: String(number), voted: "1" }, cookie),
          at,
        );
        expect(vote.status, persona).toBe(inside ? 403 : 404);
        const said = await callAction(ideaPage as never, formRequest(ideaPath(number, g.slug), { intent: "comment", body: "Late words" }, cookie), at);
        expect(said.status, persona).toBe(inside ? 403 : 404);
        const boardsRes = await callAction(boardsRoute as never, formRequest(`/g/${g.slug}/boards`, { intent: "createBoard", name: "Late board" }, cookie), at);
        expect(boardsRes.status, persona).toBe(!inside ? 404 : persona === "member" ? 403 : 409);
        const followed = await callAction(ideaPage as never, formRequest(ideaPath(number, g.slug), { intent: "follow", following: "1" }, cookie), at);
        expect(followed.status, persona).toBe(inside ? 409 : 404);
        expect(snapshot(), persona).toBe(before);
      }
    });
  }
});

describe("ids and addresses from elsewhere", () => {
  it("an idea of this group addressed through another group's slug is 404, for staff and for that group's members", async () => {
    const { id, number } = idea("author");
    expect(number).toBeGreaterThan(1); // the other group has only #1
    const at = { slug: other.slug, number: String(number) };
    for (const who of ["staff", "otherGroup"] as const) {
      const before = snapshot();
      expect((await callLoader(ideaPage as never, getRequest(ideaPath(number, other.slug), { cookie: cookies[who] }), at)).status, who).toBe(404);
      expect((await callLoader(editIdea as never, getRequest(`${ideaPath(number, other.slug)}/edit`, { cookie: cookies[who] }), at)).status, who).toBe(404);
      expect(
        (await callAction(ideaPage as never, formRequest(ideaPath(number, other.slug), { intent: "comment", body: "Hello" }, cookies[who]), at)).status,
        who,
      ).toBe(404);
      expect(
        (await callAction(ideaPage as never, formRequest(ideaPath(number, other.slug), { intent: "follow", following: "1" }, cookies[who]), at)).status,
        who,
      ).toBe(404);
      // Staff do not vote at all (403 before any lookup); the other group's member may vote there, but not on our idea.
      if (who === "otherGroup")
        expect(
          (
            await callAction(
              boardView as never,
              formRequest(`/g/${other.slug}/ideas`, { intent: "vote", number: String(number), voted: "1" }, cookies[who]),
              at,
            )
          ).status,
        ).toBe(404);
      expect(snapshot()).toBe(before);
    }
    expect(votersOf({ id })).toEqual([]);
    const theirs = await callLoader(ideaPage as never, getRequest(ideaPath(1, other.slug), { cookie: cookies.staff }), { slug: other.slug, number: "1" });
    expect(theirs.data.idea.title).toBe("Other group's only idea");
  });

  it("a board-view link to a board that does not exist here (or is another group's) is 404", async () => {
    for (const b of ["no-such-board", foreignBoard.slug]) {
      expect((await callLoader(boardView as never, getRequest(`/g/${slug}/ideas?board=${b}`, { cookie: cookies.member }), { slug })).status, b).toBe(404);
    }
    const ok = await callLoader(boardView as never, getRequest(`/g/${slug}/ideas?board=${board.slug}`, { cookie: cookies.member }), { slug });
    expect(ok.status).toBe(200);
    expect(ok.data.board.slug).toBe(board.slug);
  });

  it("an idea number that does not exist or is not a number is 404 on the idea page, its actions and its edit page", async () => {
    idea("member");
    for (const number of ["99999", "12abc", "abc", "0", "-1", "1.5", ""]) {
      const before = snapshot();
      expect((await callLoader(ideaPage as never, getRequest(ideaPath(number), { cookie: cookies.member }), { slug, number })).status, number).toBe(404);
      expect((await callLoader(editIdea as never, getRequest(`${ideaPath(number)}/edit`, { cookie: cookies.member }), { slug, number })).status, number).toBe(
        404,
      );
      expect(
        (await callAction(ideaPage as never, formRequest(ideaPath(number), { intent: "follow", following: "1" }, cookies.member), { slug, number })).status,
        number,
      ).toBe(404);
      expect(
        (await callAction(boardView as never, formRequest(`/g/${slug}/ideas`, { intent: "vote", number: "99999", voted: "1" }, cookies.member), { slug }))
          .status,
      ).toBe(404);
      expect(snapshot()).toBe(before);
    }
  });

  // One address per idea: Number() would read "0x1" and "1e0" as 1.
  it("an idea number written other than in plain digits is 404", async () => {
    const statuses: Record<string, number> = {};
    for (const number of ["0x1", "1e0"])
      statuses[number] = (await callLoader(ideaPage as never, getRequest(ideaPath(number), { cookie: cookies.member }), { slug, number })).status;
    expect(statuses).toEqual({ "0x1": 404, "1e0": 404 });
  });

  // They used to be dropped silently, so a retag naming only unknown ids removed every tag of the idea.
  it("tags of another group are refused with a 400 that writes nothing when submitting, retagging and editing", async () => {
    let before = snapshot();
    const res = await callAction(
      newIdea as never,
      formRequest(
        `/g/${slug}/ideas/new`,
        { intent: "submit", boardId: String(board.id), title: "Tagged from afar", tags: [String(tagA.id), String(foreignTag.id)], confirmed: "1" },
        cookies.member,
      ),
      { slug },
    );
    expect(res.status).toBe(400);
    expect(snapshot()).toBe(before);
    const { id, number } = makeIdea({ groupId: group.id, boardId: board.id, authorId: users.member.id, title: "Tagged from afar", tagIds: [tagA.id] });
    const tagsOf = () => rows("SELECT tag_id FROM idea_tags WHERE idea_id = ? ORDER BY tag_id", id).map((r) => r.tag_id);
    before = snapshot();
    const retag = await callAction(
      ideaPage as never,
      formRequest(ideaPath(number), { intent: "tags", tags: [String(tagB.id), String(foreignTag.id)] }, cookies.moderator),
      { slug, number: String(number) },
    );
    expect(retag.status).toBe(400);
    expect(snapshot()).toBe(before);
    const edit = await callAction(
      editIdea as never,
      formRequest(`${ideaPath(number)}/edit`, { intent: "save", title: "Tagged from afar", tags: String(foreignTag.id) }, cookies.member),
      { slug, number: String(number) },
    );
    expect(edit.status).toBe(400);
    expect(snapshot()).toBe(before);
    expect(tagsOf()).toEqual([tagA.id]);
  });

  it("a board of another group cannot take an idea: 400 and nothing written", async () => {
    const before = snapshot();
    const res = await callAction(
      newIdea as never,
      formRequest(`/g/${slug}/ideas/new`, { intent: "submit", boardId: String(foreignBoard.id), title: "Smuggled idea", confirmed: "1" }, cookies.member),
      { slug },
    );
    expect(res.status).toBe(400);
    expect(snapshot()).toBe(before);
  });

  it("a reply to a comment on another idea, or of another group, is 404", async () => {
    const a = idea("author");
    const b = idea("author");
    const parents = [comment(b.number, "author"), comment(1, "staff", "Staff elsewhere", other)];
    for (const parentId of parents) {
      const before = snapshot();
      const res = await callAction(
        ideaPage as never,
        formRequest(ideaPath(a.number), { intent: "comment", body: "Misplaced reply", parentId: String(parentId) }, cookies.member),
        { slug, number: String(a.number) },
      );
      expect(res.status).toBe(404);
      expect(snapshot()).toBe(before);
    }
  });

  it("a comment of another group cannot be edited or deleted through this group, even by its author: 404", async () => {
    const here = idea("author");
    const theirs = comment(1, "staff", "Staff said this elsewhere", other);
    for (const fields of [
      { intent: "editComment", commentId: String(theirs), body: "Rewritten" },
      { intent: "deleteComment", commentId: String(theirs) },
    ]) {
      const before = snapshot();
      const res = await callAction(ideaPage as never, formRequest(ideaPath(here.number), fields, cookies.staff), { slug, number: String(here.number) });
      expect(res.status, fields.intent).toBe(404);
      expect(snapshot()).toBe(before);
    }
  });

  // The comment is looked up on the page's idea, as a reply's parentId is.
  it("a comment on another idea of this group cannot be edited or deleted through this idea's page: 404", async () => {
    const page = idea("author");
    const elsewhere = idea("author");
    const outcome: Record<string, { status: number; changed: boolean }> = {};
    for (const fields of [{ intent: "editComment", body: "Rewritten via the wrong page" }, { intent: "deleteComment" }]) {
      const mine = comment(elsewhere.number, "member", "Said on the other idea");
      const before = snapshot();
      const res = await callAction(ideaPage as never, formRequest(ideaPath(page.number), { ...fields, commentId: String(mine) }, cookies.member), {
        slug,
        number: String(page.number),
      });
      outcome[fields.intent] = { status: res.status, changed: snapshot() !== before };
    }
    expect(outcome).toEqual({ editComment: { status: 404, changed: false }, deleteComment: { status: 404, changed: false } });
  });

  it("boards and tags of another group cannot be changed from this group: 404, nothing written", async () => {
    const board = String(foreignBoard.id);
    const tag = String(foreignTag.id);
    const attempts: Fields[] = [
      { intent: "updateBoard", boardId: board, name: "Hijacked" },
      { intent: "closeBoard", boardId: board },
      { intent: "openBoard", boardId: board },
      { intent: "deleteBoard", boardId: board },
      { intent: "updateTag", tagId: tag, name: "Hijacked", color: "red" },
      { intent: "deleteTag", tagId: tag },
    ];
    for (const fields of attempts) {
      const before = snapshot();
      const res = await callAction(boardsRoute as never, formRequest(boardsPath(), fields, cookies.moderator), { slug });
      expect(res.status, String(fields.intent)).toBe(404);
      expect(snapshot()).toBe(before);
    }
  });

  it("moving the first board up (or the last down) says it cannot, and changes nothing", async () => {
    const boardsNow = rows("SELECT id FROM boards WHERE group_id = ? ORDER BY position, id", group.id) as { id: number }[];
    const before = snapshot();
    const up = await callAction(
      boardsRoute as never,
      formRequest(boardsPath(), { intent: "moveBoard", boardId: String(boardsNow[0].id), direction: "up" }, cookies.moderator),
      { slug },
    );
    const down = await callAction(
      boardsRoute as never,
      formRequest(boardsPath(), { intent: "moveBoard", boardId: String(boardsNow.at(-1)!.id), direction: "down" }, cookies.moderator),
      { slug },
    );
    expect([up.status, up.data.message, down.status, down.data.message]).toEqual([409, "That board is already first.", 409, "That board is already last."]);
    expect(snapshot()).toBe(before);
  });

  // Like every other board intent, moving another group's board is 404 (not a success message).
  it("moving another group's board is 404, not a success message", async () => {
    const before = snapshot();
    const res = await callAction(
      boardsRoute as never,
      formRequest(boardsPath(), { intent: "moveBoard", boardId: String(foreignBoard.id), direction: "up" }, cookies.moderator),
      { slug },
    );
    expect(snapshot()).toBe(before);
    expect(res.status).toBe(404);
  });
});

describe("bad input: 400, never 500, and nothing written", () => {
  const long = (n: number) => "x".repeat(n);
  let number: number;
  let commentId: number;
  beforeAll(() => {
    number = idea("member").number;
    commentId = comment(number, "member");
  });
  const routes: { name: string; mod: unknown; who: Persona; action: (s: string) => string; params?: () => Record<string, string>; bad: () => Fields[] }[] = [
    {
      name: "board view",
      mod: boardView,
      who: "member",
      action: (s) => `/g/${s}/ideas`,
      bad: () => [
        {},
        { intent: "nope" },
        { intent: "vote" },
        { intent: "vote", number: "abc", voted: "1" },
        { intent: "vote", number: "-3", voted: "1" },
        { intent: "vote", number: String(number), voted: "yes" },
        { intent: "vote", number: String(number), voted: "1", extra: "x" },
      ],
    },
    {
      name: "new idea",
      mod: newIdea,
      who: "member",
      action: (s) => `/g/${s}/ideas/new`,
      bad: () => {
        const ok = { intent: "submit", boardId: String(board.id), title: "A perfectly good title", confirmed: "1" };
        return [
          {},
          { intent: "nope" },
          { ...ok, title: long(121) },
          { ...ok, title: "abc" },
          { ...ok, title: "      " },
          { intent: "submit", boardId: String(board.id), confirmed: "1" },
          { ...ok, boardId: "" },
          { ...ok, boardId: "abc" },
          { ...ok, tags: "abc" },
          { ...ok, tags: "0" },
          { ...ok, body: long(10_001) },
          { ...ok, confirmed: "2" },
          { ...ok, extra: "x" },
        ];
      },
    },
    {
      name: "idea page",
      mod: ideaPage,
      who: "member",
      action: (s) => ideaPath(number, s),
      params: () => ({ number: String(number) }),
      bad: () => [
        {},
        { intent: "nope" },
        { intent: "vote", number: String(number + 1000), voted: "1" } /* not this page's idea */,
        { intent: "vote", number: "x", voted: "1" },
        { intent: "follow", following: "maybe" },
        { intent: "comment" },
        { intent: "comment", body: "" },
        { intent: "comment", body: "   \n  " },
        { intent: "comment", body: long(5_001) },
        { intent: "comment", body: "Reply", parentId: "abc" },
        { intent: "editComment", commentId: "abc", body: "New text" },
        { intent: "editComment", commentId: String(commentId), body: "" },
        { intent: "deleteComment" },
        { intent: "deleteComment", commentId: "1e" },
        { intent: "withdraw", extra: "x" },
        { intent: "tags", tags: "abc" },
      ],
    },
    {
      name: "edit idea",
      mod: editIdea,
      who: "member",
      action: (s) => `${ideaPath(number, s)}/edit`,
      params: () => ({ number: String(number) }),
      bad: () => [
        {},
        { intent: "nope" },
        { intent: "save", title: long(121) },
        { intent: "save" },
        { intent: "save", title: "ab" },
        { intent: "save", title: "Fine title", tags: "x" },
      ],
    },
    {
      name: "boards",
      mod: boardsRoute,
      who: "moderator",
      action: (s) => `/g/${s}/boards`,
      bad: () => [
        {},
        { intent: "nope" },
        { intent: "createBoard", name: "" },
        { intent: "createBoard", name: long(61) },
        { intent: "updateBoard", boardId: "abc", name: "Fine name" },
        { intent: "moveBoard", boardId: String(board.id), direction: "sideways" },
        { intent: "closeBoard", boardId: "" },
        { intent: "deleteBoard", boardId: "-1" },
        { intent: "createTag", name: "Colourful", color: "black" },
        { intent: "createTag", name: long(31), color: "red" },
        { intent: "updateTag", tagId: "x", name: "Name", color: "red" },
        { intent: "deleteTag" },
      ],
    },
    { name: "preview", mod: preview, who: "member", action: (s) => `/g/${s}/preview`, bad: () => [{}, { body: long(10_001) }, { body: "fine", extra: "x" }] },
  ];
  for (const route of routes) {
    it(`${route.name}: every malformed submission is a 400`, async () => {
      for (const fields of route.bad()) {
        const before = snapshot();
        const res: Result = await callAction(route.mod as never, formRequest(route.action(slug), fields, cookies[route.who]), { slug, ...route.params?.() });
        expect(res.status, JSON.stringify(fields).slice(0, 120)).toBe(400);
        expect(snapshot(), JSON.stringify(fields).slice(0, 120)).toBe(before);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// XSS

const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[x](javascript:alert(1))",
  "[x](JAVASCRIPT:alert(1))",
  "[x](  javascript:alert(1))",
  '[x]( javascript:alert(1) "t")',
  '<a href="javascript:alert(1)">x</a>',
  "<a href=javascript:alert(1)>x</a>",
  "<svg onload=alert(1)>",
  "![x](https://evil.example/x.png)",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "<iframe src=javascript:alert(1)>",
  '"><script>alert(1)</script>',
  "<details open ontoggle=alert(1)>",
  "<javascript:alert(1)>",
  "[x](vbscript:msgbox(1))",
  "[x](&#x6A;avascript:alert(1))",
  "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x][r]\n\n[r]: javascript:alert(1)",
  "[x](//evil.example/x)",
  '[x](https://ok.example " onmouseover=alert(1)")',
  'www.evil.example/"onmouseover="alert(1)',
  "[<img src=x onerror=alert(1)>](https://ok.example)",
  "<body onload=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<<script>alert(1)//<</script>",
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
];

const SAFE_TAGS = ["p", "a", "strong", "em", "s", "code", "pre", "br", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6", "hr"];
/** Rendered markdown: only plain formatting tags, no event-handler or source attributes, only http(s), mailto or in-group links. */
function expectInert(html: string, label: string) {
  expect(html, label).not.toMatch(/<\s*\/?\s*(script|img|iframe|svg|math|style|details|body|object|embed|form|input|base|meta|link)\b/i);
  for (const [, tag, attrs] of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    expect(SAFE_TAGS, `${label}: <${tag}>`).toContain(tag.toLowerCase());
    for (const [, name, raw = ""] of attrs.matchAll(/([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      expect(` ${name}=`, `${label}: attribute ${name}`).not.toMatch(/\son\w+=/i);
      expect(name.toLowerCase(), label).not.toMatch(/^(src|srcset|style|action|formaction|xlink:href)$/);
      if (name.toLowerCase() === "href") expect(raw.replace(/^["']|["']$/g, ""), label).toMatch(/^(https?:\/\/|mailto:|\/g\/)/i);
    }
  }
}

describe("XSS payloads render inert", () => {
  it("in idea titles, bodies and comments (and an @mention of a person named like a tag): the loaders' HTML is inert", async () => {
    const xssBoard = makeBoard(group.id, { name: "Payloads" });
    const evil = await createUser({ name: "<img src=x onerror=alert(1)>" });
    addMember(group.id, evil.id);
    const handle = value("SELECT handle FROM users WHERE id = ?", evil.id) as string;
    const texts = [...PAYLOADS, `Hello @${handle} <script>alert(1)</script>`];
    const made = texts.map((payload) => ({
      payload,
      title: payload.slice(0, 120),
      ...makeIdea({ groupId: group.id, boardId: xssBoard.id, authorId: users.author.id, title: payload.slice(0, 120), body: payload }),
    }));
    for (const m of made) {
      // Comments go through the real action, as a member would type them.
      const res = await callAction(ideaPage as never, formRequest(ideaPath(m.number), { intent: "comment", body: m.payload }, cookies.author), {
        slug,
        number: String(m.number),
      });
      expect(res.status, m.payload).toBe(302);
    }
    for (const m of made) {
      const page = await callLoader(ideaPage as never, getRequest(ideaPath(m.number), { cookie: cookies.member }), { slug, number: String(m.number) });
      expect(page.status).toBe(200);
      expect(page.data.idea.title, "titles are plain strings for React to escape").toBe(m.title);
      expectInert(page.data.idea.html, `idea body ${m.payload}`);
      expect(page.data.comments.threads).toHaveLength(1);
      expectInert(page.data.comments.threads[0].html, `comment ${m.payload}`);
    }
    const mentioned = await callLoader(ideaPage as never, getRequest(ideaPath(made.at(-1)!.number), { cookie: cookies.member }), {
      slug,
      number: String(made.at(-1)!.number),
    });
    expect(mentioned.data.comments.threads[0].html).toContain(`href="/g/${slug}/members/${evil.id}"`);
    expect(mentioned.data.comments.threads[0].html).toContain("@&lt;img src=x onerror=alert(1)&gt;");

    const list = await callLoader(boardView as never, getRequest(`/g/${slug}/ideas?board=${xssBoard.slug}&sort=new`, { cookie: cookies.member }), { slug });
    expect(list.status).toBe(200);
    const listed = list.data.rows as Record<string, unknown>[];
    expect(listed.map((r) => r.title).sort()).toEqual(made.map((m) => m.title).sort());
    for (const r of listed)
      expect(
        Object.keys(r).filter((k) => /html/i.test(k)),
        "the board sends no HTML, only text",
      ).toEqual([]);
  });

  it("in the editors' preview", async () => {
    for (const payload of PAYLOADS) {
      const res = await callAction(preview as never, formRequest(`/g/${slug}/preview`, { body: payload }, cookies.member), { slug });
      expect(res.status).toBe(200);
      expectInert(res.data.html, `preview ${payload}`);
    }
  });
});
