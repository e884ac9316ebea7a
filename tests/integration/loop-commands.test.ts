// The feedback loop's commands called directly (execute), as the JSON API and scripts will call them: each refuses
// the personas it should with the status the pages give (outsiders 404, who may not act 403, then a read-only group
// 409, then the idea's own state), writes nothing when it refuses, and leaves telling people to its subscribers:
// nothing is notified or e-mailed inside the command, and everyone is told once the events are handled.
import { beforeAll, describe, expect, it } from "vitest";
import { execute, type Actor } from "../../app/commands/command.server";
import { db } from "../../app/db.server";
import type { DomainError } from "../../app/domain/errors";
import { drainEvents } from "../../app/events/dispatcher.server";
import { addNote } from "../../app/features/loop/commands/add-note.server";
import { changeStatus } from "../../app/features/loop/commands/change-status.server";
import { createSavedReply } from "../../app/features/loop/commands/create-saved-reply.server";
import { deleteSavedReply } from "../../app/features/loop/commands/delete-saved-reply.server";
import { mergeIdeas } from "../../app/features/loop/commands/merge-ideas.server";
import { unmergeIdea } from "../../app/features/loop/commands/unmerge-idea.server";
import { updateSavedReply } from "../../app/features/loop/commands/update-saved-reply.server";
import { statusOf } from "../../app/http/command-reply.server";
import { setGroupArchived } from "../../app/models/group.server";
import { setFollow, castVote } from "../../app/models/idea.server";
import { rows, snapshotOf, value } from "../support/db";
import { addMember, createUser, makeIdea } from "../support/factories";
import { actorFor } from "../support/ideas";
import { makePersonas, type Who } from "../support/personas";

const TABLES = [
  "ideas",
  "idea_events",
  "idea_merges",
  "idea_merge_moves",
  "idea_notes",
  "saved_replies",
  "votes",
  "follows",
  "notifications",
  "email_outbox",
  "audit_log",
  "domain_events",
];
const snapshot = () => snapshotOf(TABLES);
const WHO: readonly Who[] = ["nonMember", "otherGroup", "banned", "member", "moderator", "author", "staff", "admin"];
const DAY = 86_400_000;

let world: Awaited<ReturnType<typeof makePersonas>>;
let actors: Record<Who, Actor>;
beforeAll(async () => {
  world = await makePersonas();
  actors = Object.fromEntries(WHO.map((w) => [w, actorFor(world.users[w])])) as Record<Who, Actor>;
});

const idea = (groupId = world.group.id, boardId = world.board.id) =>
  makeIdea({ groupId, boardId, authorId: world.users.author.id, title: `Idea ${Math.random().toString(36).slice(2, 8)}` });
const outcome = (result: { ok: true } | { ok: false; error: DomainError }) => (result.ok ? "ok" : statusOf(result.error));
const staffOnly = { nonMember: 404, otherGroup: 404, banned: 404, member: 403, moderator: 403, author: 403, staff: "ok", admin: "ok" };

/** Runs `act` for every persona on a fresh target; a refusal must leave every table as it was. */
function matrix<T>(setup: () => T, act: (actor: Actor, target: T) => { ok: true } | { ok: false; error: DomainError }) {
  const seen: Record<string, number | "ok"> = {};
  for (const who of WHO) {
    const target = setup();
    const before = snapshot();
    const result = act(actors[who], target);
    seen[who] = outcome(result);
    if (!result.ok) expect(snapshot(), `${who} was refused but something changed`).toBe(before);
  }
  return seen;
}

describe("who may run the loop's commands (directly, without a route)", () => {
  it("changeStatus: staff and admins; outsiders 404, everyone else 403", () => {
    expect(matrix(idea, (a, i) => execute(changeStatus, a, { groupId: world.group.id, number: i.number, status: "planned", response: "Planned." }))).toEqual(
      staffOnly,
    );
  });

  it("addNote: staff and admins", () => {
    expect(matrix(idea, (a, i) => execute(addNote, a, { groupId: world.group.id, number: i.number, body: "Internal." }))).toEqual(staffOnly);
  });

  it("mergeIdeas: the group's moderators, staff and admins", () => {
    expect(
      matrix(
        () => ({ from: idea(), into: idea() }),
        (a, t) => execute(mergeIdeas, a, { groupId: world.group.id, fromNumber: t.from.number, intoNumber: t.into.number, response: null }),
      ),
    ).toEqual({ ...staffOnly, moderator: "ok" });
  });

  it("unmergeIdea: staff and admins", () => {
    const merged = () => {
      const from = idea();
      const into = idea();
      expect(execute(mergeIdeas, actors.staff, { groupId: world.group.id, fromNumber: from.number, intoNumber: into.number, response: null }).ok).toBe(true);
      return from;
    };
    expect(matrix(merged, (a, from) => execute(unmergeIdea, a, { groupId: world.group.id, number: from.number }))).toEqual(staffOnly);
  });

  it("saved replies: staff and admins, whatever group they are in (403 for everyone else)", () => {
    const reply = () => Number(db().$client.prepare("INSERT INTO saved_replies (title, body) VALUES ('Fixture', 'Hei {name}') RETURNING id").pluck().get());
    const orgStaffOnly = { nonMember: 403, otherGroup: 403, banned: 403, member: 403, moderator: 403, author: 403, staff: "ok", admin: "ok" };
    expect(
      matrix(
        () => null,
        (a) => execute(createSavedReply, a, { title: "Thanks", body: "Hei {name}" }),
      ),
    ).toEqual(orgStaffOnly);
    expect(matrix(reply, (a, id) => execute(updateSavedReply, a, { id, title: "Renamed", body: "Hi" }))).toEqual(orgStaffOnly);
    expect(matrix(reply, (a, id) => execute(deleteSavedReply, a, { id }))).toEqual(orgStaffOnly);
    // A reply that is gone: 404 for staff.
    expect(outcome(execute(updateSavedReply, actors.staff, { id: 999_999, title: "Renamed", body: "Hi" }))).toBe(404);
    expect(outcome(execute(deleteSavedReply, actors.staff, { id: 999_999 }))).toBe(404);
  });

  it("a read-only group: who may not act still gets 403 first, who may gets 409 with the read-only message", async () => {
    const archived = await makePersonas();
    const i = makeIdea({ groupId: archived.group.id, boardId: archived.board.id, authorId: archived.users.author.id, title: "In an archived group" });
    const j = makeIdea({ groupId: archived.group.id, boardId: archived.board.id, authorId: archived.users.author.id, title: "Another one" });
    setGroupArchived({ actorId: archived.users.admin.id, groupId: archived.group.id, archived: true });
    const as = (who: Who) => actorFor(archived.users[who]);
    const before = snapshot();
    for (const [who, expected] of [
      ["member", 403],
      ["moderator", 403],
      ["staff", 409],
      ["admin", 409],
    ] as const) {
      const status = execute(changeStatus, as(who), { groupId: archived.group.id, number: i.number, status: "planned", response: "x" });
      expect(outcome(status), who).toBe(expected);
      expect(outcome(execute(addNote, as(who), { groupId: archived.group.id, number: i.number, body: "x" })), who).toBe(expected);
      expect(outcome(execute(unmergeIdea, as(who), { groupId: archived.group.id, number: i.number })), who).toBe(expected);
      if (!status.ok && expected === 409) expect(status.error.messageKey).toBe("groups.readOnlyError");
    }
    // Moderators merge: in a read-only group they get the 409 too.
    expect(outcome(execute(mergeIdeas, as("member"), { groupId: archived.group.id, fromNumber: i.number, intoNumber: j.number, response: null }))).toBe(403);
    expect(outcome(execute(mergeIdeas, as("moderator"), { groupId: archived.group.id, fromNumber: i.number, intoNumber: j.number, response: null }))).toBe(409);
    expect(snapshot()).toBe(before);
  });
});

describe("what the loop's commands refuse about the idea itself", () => {
  it("changeStatus: unknown idea 404, withdrawn or merged 409, done without a response 400, nothing changed 400, bad input 400", () => {
    const staff = actors.staff;
    const g = world.group.id;
    const withdrawn = idea();
    db().$client.prepare("UPDATE ideas SET withdrawn_at = ? WHERE id = ?").run(Date.now(), withdrawn.id);
    const open = idea();
    const before = snapshot();
    const refused = (input: unknown) => {
      const r = execute(changeStatus, staff, input);
      return r.ok ? "ok" : [statusOf(r.error), r.error.messageKey];
    };
    expect(refused({ groupId: g, number: 999_999, status: "planned", response: null })).toEqual([404, null]);
    expect(refused({ groupId: g, number: withdrawn.number, status: "planned", response: null })).toEqual([409, "loop.error.closed"]);
    expect(refused({ groupId: g, number: open.number, status: "done", response: null })).toEqual([400, "loop.error.responseRequired"]);
    expect(refused({ groupId: g, number: open.number, status: "declined", response: "" })).toEqual([400, "loop.error.responseRequired"]);
    expect(refused({ groupId: g, number: open.number, status: "open", response: null })).toEqual([400, "loop.error.unchanged"]);
    expect(refused({ groupId: g, number: open.number, status: "merged", response: null })).toEqual([400, null]);
    expect(refused({ groupId: g, number: "1", status: "planned", response: null })).toEqual([400, null]);
    expect(refused({ groupId: "no-such-group", number: open.number, status: "planned", response: null })).toEqual([404, null]);
    expect(snapshot()).toBe(before);
  });

  it("mergeIdeas: the other idea missing or the same 400, a closed one 409, a committed idea 403 with why for moderators", () => {
    const g = world.group.id;
    const a = idea();
    const b = idea();
    const planned = idea();
    expect(execute(changeStatus, actors.staff, { groupId: g, number: planned.number, status: "planned", response: "Yes." }).ok).toBe(true);
    drainEvents();
    const before = snapshot();
    const refused = (who: Who, from: number, into: number) => {
      const r = execute(mergeIdeas, actors[who], { groupId: g, fromNumber: from, intoNumber: into, response: null });
      return r.ok ? "ok" : [statusOf(r.error), r.error.messageKey];
    };
    expect(refused("staff", a.number, 999_999)).toEqual([400, "loop.error.merge.notFound"]);
    expect(refused("staff", a.number, a.number)).toEqual([400, "loop.error.merge.same"]);
    expect(refused("moderator", planned.number, b.number)).toEqual([403, "loop.error.merge.staffOnly"]);
    expect(snapshot()).toBe(before);
    expect(refused("staff", planned.number, b.number)).toBe("ok");
    expect(refused("staff", planned.number, a.number)).toEqual([409, "loop.error.merge.closed"]);
  });

  it("unmergeIdea: unknown 404, not merged 409, past the window 409, target merged on 409", () => {
    const g = world.group.id;
    const refused = (number: number) => {
      const r = execute(unmergeIdea, actors.staff, { groupId: g, number });
      return r.ok ? "ok" : [statusOf(r.error), r.error.messageKey];
    };
    const a = idea();
    const b = idea();
    const c = idea();
    expect(refused(999_999)).toEqual([404, null]);
    expect(refused(a.number)).toEqual([409, "loop.error.unmerge.notMerged"]);
    expect(
      execute(mergeIdeas, actors.staff, { groupId: g, fromNumber: a.number, intoNumber: b.number, response: null }, { now: Date.now() - 31 * DAY }).ok,
    ).toBe(true);
    expect(refused(a.number)).toEqual([409, "loop.error.unmerge.expired"]);
    const d = idea();
    expect(execute(mergeIdeas, actors.staff, { groupId: g, fromNumber: d.number, intoNumber: c.number, response: null }).ok).toBe(true);
    expect(execute(mergeIdeas, actors.staff, { groupId: g, fromNumber: c.number, intoNumber: b.number, response: null }).ok).toBe(true);
    expect(refused(d.number)).toEqual([409, "loop.error.unmerge.targetMerged"]);
    expect(refused(c.number)).toBe("ok");
    expect(refused(d.number)).toBe("ok");
  });
});

describe("side effects come from the subscribers, after the commit", () => {
  it("changeStatus writes no notification or e-mail itself; its event tells everyone who cared once", async () => {
    drainEvents();
    const i = idea();
    const voter = await createUser({ name: "Voting Member" });
    addMember(world.group.id, voter.id);
    expect(castVote({ groupId: world.group.id, number: i.number, userId: voter.id, voted: true })).toMatchObject({ ok: true });
    const notes = () => Number(value("SELECT count(*) FROM notifications"));
    const mails = () => Number(value("SELECT count(*) FROM email_outbox"));
    const [n0, m0] = [notes(), mails()];
    const last = Number(value("SELECT coalesce(max(id), 0) FROM notifications"));
    const result = execute(changeStatus, actors.staff, { groupId: world.group.id, number: i.number, status: "planned", response: "Coming." });
    expect(result.ok).toBe(true);
    expect([notes(), mails()]).toEqual([n0, m0]);
    expect(
      rows(
        "SELECT type, json_extract(payload, '$.ideaId') AS ideaId, json_extract(payload, '$.to') AS status FROM domain_events WHERE json_extract(payload, '$.ideaId') = ?",
        i.id,
      ),
    ).toEqual([{ type: "idea.status_changed", ideaId: i.id, status: "planned" }]);
    drainEvents();
    // Handling the events again tells nobody twice.
    drainEvents();
    expect(rows("SELECT user_id, kind FROM notifications WHERE id > ? ORDER BY user_id", last)).toEqual(
      [world.users.author.id, voter.id].sort().map((id) => ({ user_id: id, kind: "status" })),
    );
    expect(notes() - n0).toBe(2);
    expect(mails() - m0).toBe(2);
  });

  it("a merge tells the source's author, voters and followers (not the actor) by the ideas.merged subscriber; undoing it tells the author in the app only", async () => {
    drainEvents();
    const from = idea();
    const into = idea();
    const voter = await createUser({ name: "Merge Voter" });
    const follower = await createUser({ name: "Merge Follower" });
    addMember(world.group.id, voter.id);
    addMember(world.group.id, follower.id);
    expect(castVote({ groupId: world.group.id, number: from.number, userId: voter.id, voted: true })).toMatchObject({ ok: true });
    expect(setFollow({ groupId: world.group.id, number: from.number, userId: follower.id, following: true })).toMatchObject({ ok: true });
    const last = Number(value("SELECT coalesce(max(id), 0) FROM notifications"));
    const merged = execute(mergeIdeas, actors.moderator, {
      groupId: world.group.id,
      fromNumber: from.number,
      intoNumber: into.number,
      response: "Same thing.",
    });
    expect(merged.ok).toBe(true);
    expect(Number(value("SELECT count(*) FROM notifications WHERE id > ?", last))).toBe(0);
    drainEvents();
    const told = rows("SELECT user_id, kind, json_extract(data, '$.number') AS number FROM notifications WHERE id > ? ORDER BY user_id", last);
    const expected = [world.users.author.id, voter.id, follower.id].sort().map((id) => ({ user_id: id, kind: "merged", number: String(into.number) }));
    expect(told).toEqual(expected);
    // Handling the events again tells nobody twice.
    drainEvents();
    expect(rows("SELECT id FROM notifications WHERE id > ?", last)).toHaveLength(3);

    const afterMerge = Number(value("SELECT coalesce(max(id), 0) FROM notifications"));
    const mailsBefore = Number(value("SELECT count(*) FROM email_outbox"));
    expect(execute(unmergeIdea, actors.staff, { groupId: world.group.id, number: from.number }).ok).toBe(true);
    drainEvents();
    expect(rows("SELECT user_id, kind, json_extract(data, '$.from') AS fromStatus FROM notifications WHERE id > ?", afterMerge)).toEqual([
      { user_id: world.users.author.id, kind: "status", fromStatus: "merged" },
    ]);
    expect(Number(value("SELECT count(*) FROM email_outbox"))).toBe(mailsBefore);
  });
});
