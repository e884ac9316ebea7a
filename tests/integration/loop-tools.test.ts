// The staff's caring reply tools and the member's view of the loop, against a real SQLite file: saved replies
// (through the route, with audit entries, filled into the composer with ?reply=), the author's context beside the
// composer, ideas recorded from other channels on a member's behalf, and "what became of my ideas".
import { beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../support/ideas";
import { castVote, listMemberIdeas, withdrawIdea } from "../../app/models/idea.server";
import { leaveGroup } from "../../app/models/membership.server";
import { changeStatus, drainEvents, mergeIdeas } from "../support/loop";
import * as ideaPage from "../../app/routes/g.$slug.ideas.$number/route";
import * as newIdea from "../../app/routes/g.$slug.ideas.new";
import * as myIdeas from "../../app/routes/my-ideas";
import * as notificationsRoute from "../../app/routes/notifications";
import * as repliesRoute from "../../app/routes/staff.replies";
import type { User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { callAction, callLoader, formRequest, getRequest } from "../support/remix";
import { rows, snapshotOf, value } from "../support/db";

const DAY = 86_400_000;
type Fields = Record<string, string | undefined>;
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
];
const snapshot = () => snapshotOf(TABLES);
const actor = (u: User) => ({ id: u.id, name: u.name, role: u.role });

let staff: User;
let staffCookie: string;
beforeAll(async () => {
  staff = await createUser({ role: "staff", name: "Sanna Staff" });
  staffCookie = await sessionCookie(staff.id);
});

// ---------------------------------------------------------------------------------------------------------

describe("saved replies", () => {
  const post = (fields: Fields, cookie = staffCookie) => callAction(repliesRoute as never, formRequest("/staff/replies", fields, cookie));
  const listed = async () =>
    (await callLoader(repliesRoute as never, getRequest("/staff/replies", { cookie: staffCookie }))).data.replies as {
      id: number;
      title: string;
      body: string;
    }[];
  const idOf = (title: string) => value("SELECT id FROM saved_replies WHERE title = ?", title) as number;

  it("staff create, update and delete them through the route, each with an audit entry", async () => {
    const created = await post({ intent: "create", title: "  Thanks, under review  ", body: "Hei {name}, kiitos ideasta {idea}!" });
    expect(created.status).toBe(200);
    expect(created.data.ok).toBe(true);
    const id = idOf("Thanks, under review");
    expect(rows("SELECT title, body, created_by FROM saved_replies WHERE id = ?", id)).toEqual([
      { title: "Thanks, under review", body: "Hei {name}, kiitos ideasta {idea}!", created_by: staff.id },
    ]);

    const updated = await post({
      intent: "update",
      id: String(id),
      title: "Thanks, reviewing",
      body: "Hi {name}, thank you. We will look at {idea} next week.",
    });
    expect(updated.status).toBe(200);
    expect(rows("SELECT title, body FROM saved_replies WHERE id = ?", id)).toEqual([
      { title: "Thanks, reviewing", body: "Hi {name}, thank you. We will look at {idea} next week." },
    ]);
    expect((await listed()).find((r) => r.id === id)).toEqual({
      id,
      title: "Thanks, reviewing",
      body: "Hi {name}, thank you. We will look at {idea} next week.",
    });

    const deleted = await post({ intent: "delete", id: String(id) });
    expect(deleted.status).toBe(200);
    expect(rows("SELECT id FROM saved_replies WHERE id = ?", id)).toEqual([]);
    expect((await listed()).map((r) => r.id)).not.toContain(id);

    const audit = rows(
      "SELECT actor_id, action, target_type, details FROM audit_log WHERE target_type = 'saved_reply' AND target_id = ? ORDER BY id",
      String(id),
    ).map((r) => ({ ...r, details: JSON.parse(r.details as string) }));
    expect(audit).toEqual([
      { actor_id: staff.id, action: "reply.create", target_type: "saved_reply", details: { title: "Thanks, under review" } },
      { actor_id: staff.id, action: "reply.update", target_type: "saved_reply", details: { title: "Thanks, reviewing" } },
      { actor_id: staff.id, action: "reply.delete", target_type: "saved_reply", details: { title: "Thanks, reviewing" } },
    ]);
  });

  it("are listed by title (ties by age), whoever wrote them and in whatever order", async () => {
    const admin = await createUser({ role: "admin" });
    const adminCookie = await sessionCookie(admin.id);
    for (const [title, cookie] of [
      ["Planned: next release", staffCookie],
      ["Declined: out of scope", adminCookie],
      ["Thanks, under review", staffCookie],
      ["Done: shipped", adminCookie],
    ] as const) {
      expect((await post({ intent: "create", title, body: "Body" }, cookie)).status).toBe(200);
    }
    const titles = (await listed()).map((r) => r.title);
    expect(titles.filter((t) => ["Planned: next release", "Declined: out of scope", "Thanks, under review", "Done: shipped"].includes(t))).toEqual([
      "Declined: out of scope",
      "Done: shipped",
      "Planned: next release",
      "Thanks, under review",
    ]);
  });

  // Alphabetical as people read it: SQLite's binary order would put "Zeta" before "alpha".
  it("are listed alphabetically regardless of letter case", async () => {
    for (const title of ["zz Zeta reply", "zz alpha reply", "zz Beta reply"]) expect((await post({ intent: "create", title, body: "Body" })).status).toBe(200);
    const titles = (await listed()).map((r) => r.title).filter((t) => t.startsWith("zz "));
    expect(titles).toEqual(["zz alpha reply", "zz Beta reply", "zz Zeta reply"]);
  });

  describe("filled into the composer with ?reply=", () => {
    let slug: string;
    let number: number;
    let replyId: number;
    let memberCookie: string;
    const groupName = "Lipunmyynnin pilotti";
    const title = "Kuitti sähköpostiin";
    beforeAll(async () => {
      const group = makeGroup({ name: groupName });
      slug = group.slug;
      const author = await createUser({ name: "Maija Mehiläinen" });
      addMember(group.id, author.id);
      memberCookie = await sessionCookie(author.id);
      const board = makeBoard(group.id);
      number = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title }).number;
      await post({
        intent: "create",
        title: "Prefill marker reply",
        body: 'Hei {name}! Kiitos ideasta "{idea}" ryhmässä {group}. {name}, kerromme pian lisää. {unknown} jää.',
      });
      replyId = idOf("Prefill marker reply");
    });
    const load = (query: string, cookie = staffCookie) =>
      callLoader(ideaPage as never, getRequest(`/g/${slug}/ideas/${number}${query}`, { cookie }), { slug, number: String(number) });

    it("fills {name} with the author's first name, {idea} with the title and {group} with the group's name", async () => {
      const page = await load(`?reply=${replyId}`);
      expect(page.status).toBe(200);
      expect(page.data.staff.prefill).toBe(`Hei Maija! Kiitos ideasta "${title}" ryhmässä ${groupName}. Maija, kerromme pian lisää. {unknown} jää.`);
      expect(page.data.staff.replyContext).toEqual({ name: "Maija Mehiläinen", idea: title, group: groupName });
      expect(page.data.staff.savedReplies).toContainEqual({ id: replyId, title: "Prefill marker reply", body: expect.stringContaining("Hei {name}!") });
    });

    it("without ?reply=, or with an unknown or malformed id, the composer starts empty", async () => {
      for (const query of ["", "?reply=999999", "?reply=abc", "?reply=-1", "?reply="]) {
        const page = await load(query);
        expect(page.status, query).toBe(200);
        expect(page.data.staff.prefill, query).toBe("");
      }
    });

    it("a member's ?reply= does nothing: no staff data at all in the loader", async () => {
      const page = await load(`?reply=${replyId}`, memberCookie);
      expect(page.status).toBe(200);
      expect(page.data.staff).toBeNull();
      const raw = JSON.stringify(page.data);
      expect(raw).not.toContain("Prefill marker reply");
      expect(raw).not.toContain("kerromme pian");
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("author context beside the composer", () => {
  it("names the author, when they joined, and their other ideas in this group with statuses, without this one or withdrawn ones", async () => {
    const group = makeGroup();
    const elsewhere = makeGroup();
    const author = await createUser({ name: "Olli Osallinen" });
    addMember(group.id, author.id);
    addMember(elsewhere.id, author.id);
    const joinedAt = value("SELECT joined_at FROM memberships WHERE group_id = ? AND user_id = ?", group.id, author.id);
    const board = makeBoard(group.id);
    const now = Date.now();
    const older = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "Older idea", now: now - 5 * DAY });
    const withdrawn = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "Withdrawn idea", now: now - 4 * DAY });
    const planned = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "Planned idea", now: now - 3 * DAY });
    const current = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "The idea on the page", now: now - 2 * DAY });
    makeIdea({ groupId: elsewhere.id, boardId: makeBoard(elsewhere.id).id, authorId: author.id, title: "Idea in another group" });
    expect(withdrawIdea({ group, number: withdrawn.number, userId: author.id, readOnly: false })).toEqual({ ok: true });
    expect(changeStatus({ group, number: planned.number, actor: actor(staff), status: "planned", response: "Coming in May." })).toEqual({ ok: true });

    const page = await callLoader(ideaPage as never, getRequest(`/g/${group.slug}/ideas/${current.number}`, { cookie: staffCookie }), {
      slug: group.slug,
      number: String(current.number),
    });
    expect(page.status).toBe(200);
    const context = page.data.staff.context;
    expect(context).toMatchObject({ id: author.id, name: "Olli Osallinen", joinedAt });
    expect(context.joinedAt).toEqual(expect.any(Number));
    expect(context.ideas.map((i: { number: number; title: string; status: string }) => ({ number: i.number, title: i.title, status: i.status }))).toEqual([
      { number: planned.number, title: "Planned idea", status: "planned" },
      { number: older.number, title: "Older idea", status: "open" },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("ideas heard on other channels, recorded on a member's behalf", () => {
  let group: ReturnType<typeof makeGroup>;
  let board: ReturnType<typeof makeBoard>;
  let member: User;
  let memberCookie: string;
  let moderatorCookie: string;
  let handle: string;
  let counter = 0;
  beforeAll(async () => {
    group = makeGroup({ name: "Recording pilot" });
    board = makeBoard(group.id);
    member = await createUser({ name: "Pekka Puhelin", email: "pekka.puhelin@example.test" });
    addMember(group.id, member.id);
    memberCookie = await sessionCookie(member.id);
    const moderator = await createUser();
    addMember(group.id, moderator.id, { role: "moderator" });
    moderatorCookie = await sessionCookie(moderator.id);
    handle = value("SELECT handle FROM users WHERE id = ?", member.id) as string;
  });
  const submit = (fields: Fields, cookie = staffCookie) => {
    counter += 1;
    return callAction(
      newIdea as never,
      formRequest(
        `/g/${group.slug}/ideas/new`,
        { intent: "submit", boardId: String(board.id), title: `Heard on the phone ${counter}`, body: "Told us on a call.", confirmed: "1", ...fields },
        cookie,
      ),
      { slug: group.slug },
    );
  };
  const numberOf = (location: string | null) => Number(/\/ideas\/(\d+)\?posted=1$/.exec(location ?? "")![1]);

  for (const [label, who] of [
    ["@handle", () => `@${handle}`],
    ["e-mail", () => "pekka.puhelin@example.test"],
    ["e-mail in other letter case", () => "Pekka.Puhelin@Example.TEST"],
  ] as const) {
    it(`staff record an idea by ${label}: the member is its author, follows it and is told; the idea says where it was heard`, async () => {
      const lastNote = value("SELECT coalesce(max(id), 0) FROM notifications") as number;
      const res = await submit({ onBehalfOf: who(), source: "phone" });
      expect(res.status, JSON.stringify(res.data)).toBe(302);
      const number = numberOf(res.location);
      const idea = rows("SELECT id, title, author_id, source, recorded_by FROM ideas WHERE group_id = ? AND number = ?", group.id, number)[0];
      expect(idea).toMatchObject({ author_id: member.id, source: "phone", recorded_by: staff.id });
      expect(rows("SELECT user_id FROM follows WHERE idea_id = ?", idea.id)).toEqual([{ user_id: member.id }]);
      drainEvents();
      const told = rows("SELECT user_id, kind, group_id, data FROM notifications WHERE id > ?", lastNote).map((r) => ({
        ...r,
        data: JSON.parse(r.data as string),
      }));
      expect(told).toEqual([
        { user_id: member.id, kind: "recorded", group_id: group.id, data: { name: "Sanna Staff", title: idea.title, number: String(number), source: "phone" } },
      ]);
      // The member sees it as theirs, recorded by the staff member, on their notifications page and on the idea page.
      const notes = (await callLoader(notificationsRoute as never, getRequest("/notifications", { cookie: memberCookie }))).data.rows as {
        kind: string;
        href: string;
      }[];
      expect(notes[0]).toMatchObject({ kind: "recorded", href: `/g/${group.slug}/ideas/${number}` });
      const page = await callLoader(ideaPage as never, getRequest(`/g/${group.slug}/ideas/${number}`, { cookie: memberCookie }), {
        slug: group.slug,
        number: String(number),
      });
      expect(page.data.idea).toMatchObject({ authorId: member.id, authorName: "Pekka Puhelin", source: "phone", recorderName: "Sanna Staff", following: true });
    });
  }

  it("staff posting with both fields left empty post their own idea, recorded from nowhere", async () => {
    const res = await submit({ onBehalfOf: "", source: "" });
    expect(res.status).toBe(302);
    const idea = rows("SELECT author_id, source, recorded_by FROM ideas WHERE group_id = ? AND number = ?", group.id, numberOf(res.location))[0];
    expect(idea).toEqual({ author_id: staff.id, source: null, recorded_by: null });
  });

  it("an unknown member, a member of another group, someone who left, or a missing half is a 400 with a field error, and nothing is written", async () => {
    const outsider = await createUser({ name: "Olga Outsider" });
    const otherGroup = makeGroup();
    addMember(otherGroup.id, outsider.id);
    const leaver = await createUser({ name: "Liisa Leaver" });
    addMember(group.id, leaver.id);
    expect(leaveGroup({ group, userId: leaver.id })).toBe(true);
    const handleOf = (u: User) => `@${value("SELECT handle FROM users WHERE id = ?", u.id)}`;
    const cases: [Fields, string][] = [
      [{ onBehalfOf: "@nobody-here-at-all", source: "phone" }, "onBehalfOf"],
      [{ onBehalfOf: "nobody@example.test", source: "email" }, "onBehalfOf"],
      [{ onBehalfOf: handleOf(outsider), source: "chat" }, "onBehalfOf"],
      [{ onBehalfOf: handleOf(leaver), source: "event" }, "onBehalfOf"],
      [{ onBehalfOf: "@", source: "phone" }, "onBehalfOf"],
      [{ source: "phone" }, "onBehalfOf"],
      [{ onBehalfOf: `@${handle}` }, "source"],
      [{ onBehalfOf: `@${handle}`, source: "" }, "source"],
    ];
    for (const [fields, field] of cases) {
      const before = snapshot();
      const res = await submit(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(Object.keys(res.data.result?.error ?? {}), JSON.stringify(fields)).toEqual([field]);
      expect(snapshot(), JSON.stringify(fields)).toBe(before);
    }
  });

  it("an unknown source is a 400, and nothing is written", async () => {
    const before = snapshot();
    const res = await submit({ onBehalfOf: `@${handle}`, source: "telepathy" });
    expect(res.status).toBe(400);
    expect(snapshot()).toBe(before);
  });

  it("a member or a moderator sending onBehalfOf or source is refused with 403, and nothing is written", async () => {
    for (const cookie of [memberCookie, moderatorCookie]) {
      for (const fields of [{ onBehalfOf: `@${handle}`, source: "phone" }, { onBehalfOf: `@${handle}` }, { source: "phone" }]) {
        const before = snapshot();
        const res = await submit(fields, cookie);
        expect(res.status, JSON.stringify(fields)).toBe(403);
        expect(snapshot(), JSON.stringify(fields)).toBe(before);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("what became of my ideas", () => {
  let person: User;
  let cookie: string;
  let main: ReturnType<typeof makeGroup>;
  let left: ReturnType<typeof makeGroup>;
  const n: Record<string, number> = {};
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    person = await createUser({ name: "Paula Person" });
    cookie = await sessionCookie(person.id);
    const someone = await createUser({ name: "Sami Someone" });
    main = makeGroup();
    left = makeGroup();
    for (const g of [main, left]) {
      addMember(g.id, person.id);
      addMember(g.id, someone.id);
    }
    const board = makeBoard(main.id);
    const leftBoard = makeBoard(left.id);
    const t0 = Date.now();
    const make = (key: string, authorId: string, daysAgo: number, g = main, b = board) => {
      const made = makeIdea({ groupId: g.id, boardId: b.id, authorId, title: `My ideas ${key}`, now: t0 - daysAgo * DAY });
      n[key] = made.number;
      ids[key] = made.id;
    };
    make("answered", person.id, 10);
    make("mergedAway", person.id, 7);
    make("votedFor", someone.id, 6);
    make("withdrawn", person.id, 5);
    make("notMine", someone.id, 5);
    make("target", someone.id, 4);
    make("inLeftGroup", person.id, 3, left, leftBoard);
    make("votedInLeftGroup", someone.id, 3.5, left, leftBoard);
    const by = actor(staff);
    // Two responses, then a status change without one: the latest response is the second.
    expect(
      changeStatus({ group: main, number: n.answered, actor: by, status: "under_review", response: "First response: reviewing.", now: t0 - 9 * DAY }),
    ).toEqual({ ok: true });
    expect(
      changeStatus({ group: main, number: n.answered, actor: by, status: "planned", response: "Second response: planned for May.", now: t0 - 8 * DAY }),
    ).toEqual({ ok: true });
    expect(changeStatus({ group: main, number: n.answered, actor: by, status: "in_progress", response: null, now: t0 - 2 * DAY })).toEqual({ ok: true });
    expect(castVote({ groupId: main.id, number: n.votedFor, userId: person.id, voted: true })).toMatchObject({ ok: true, voted: true });
    expect(castVote({ groupId: left.id, number: n.votedInLeftGroup, userId: person.id, voted: true })).toMatchObject({ ok: true, voted: true });
    expect(withdrawIdea({ group: main, number: n.withdrawn, userId: person.id, readOnly: false })).toEqual({ ok: true });
    expect(
      mergeIdeas({ group: main, fromNumber: n.mergedAway, intoNumber: n.target, actor: by, response: "Same as the other idea.", now: t0 - 1 * DAY }),
    ).toMatchObject({ ok: true });
  });

  type Row = { id: number; status: string; wrote: boolean; voted: boolean; mergedIntoNumber: number | null; latest: { html: string } | null };
  const load = async (query = "") => {
    const res = await callLoader(myIdeas as never, getRequest(`/my-ideas${query}`, { cookie }));
    expect(res.status).toBe(200);
    return res.data as { show: string; rows: Row[]; total: number };
  };
  const keyOf = (id: number) => Object.keys(ids).find((k) => ids[k] === id);

  it("lists the ideas the person wrote or voted for, newest activity first, never withdrawn ones", async () => {
    const { rows: listed, total, show } = await load();
    expect(show).toBe("all");
    expect(listed.map((r) => keyOf(r.id))).toEqual(["mergedAway", "answered", "inLeftGroup", "votedInLeftGroup", "votedFor"]);
    expect(total).toBe(5);
    expect(listed.map((r) => ({ key: keyOf(r.id), wrote: r.wrote, voted: r.voted }))).toEqual([
      { key: "mergedAway", wrote: true, voted: false },
      { key: "answered", wrote: true, voted: false },
      { key: "inLeftGroup", wrote: true, voted: false },
      { key: "votedInLeftGroup", wrote: false, voted: true },
      { key: "votedFor", wrote: false, voted: true },
    ]);
  });

  it("shows the latest official response, not an older one, and a merged idea with where it went", async () => {
    const listed = await load();
    const answered = listed.rows.find((r) => r.id === ids.answered)!;
    expect(answered.status).toBe("in_progress");
    expect(answered.latest?.html).toContain("Second response: planned for May.");
    expect(answered.latest?.html).not.toContain("First response");
    const merged = listed.rows.find((r) => r.id === ids.mergedAway)!;
    expect(merged).toMatchObject({ status: "merged", mergedIntoNumber: n.target });
    expect(merged.latest?.html).toContain("Same as the other idea.");
    expect(listed.rows.find((r) => r.id === ids.votedFor)!.latest).toBeNull();
    // The model hands the response over as written; the loader renders it.
    const model = listMemberIdeas({ userId: person.id, isStaff: false, show: "wrote", page: 1 }).rows.find((r) => r.id === ids.answered)!;
    expect(model.latest).toMatchObject({ response: "Second response: planned for May.", by: "Sanna Staff" });
  });

  it("filters: all, wrote, voted (an unknown filter is all)", async () => {
    const keys = async (query: string) => (await load(query)).rows.map((r) => keyOf(r.id));
    expect(await keys("?show=wrote")).toEqual(["mergedAway", "answered", "inLeftGroup"]);
    expect(await keys("?show=voted")).toEqual(["votedInLeftGroup", "votedFor"]);
    expect(await keys("?show=all")).toEqual(["mergedAway", "answered", "inLeftGroup", "votedInLeftGroup", "votedFor"]);
    expect(await keys("?show=everything")).toEqual(["mergedAway", "answered", "inLeftGroup", "votedInLeftGroup", "votedFor"]);
  });

  it("new activity moves an idea to the top", async () => {
    const said = addComment({
      group: main,
      number: n.votedFor,
      author: { id: person.id, name: person.name, role: person.role },
      body: "Any news?",
      parentId: null,
    });
    expect(said.ok).toBe(true);
    expect((await load()).rows.map((r) => keyOf(r.id))[0]).toBe("votedFor");
  });

  it("after leaving a group, its ideas (written or voted for) are no longer listed", async () => {
    expect(leaveGroup({ group: left, userId: person.id })).toBe(true);
    const { rows: listed, total } = await load();
    expect(listed.map((r) => keyOf(r.id)).sort()).toEqual(["answered", "mergedAway", "votedFor"]);
    expect(total).toBe(3);
    expect((await load("?show=voted")).rows.map((r) => keyOf(r.id))).toEqual(["votedFor"]);
  });
});
