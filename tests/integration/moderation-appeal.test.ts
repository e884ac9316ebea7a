// appealItem called directly (execute): the author of a hidden idea or comment may ask for a review once; the item
// returns to the queue (a case of origin "appeal", or appeal_note on the case already open); everyone else, a
// shown / held / erased item, and a second appeal are refused, and a refusal writes nothing.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { execute, type Actor } from "../../app/commands/command.server";
import { db, schema } from "../../app/db.server";
import type { DomainError } from "../../app/domain/errors";
import { appealItem } from "../../app/features/moderation/commands/appeal-item.server";
import { decideCase } from "../../app/features/moderation/commands/decide-case.server";
import { reportItem } from "../../app/features/moderation/commands/report-item.server";
import { myAppeals } from "../../app/features/moderation/queries/my-appeals.server";
import { statusOf } from "../../app/http/command-reply.server";
import { insertComment } from "../../app/models/comment.server";
import { appealedBefore } from "../../app/models/idea.server";
import { rows, snapshotOf } from "../support/db";
import { addMember, createUser, makeBoard, makeIdea } from "../support/factories";
import { actorFor } from "../support/ideas";
import { makePersonas, type Who } from "../support/personas";

const TABLES = ["moderation_cases", "moderation_decisions", "reports", "audit_log", "domain_events", "ideas", "comments"];
const snapshot = () => snapshotOf(TABLES);
const DAY = 86_400_000;

let world: Awaited<ReturnType<typeof makePersonas>>;
let actors: Record<Who | "muted", Actor>;

beforeAll(async () => {
  world = await makePersonas();
  const muted = await createUser({ name: "Muted Author" });
  addMember(world.group.id, muted.id);
  db()
    .insert(schema.memberMutes)
    .values({
      groupId: world.group.id,
      userId: muted.id,
      mutedBy: world.users.moderator.id,
      reason: "Cooling off",
      length: "1w",
      startsAt: Date.now(),
      endsAt: Date.now() + 7 * DAY,
    })
    .run();
  const who: Who[] = ["nonMember", "otherGroup", "banned", "member", "moderator", "author", "staff", "admin"];
  actors = { ...(Object.fromEntries(who.map((w) => [w, actorFor(world.users[w])])) as Record<Who, Actor>), muted: actorFor(muted.id) };
});

const outcome = (r: { ok: true } | { ok: false; error: DomainError }) => (r.ok ? "ok" : statusOf(r.error));
const newIdea = (authorId = world.users.author.id) => makeIdea({ groupId: world.group.id, boardId: world.board.id, authorId, title: `Idea ${Math.random()}` });
const hide = (itemType: "idea" | "comment", itemId: number) => {
  const r = execute(decideCase, actors.moderator, { groupId: world.group.id, itemType, itemId: String(itemId), decision: "hide", reason: "Rude wording" });
  expect(r.ok).toBe(true);
};
const hiddenIdea = (authorId = world.users.author.id) => {
  const i = newIdea(authorId);
  hide("idea", i.id);
  return i;
};
const appeal = (a: Actor, itemId: number, extra: Record<string, unknown> = {}, itemType: "idea" | "comment" = "idea") =>
  execute(appealItem, a, { groupId: world.group.id, itemType, itemId: String(itemId), ...extra });
const casesOf = (itemType: string, itemId: number) =>
  rows("SELECT origin, state, appeal_note AS note FROM moderation_cases WHERE item_type = ? AND item_id = ? ORDER BY id", itemType, String(itemId));

describe("appealItem", () => {
  it("the author of a hidden idea asks once: an open case of origin appeal with the note, audited, appeal.filed emitted", () => {
    const i = hiddenIdea();
    expect(appealedBefore("idea", String(i.id))).toBe(false);
    const r = appeal(actors.author, i.id, { note: "It was a quote, not my words." });
    expect(r.ok).toBe(true);
    // Hidden without reports (no case): the appeal opens one, marked appeal, with the note.
    expect(casesOf("idea", i.id)).toEqual([{ origin: "appeal", state: "open", note: "It was a quote, not my words." }]);
    expect(appealedBefore("idea", String(i.id))).toBe(true);
    expect(rows("SELECT actor_id, action FROM audit_log WHERE target_type = 'idea' AND target_id = ? AND action = 'moderation.appeal'", String(i.id))).toEqual([
      { actor_id: world.users.author.id, action: "moderation.appeal" },
    ]);
    const events = rows("SELECT payload FROM domain_events WHERE type = 'appeal.filed'").map((e) => JSON.parse(String(e.payload)));
    expect(events.filter((p) => p.itemId === String(i.id))).toEqual([
      { caseId: r.ok ? r.value.caseId : -1, itemType: "idea", itemId: String(i.id), authorId: world.users.author.id },
    ]);

    // A second appeal: 409 already, nothing written.
    const before = snapshot();
    const again = appeal(actors.author, i.id, { note: "Please?" });
    expect(outcome(again)).toBe(409);
    expect(!again.ok && again.error.messageKey).toBe("moderation.appeal.already");
    expect(snapshot()).toBe(before);

    // Even after the moderator decides the appeal (hidden stays hidden), it cannot be appealed again.
    const kept = execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "keep" });
    expect(kept.ok).toBe(true);
    const after = snapshot();
    expect(outcome(appeal(actors.author, i.id))).toBe(409);
    expect(snapshot()).toBe(after);
  });

  it("only the author: others 404 when they cannot see the hidden item, 403 when they can (reviewers); nothing written", () => {
    const i = hiddenIdea();
    const seen: Record<string, number | "ok"> = {};
    for (const who of ["nonMember", "otherGroup", "banned", "member", "muted", "moderator", "staff", "admin"] as const) {
      const before = snapshot();
      const r = appeal(actors[who], i.id);
      seen[who] = outcome(r);
      expect(snapshot(), `${who} was refused but something changed`).toBe(before);
    }
    expect(seen).toEqual({ nonMember: 404, otherGroup: 404, banned: 404, member: 404, muted: 404, moderator: 403, staff: 403, admin: 403 });
    // A shown idea: a member can see it, so 403; its author 409 (nothing to review).
    const shown = newIdea();
    const before = snapshot();
    expect(outcome(appeal(actors.member, shown.id))).toBe(403);
    const r = appeal(actors.author, shown.id);
    expect(outcome(r)).toBe(409);
    expect(!r.ok && r.error.messageKey).toBe("moderation.appeal.notHidden");
    expect(snapshot()).toBe(before);
    // Another group's idea id in this group: 404.
    const elsewhere = makeIdea({ groupId: world.other.id, boardId: makeBoard(world.other.id).id, authorId: world.users.otherGroup.id });
    const beforeElsewhere = snapshot();
    expect(outcome(appeal(actors.author, elsewhere.id))).toBe(404);
    expect(snapshot()).toBe(beforeElsewhere);
  });

  it("held and erased items are refused with 409; bad input 400; nothing written", () => {
    const held = newIdea();
    db().update(schema.ideas).set({ heldAt: Date.now(), hiddenAt: Date.now() }).where(eqId(held.id)).run();
    const erased = hiddenIdea();
    db().update(schema.ideas).set({ erasedAt: Date.now(), title: "", body: "" }).where(eqId(erased.id)).run();
    const i = hiddenIdea();
    const before = snapshot();
    const h = appeal(actors.author, held.id);
    expect(outcome(h)).toBe(409);
    expect(!h.ok && h.error.messageKey).toBe("moderation.appeal.held");
    const e = appeal(actors.author, erased.id);
    expect(outcome(e)).toBe(409);
    expect(!e.ok && e.error.messageKey).toBe("moderation.appeal.erased");
    expect(outcome(appeal(actors.author, i.id, { note: "x".repeat(1001) }))).toBe(400);
    expect(outcome(appeal(actors.author, i.id, { note: "bad \u0007 bell" }))).toBe(400);
    expect(outcome(appeal(actors.author, i.id, { note: "x".repeat(1_000_000) }))).toBe(400);
    expect(outcome(appeal(actors.author, i.id, { extra: 1 }))).toBe(400);
    expect(outcome(execute(appealItem, actors.author, { groupId: world.group.id, itemType: "update", itemId: String(i.id) }))).toBe(400);
    expect(snapshot()).toBe(before);
    // 1000 characters is fine.
    expect(outcome(appeal(actors.author, i.id, { note: "x".repeat(1000) }))).toBe("ok");
  });

  it("an archived (read-only) group takes no appeal: 409, nothing written; myAppeals offers no form there", () => {
    const i = hiddenIdea();
    expect(myAppeals({ ideaId: i.id, viewerId: world.users.author.id, readOnly: false })).toEqual({ [`idea:${i.id}`]: "open" });
    db().update(schema.groups).set({ archivedAt: Date.now() }).where(eq(schema.groups.id, world.group.id)).run();
    try {
      const before = snapshot();
      expect(outcome(appeal(actors.author, i.id))).toBe(409);
      expect(snapshot()).toBe(before);
      expect(myAppeals({ ideaId: i.id, viewerId: world.users.author.id, readOnly: true })).toEqual({});
    } finally {
      db().update(schema.groups).set({ archivedAt: null }).where(eq(schema.groups.id, world.group.id)).run();
    }
    expect(outcome(appeal(actors.author, i.id))).toBe("ok");
    expect(myAppeals({ ideaId: i.id, viewerId: world.users.author.id, readOnly: true })).toEqual({ [`idea:${i.id}`]: "done" });
    // Someone else's view of the page offers nothing.
    expect(myAppeals({ ideaId: i.id, viewerId: world.users.member.id, readOnly: false })).toEqual({});
  });

  it("an auto-hidden comment whose case is still open: the appeal sets appeal_note, the origin stays; a muted author may appeal", async () => {
    const i = newIdea(world.users.member.id);
    const c = db().transaction((tx) =>
      insertComment(tx, { groupId: world.group.id, number: i.number, author: actors.muted, body: "A heated comment", parentId: null, now: Date.now() }),
    );
    // Three reporters hide it automatically (default threshold 3); the case stays open.
    for (let k = 0; k < 3; k++) {
      const u = await createUser({ name: `Reporter ${k}` });
      addMember(world.group.id, u.id);
      expect(execute(reportItem, actorFor(u.id), { groupId: world.group.id, itemType: "comment", itemId: String(c.id), reason: "offensive" }).ok).toBe(true);
    }
    expect(casesOf("comment", c.id)).toEqual([{ origin: "reports", state: "open", note: null }]);
    // Someone who cannot see it now (an ordinary member): 404.
    expect(outcome(appeal(actors.member, c.id, {}, "comment"))).toBe(404);
    // The muted author, without a note.
    const r = appeal(actors.muted, c.id, {}, "comment");
    expect(r.ok).toBe(true);
    expect(casesOf("comment", c.id)).toEqual([{ origin: "reports", state: "open", note: "" }]);
    expect(appealedBefore("comment", String(c.id))).toBe(true);
    const before = snapshot();
    expect(outcome(appeal(actors.muted, c.id, { note: "Second try" }, "comment"))).toBe(409);
    expect(snapshot()).toBe(before);
  });
});

const eqId = (id: number) => eq(schema.ideas.id, id);
