// Moderation's commands called directly (execute), as the pages, the JSON API and scripts call them: who may report,
// decide and mute among the eight personas and a muted member (a refusal writes nothing), auto-hide at the group's
// threshold exactly once, bad input refused with the right status, and the counters the triggers keep equal to
// COUNT(*) after hundreds of random moderation operations.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { execute, type Actor } from "../../app/commands/command.server";
import { db, schema } from "../../app/db.server";
import type { DomainError } from "../../app/domain/errors";
import { addComment } from "../../app/features/ideas/commands/add-comment.server";
import { castVote } from "../../app/features/ideas/commands/cast-vote.server";
import { editIdea } from "../../app/features/ideas/commands/edit-idea.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import { decideCase } from "../../app/features/moderation/commands/decide-case.server";
import { muteMember, unmuteMember } from "../../app/features/moderation/commands/mute-member.server";
import { decideHeld } from "../../app/features/moderation/commands/decide-held.server";
import { eraseItem } from "../../app/features/moderation/commands/erase-item.server";
import { reportItem } from "../../app/features/moderation/commands/report-item.server";
import { withdrawReport } from "../../app/features/moderation/commands/withdraw-report.server";
import { loadItem } from "../../app/features/moderation/items.server";
import { statusOf } from "../../app/http/command-reply.server";
import { insertComment } from "../../app/models/comment.server";
import { rows, snapshotOf, value } from "../support/db";
import { addMember, createUser, makeBoard, makeGroup, makeIdea } from "../support/factories";
import { actorFor } from "../support/ideas";
import { makePersonas, type Who } from "../support/personas";
import { eq } from "drizzle-orm";

const TABLES = [
  "ideas",
  "comments",
  "group_posts",
  "memberships",
  "boards",
  "groups",
  "moderation_cases",
  "reports",
  "moderation_decisions",
  "member_mutes",
  "votes",
  "audit_log",
  "domain_events",
];
const snapshot = () => snapshotOf(TABLES);
type Persona = Who | "muted";
const WHO: readonly Persona[] = ["nonMember", "otherGroup", "banned", "member", "moderator", "author", "staff", "admin", "muted"];
const DAY = 86_400_000;

let world: Awaited<ReturnType<typeof makePersonas>>;
let actors: Record<Persona, Actor>;
/** Members who file the reports a scene needs (each files a few: the daily limit is 20 a person). */
const reporters: Actor[] = [];
let turn = 0;
const reporter = () => reporters[turn++ % reporters.length]!;

/** An active member of the world's group (a fresh account). */
async function newMember(groupId = world.group.id) {
  const u = await createUser({ name: `Member ${Math.random().toString(36).slice(2, 7)}` });
  addMember(groupId, u.id);
  return actorFor(u.id);
}

beforeAll(async () => {
  world = await makePersonas();
  const muted = await createUser({ name: "Muted Member" });
  addMember(world.group.id, muted.id);
  for (let k = 0; k < 40; k++) reporters.push(await newMember());
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
  actors = Object.fromEntries([...WHO.filter((w) => w !== "muted").map((w) => [w, actorFor(world.users[w as Who])]), ["muted", actorFor(muted.id)]]) as Record<
    Persona,
    Actor
  >;
});

const idea = (authorId = world.users.author.id, groupId = world.group.id, boardId = world.board.id) =>
  makeIdea({ groupId, boardId, authorId, title: `Idea ${Math.random().toString(36).slice(2, 8)}`, body: "Call me at 040 123 4567 about it." });
const comment = (ideaNumber: number, authorId = world.users.author.id, groupId = world.group.id) =>
  db().transaction((tx) =>
    insertComment(tx, { groupId, number: ideaNumber, author: actorFor(authorId), body: "A comment to report", parentId: null, now: Date.now() }),
  );
const outcome = (result: { ok: true } | { ok: false; error: DomainError }) => (result.ok ? "ok" : statusOf(result.error));
const report = (a: Actor, itemId: number | string, extra: Record<string, unknown> = {}, groupId = world.group.id) =>
  execute(reportItem, a, { groupId, itemType: "idea", itemId: String(itemId), reason: "offensive", ...extra });

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
const outsiders = { nonMember: 404, otherGroup: 404, banned: 404 } as const;

describe("who may report, decide and mute (directly, without a route)", () => {
  it("reportItem: everyone in the group but the author (409) and a muted member (403); outsiders 404", () => {
    expect(
      matrix(
        () => idea(),
        (a, i) => report(a, i.id),
      ),
    ).toEqual({
      ...outsiders,
      member: "ok",
      moderator: "ok",
      staff: "ok",
      admin: "ok",
      author: 409,
      muted: 403,
    });
    // The muted member is told until when and why.
    const refused = report(actors.muted, idea().id);
    expect(!refused.ok && refused.error.messageKey).toBe("moderation.mute.blocked");
    expect(!refused.ok && refused.error.params?.reason).toBe("Cooling off");
  });

  it("decideCase: the group's moderators, staff and admins; never on their own content; moderators not on staff content", () => {
    const reported = () => {
      const i = idea();
      expect(report(reporter(), i.id).ok).toBe(true);
      return i;
    };
    const hide = (a: Actor, i: { id: number }) =>
      execute(decideCase, a, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "hide", reason: "Personal data" });
    expect(matrix(reported, hide)).toEqual({ ...outsiders, member: 403, author: 403, muted: 403, moderator: "ok", staff: "ok", admin: "ok" });
    // keep: the same people.
    const keep = (a: Actor, i: { id: number }) => execute(decideCase, a, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "keep" });
    expect(matrix(reported, keep)).toEqual({ ...outsiders, member: 403, author: 403, muted: 403, moderator: "ok", staff: "ok", admin: "ok" });
    // edit_out: staff and admins only.
    const editOut = (a: Actor, i: { id: number }) =>
      execute(decideCase, a, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "edit_out", find: "040 123 4567" });
    expect(matrix(reported, editOut)).toEqual({ ...outsiders, member: 403, author: 403, muted: 403, moderator: 403, staff: "ok", admin: "ok" });

    // Content by staff: the moderator may not decide (it waits for staff); staff not on their own.
    const byStaff = idea(world.users.staff.id);
    expect(report(reporter(), byStaff.id).ok).toBe(true);
    const before = snapshot();
    expect(outcome(hide(actors.moderator, byStaff))).toBe(403);
    expect(outcome(hide(actors.staff, byStaff))).toBe(403);
    expect(snapshot()).toBe(before);
    expect(outcome(hide(actors.admin, byStaff))).toBe("ok");
    // A moderator's own content: another moderator or staff decides.
    const byModerator = idea(world.users.moderator.id);
    expect(report(reporter(), byModerator.id).ok).toBe(true);
    expect(outcome(hide(actors.moderator, byModerator))).toBe(403);
    expect(outcome(hide(actors.staff, byModerator))).toBe("ok");
  });

  it("muteMember and unmuteMember: moderators mute ordinary members, staff and admins anyone; audited; events written", async () => {
    // A fresh ordinary member for each persona, made before the matrix takes its snapshots.
    const targets: Actor[] = [];
    for (let k = 0; k < WHO.length; k++) targets.push(await newMember());
    const result = matrix(
      () => null,
      (a) => execute(muteMember, a, { groupId: world.group.id, userId: targets.shift()!.id, length: "1d", reason: "Please calm down" }),
    );
    expect(result).toEqual({ ...outsiders, member: 403, author: 403, muted: 403, moderator: "ok", staff: "ok", admin: "ok" });

    // Moderators do not mute moderators; staff do. Nobody mutes themselves. Someone not in the group: 404.
    const mod2 = await createUser({ name: "Second moderator" });
    addMember(world.group.id, mod2.id, { role: "moderator" });
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: mod2.id, length: "1w", reason: "No" }))).toBe(403);
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: world.users.moderator.id, length: "1w", reason: "No" }))).toBe(403);
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: world.users.nonMember.id, length: "1w", reason: "No" }))).toBe(404);
    expect(outcome(execute(muteMember, actors.staff, { groupId: world.group.id, userId: mod2.id, length: "lifted", reason: "Until we talk" }))).toBe("ok");
    expect(rows("SELECT ends_at FROM member_mutes WHERE user_id = ? AND lifted_at IS NULL", mod2.id)).toEqual([{ ends_at: null }]);

    // A reason is required, and is one bounded text.
    const t = await newMember();
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: t.id, length: "1w", reason: "" }))).toBe(400);
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: t.id, length: "1y", reason: "Why" }))).toBe(400);

    // Muting again replaces the mute in force; unmuting lifts it; unmuting again is a conflict.
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: t.id, length: "1d", reason: "First" }))).toBe("ok");
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: t.id, length: "30d", reason: "Second" }))).toBe("ok");
    expect(rows("SELECT reason FROM member_mutes WHERE user_id = ? AND lifted_at IS NULL", t.id)).toEqual([{ reason: "Second" }]);
    expect(outcome(execute(unmuteMember, actors.member, { groupId: world.group.id, userId: t.id }))).toBe(403);
    expect(outcome(execute(unmuteMember, actors.moderator, { groupId: world.group.id, userId: t.id }))).toBe("ok");
    expect(value("SELECT count(*) FROM member_mutes WHERE user_id = ? AND lifted_at IS NULL", t.id)).toBe(0);
    expect(outcome(execute(unmuteMember, actors.moderator, { groupId: world.group.id, userId: t.id }))).toBe(409);
    expect(rows("SELECT action FROM audit_log WHERE target_id = ? ORDER BY id", t.id).map((r) => r.action)).toEqual([
      "moderation.mute",
      "moderation.mute",
      "moderation.unmute",
    ]);
    expect(rows("SELECT type FROM domain_events WHERE json_extract(payload, '$.userId') = ? ORDER BY id", t.id).map((r) => r.type)).toEqual([
      "member.muted",
      "member.muted",
      "member.unmuted",
    ]);
  });

  it("a muted member reads but cannot submit, edit, comment, vote or report; unmuted, they can again", async () => {
    const m = await newMember();
    const own = idea(m.id);
    expect(outcome(execute(muteMember, actors.moderator, { groupId: world.group.id, userId: m.id, length: "1d", reason: "Spam wave" }))).toBe("ok");
    const other = idea();
    const before = snapshot();
    const attempts = [
      execute(submitIdea, m, { groupId: world.group.id, boardId: world.board.id, title: "A new idea while muted", body: "" }),
      execute(editIdea, m, { groupId: world.group.id, number: own.number, title: "Edited while muted", body: "" }),
      execute(addComment, m, { groupId: world.group.id, number: other.number, body: "Muted comment" }),
      execute(castVote, m, { groupId: world.group.id, number: other.number, voted: true }),
      report(m, other.id),
    ];
    for (const a of attempts) {
      expect(outcome(a)).toBe(403);
      expect(!a.ok && a.error.messageKey).toBe("moderation.mute.blocked");
    }
    expect(snapshot()).toBe(before);
    // An ended mute no longer counts (the clock a day later).
    expect(outcome(execute(castVote, m, { groupId: world.group.id, number: other.number, voted: true }, { now: Date.now() + DAY + 1000 }))).toBe("ok");
    expect(outcome(execute(unmuteMember, actors.moderator, { groupId: world.group.id, userId: m.id }))).toBe("ok");
    expect(outcome(execute(addComment, m, { groupId: world.group.id, number: other.number, body: "Back again" }))).toBe("ok");
    expect(outcome(report(m, other.id))).toBe("ok");
  });
});

describe("reports", () => {
  it("one open report per person per item: reporting again updates it; withdrawing takes it back", () => {
    const i = idea();
    const first = report(actors.member, i.id, { reason: "spam" });
    expect(first.ok && first.value).toMatchObject({ reportCount: 1, updated: false, autoHidden: false });
    const again = report(actors.member, i.id, { reason: "personal_data", note: "It has a phone number" });
    expect(again.ok && again.value).toMatchObject({ reportCount: 1, updated: true });
    expect(rows("SELECT reason, note FROM reports WHERE item_id = ?", String(i.id))).toEqual([{ reason: "personal_data", note: "It has a phone number" }]);
    expect(outcome(execute(withdrawReport, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(i.id) }))).toBe(404);
    const withdrawn = execute(withdrawReport, actors.member, { groupId: world.group.id, itemType: "idea", itemId: String(i.id) });
    expect(withdrawn.ok && withdrawn.value).toEqual({ reportCount: 0 });
    expect(value("SELECT report_count FROM moderation_cases WHERE item_id = ? AND item_type = 'idea'", String(i.id))).toBe(0);
    expect(outcome(execute(withdrawReport, actors.member, { groupId: world.group.id, itemType: "idea", itemId: String(i.id) }))).toBe(404);
    // Reporting again after a withdrawal is a new report in the same open case.
    const back = report(actors.member, i.id);
    expect(back.ok && back.value).toMatchObject({ reportCount: 1, updated: false, caseId: first.ok ? first.value.caseId : -1 });
  });

  it("comments, updates and introductions are reported too; a hidden comment leaves comment_count", async () => {
    const i = idea();
    const c = comment(i.number);
    expect(value("SELECT comment_count FROM ideas WHERE id = ?", i.id)).toBe(1);
    expect(outcome(execute(reportItem, reporter(), { groupId: world.group.id, itemType: "comment", itemId: String(c.id), reason: "spam" }))).toBe("ok");
    expect(
      outcome(execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "comment", itemId: String(c.id), decision: "hide", reason: "Spam" })),
    ).toBe("ok");
    expect(value("SELECT comment_count FROM ideas WHERE id = ?", i.id)).toBe(0);
    expect(value("SELECT listed FROM comments WHERE id = ?", c.id)).toBe(0);
    expect(outcome(execute(decideCase, actors.staff, { groupId: world.group.id, itemType: "comment", itemId: String(c.id), decision: "restore" }))).toBe("ok");
    expect(value("SELECT comment_count FROM ideas WHERE id = ?", i.id)).toBe(1);

    const postId = `post-${Math.random().toString(36).slice(2, 8)}`;
    db()
      .insert(schema.groupPosts)
      .values({ id: postId, groupId: world.group.id, authorId: world.users.moderator.id, title: "News", body: "Update text" })
      .run();
    expect(outcome(execute(reportItem, reporter(), { groupId: world.group.id, itemType: "update", itemId: postId, reason: "off_topic" }))).toBe("ok");
    expect(
      outcome(execute(decideCase, actors.staff, { groupId: world.group.id, itemType: "update", itemId: postId, decision: "hide", reason: "Off-topic" })),
    ).toBe("ok");
    expect(value("SELECT hidden_reason FROM group_posts WHERE id = ?", postId)).toBe("Off-topic");

    db().update(schema.memberships).set({ intro: "I am the author" }).where(eq(schema.memberships.userId, world.users.author.id)).run();
    expect(outcome(execute(reportItem, reporter(), { groupId: world.group.id, itemType: "intro", itemId: world.users.author.id, reason: "other" }))).toBe("ok");
    expect(
      outcome(
        execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "intro", itemId: world.users.author.id, decision: "hide", reason: "Rude" }),
      ),
    ).toBe("ok");
    expect(
      rows("SELECT intro_hidden_reason AS r, intro_hidden_by AS b FROM memberships WHERE group_id = ? AND user_id = ?", world.group.id, world.users.author.id),
    ).toEqual([{ r: "Rude", b: world.users.moderator.id }]);
    // A hidden item is not reported again.
    const r = execute(reportItem, actors.staff, { groupId: world.group.id, itemType: "intro", itemId: world.users.author.id, reason: "other" });
    expect(outcome(r)).toBe(409);
    expect(!r.ok && r.error.messageKey).toBe("moderation.report.alreadyHidden");
    expect(loadItem(db(), world.group.id, { itemType: "intro", itemId: world.users.author.id })?.hiddenReason).toBe("Rude");
  });

  it("bad input: unknown reason or type, a 1 MB note, another group's item, a gone item, one's own item, the 21st report in a day", async () => {
    const i = idea();
    const before = snapshot();
    const invalid = report(actors.member, i.id, { reason: "boring" });
    expect(outcome(invalid)).toBe(400);
    expect(!invalid.ok && invalid.error.fieldErrors?.reason).toEqual(["moderation.report.reasonInvalid"]);
    expect(outcome(report(actors.member, i.id, { note: "x".repeat(1_000_000) }))).toBe(400);
    expect(outcome(report(actors.member, i.id, { note: "x".repeat(1001) }))).toBe(400);
    expect(outcome(report(actors.member, i.id, { note: "bad\u0000byte" }))).toBe(400);
    expect(outcome(report(actors.member, i.id, { itemType: "board" }))).toBe(400);
    expect(outcome(report(actors.member, i.id, { extra: 1 }))).toBe(400);
    expect(outcome(report(actors.member, "../1"))).toBe(400);
    expect(snapshot()).toBe(before);
    // Another group's idea, named with this group's id (and with its own group's id by someone not in it).
    const otherBoard = makeBoard(world.other.id);
    const foreign = makeIdea({ groupId: world.other.id, boardId: otherBoard.id, authorId: world.users.otherGroup.id, title: "Elsewhere" });
    expect(outcome(report(actors.member, foreign.id))).toBe(404);
    expect(outcome(report(actors.member, foreign.id, {}, world.other.id))).toBe(404);
    expect(outcome(report(actors.member, 999_999_999))).toBe(404);
    expect(outcome(execute(reportItem, actors.member, { groupId: world.group.id, itemType: "update", itemId: "nope", reason: "spam" }))).toBe(404);
    // Withdrawn and merged ideas, deleted comments.
    const withdrawnIdea = idea();
    db().update(schema.ideas).set({ withdrawnAt: Date.now() }).where(eq(schema.ideas.id, withdrawnIdea.id)).run();
    const mergedIdea = idea();
    db().update(schema.ideas).set({ status: "merged" }).where(eq(schema.ideas.id, mergedIdea.id)).run();
    const deleted = comment(i.number);
    db().update(schema.comments).set({ deletedAt: Date.now() }).where(eq(schema.comments.id, deleted.id)).run();
    const before2 = snapshot();
    expect(outcome(report(actors.member, withdrawnIdea.id))).toBe(404);
    expect(outcome(report(actors.member, mergedIdea.id))).toBe(404);
    expect(outcome(execute(reportItem, actors.member, { groupId: world.group.id, itemType: "comment", itemId: String(deleted.id), reason: "spam" }))).toBe(404);
    const own = report(actors.author, i.id);
    expect(outcome(own)).toBe(409);
    expect(!own.ok && own.error.messageKey).toBe("moderation.report.own");
    expect(snapshot()).toBe(before2);

    // 20 new reports in 24 hours, then 429 (updating an open report is not a new one).
    const busy = await newMember();
    const start = Date.now();
    const targets = Array.from({ length: 21 }, () => idea());
    for (const [k, t] of targets.slice(0, 20).entries()) expect(outcome(report(busy, t.id, {}, world.group.id)), `report ${k}`).toBe("ok");
    const snap = snapshot();
    const limited = report(busy, targets[20]!.id);
    expect(outcome(limited)).toBe(429);
    expect(!limited.ok && limited.error.retryAfterMs).toBeGreaterThan(DAY - 60_000);
    expect(snapshot()).toBe(snap);
    expect(outcome(report(busy, targets[0]!.id, { reason: "spam" }))).toBe("ok");
    // A day later the window has moved on.
    expect(
      outcome(
        execute(
          reportItem,
          busy,
          { groupId: world.group.id, itemType: "idea", itemId: String(targets[20]!.id), reason: "spam" },
          { now: start + DAY + 60_000 },
        ),
      ),
    ).toBe("ok");
  });
});

describe("decisions", () => {
  it("deciding a case decided a moment ago: 409 'already decided by X', nothing repeated", () => {
    const i = idea();
    const who = reporter();
    const filed = report(who, i.id);
    const caseId = filed.ok ? filed.value.caseId : -1;
    const input = { groupId: world.group.id, itemType: "idea", itemId: String(i.id), caseId };
    expect(outcome(execute(decideCase, actors.moderator, { ...input, decision: "hide", reason: "Offensive" }))).toBe("ok");
    const before = snapshot();
    const late = execute(decideCase, actors.staff, { ...input, decision: "keep" });
    expect(outcome(late)).toBe(409);
    expect(!late.ok && late.error.messageKey).toBe("moderation.decide.already");
    expect(!late.ok && late.error.params?.name).toBe(world.users.moderator.name);
    expect(!late.ok && late.error.detail?.decision).toBe("hide");
    expect(snapshot()).toBe(before);
    // The case is decided once, its report closed; the reporter is named in the event.
    expect(rows("SELECT state, decision, decided_by AS by FROM moderation_cases WHERE id = ?", caseId)).toEqual([
      { state: "decided", decision: "hide", by: world.users.moderator.id },
    ]);
    expect(value("SELECT count(*) FROM reports WHERE case_id = ? AND closed_at IS NULL", caseId)).toBe(0);
    const event = rows("SELECT payload FROM domain_events WHERE type = 'moderation.decided' AND json_extract(payload, '$.caseId') = ?", caseId);
    expect(event).toHaveLength(1);
    expect(JSON.parse(event[0]!.payload as string)).toMatchObject({
      decision: "hide",
      reason: "Offensive",
      reporterIds: [who.id],
      authorId: world.users.author.id,
    });
    expect(rows("SELECT action, details FROM audit_log WHERE target_type = 'idea' AND target_id = ? ORDER BY id", String(i.id)).map((r) => r.action)).toEqual([
      "moderation.hide",
    ]);
    // hide needs a reason; restore needs a hidden item; keep needs an open case.
    const j = idea();
    expect(outcome(execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(j.id), decision: "hide" }))).toBe(400);
    expect(outcome(execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(j.id), decision: "restore" }))).toBe(409);
    expect(outcome(execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(j.id), decision: "keep" }))).toBe(409);
    expect(outcome(execute(decideCase, actors.moderator, { ...input, decision: "restore" }))).toBe(409); // the case is decided
    expect(outcome(execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "restore" }))).toBe("ok");
  });

  it("a reported comment deleted by its writer: only keep (dismiss the reports) is left; a held post is not decided here", () => {
    const i = idea();
    const c = comment(i.number);
    const input = { groupId: world.group.id, itemType: "comment", itemId: String(c.id) };
    expect(outcome(execute(reportItem, reporter(), { ...input, reason: "spam" }))).toBe("ok");
    db().update(schema.comments).set({ deletedAt: Date.now() }).where(eq(schema.comments.id, c.id)).run();
    const before = snapshot();
    expect(outcome(execute(decideCase, actors.moderator, { ...input, decision: "hide", reason: "Spam" }))).toBe(404);
    expect(snapshot()).toBe(before);
    expect(outcome(execute(decideCase, actors.moderator, { ...input, decision: "keep" }))).toBe("ok");
    expect(value("SELECT count(*) FROM moderation_cases WHERE item_type = 'comment' AND item_id = ? AND state = 'open'", String(c.id))).toBe(0);

    const held = idea();
    db().update(schema.ideas).set({ heldAt: Date.now() }).where(eq(schema.ideas.id, held.id)).run();
    const before2 = snapshot();
    const r = execute(decideCase, actors.staff, { groupId: world.group.id, itemType: "idea", itemId: String(held.id), decision: "hide", reason: "No" });
    expect(outcome(r)).toBe(409);
    expect(!r.ok && r.error.messageKey).toBe("moderation.decide.held");
    expect(outcome(report(reporter(), held.id))).toBe(404); // nobody but the author and reviewers sees it
    expect(snapshot()).toBe(before2);
  });

  it("edit_out replaces the text and keeps the original in the decision", () => {
    const i = idea();
    expect(report(reporter(), i.id, { reason: "personal_data" }).ok).toBe(true);
    expect(
      outcome(
        execute(decideCase, actors.staff, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "edit_out", find: "nothing like this" }),
      ),
    ).toBe(400);
    expect(
      outcome(
        execute(decideCase, actors.staff, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "edit_out", find: "040 123 4567" }),
      ),
    ).toBe("ok");
    expect(value("SELECT body FROM ideas WHERE id = ?", i.id)).toBe("Call me at [removed] about it.");
    expect(
      JSON.parse(
        value("SELECT original_text FROM moderation_decisions WHERE item_type = 'idea' AND item_id = ? AND decision = 'edit_out'", String(i.id)) as string,
      ).body,
    ).toBe("Call me at 040 123 4567 about it.");
    expect(value("SELECT state FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?", String(i.id))).toBe("decided");
  });
});

describe("auto-hide", () => {
  it("hides at the group's threshold of distinct reporters (3), once; keep shows it again", async () => {
    const i = idea();
    const board = () => value("SELECT idea_count FROM boards WHERE id = ?", world.board.id) as number;
    const waiting = () => value("SELECT waiting_count FROM groups WHERE id = ?", world.group.id) as number;
    const [count0, waiting0] = [board(), waiting()];
    const reporters = [await newMember(), await newMember(), await newMember(), await newMember()];
    const results = reporters.slice(0, 3).map((r) => report(r, i.id));
    expect(results.map((r) => r.ok && r.value.autoHidden)).toEqual([false, false, true]);
    expect(rows("SELECT listed, hidden_by AS by, hidden_reason AS reason FROM ideas WHERE id = ?", i.id)).toEqual([{ listed: 0, by: null, reason: null }]);
    expect([board(), waiting()]).toEqual([count0 - 1, waiting0 - 1]);
    expect(outcome(report(reporters[3]!, i.id))).toBe(409);
    expect(value("SELECT count(*) FROM domain_events WHERE type = 'item.auto_hidden' AND json_extract(payload, '$.itemId') = ?", String(i.id))).toBe(1);
    expect(rows("SELECT decision FROM moderation_decisions WHERE item_type = 'idea' AND item_id = ?", String(i.id))).toEqual([{ decision: "auto_hide" }]);
    expect(
      rows("SELECT state, report_count AS n, auto_hidden_at IS NOT NULL AS auto FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?", String(i.id)),
    ).toEqual([{ state: "open", n: 3, auto: 1 }]);
    // Kept: shown again, the case decided, and the counters back.
    expect(outcome(execute(decideCase, actors.moderator, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "keep" }))).toBe("ok");
    expect(value("SELECT listed FROM ideas WHERE id = ?", i.id)).toBe(1);
    expect([board(), waiting()]).toEqual([count0, waiting0]);
  });

  it("off: no threshold, no hiding; staff and admins' content is never auto-hidden (it waits in the queue)", async () => {
    const off = makeGroup();
    db().update(schema.groups).set({ autoHideThreshold: null }).where(eq(schema.groups.id, off.id)).run();
    const offBoard = makeBoard(off.id);
    const author = await newMember(off.id);
    const i = makeIdea({ groupId: off.id, boardId: offBoard.id, authorId: author.id, title: "Never auto-hidden" });
    for (let k = 0; k < 6; k++) {
      const r = report(await newMember(off.id), i.id, {}, off.id);
      expect(r.ok && r.value.autoHidden).toBe(false);
    }
    expect(value("SELECT listed FROM ideas WHERE id = ?", i.id)).toBe(1);
    expect(value("SELECT report_count FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?", String(i.id))).toBe(6);

    for (const who of ["staff", "admin"] as const) {
      const s = idea(world.users[who].id);
      for (let k = 0; k < 4; k++) expect(report(await newMember(), s.id).ok).toBe(true);
      expect(value("SELECT hidden_at FROM ideas WHERE id = ?", s.id)).toBe(null);
      expect(rows("SELECT state, report_count AS n, auto_hidden_at AS a FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?", String(s.id))).toEqual(
        [{ state: "open", n: 4, a: null }],
      );
    }
  });

  it("exactly once: 50 members report one comment, one auto-hide event and one auto_hide decision", async () => {
    const g = makeGroup();
    db().update(schema.groups).set({ autoHideThreshold: 10 }).where(eq(schema.groups.id, g.id)).run();
    const b = makeBoard(g.id);
    const author = await newMember(g.id);
    const i = makeIdea({ groupId: g.id, boardId: b.id, authorId: author.id, title: "Reported" });
    const c = comment(i.number, author.id, g.id);
    const members: Actor[] = [];
    for (let k = 0; k < 50; k++) members.push(await newMember(g.id));
    const outcomes = members.map((m) => outcome(execute(reportItem, m, { groupId: g.id, itemType: "comment", itemId: String(c.id), reason: "offensive" })));
    // Ten reports hide it; the other forty find it hidden (409) and write nothing.
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
    expect(outcomes.filter((o) => o === 409)).toHaveLength(40);
    expect(value("SELECT count(*) FROM domain_events WHERE type = 'item.auto_hidden' AND json_extract(payload, '$.itemId') = ?", String(c.id))).toBe(1);
    expect(value("SELECT count(*) FROM moderation_decisions WHERE decision = 'auto_hide' AND item_type = 'comment' AND item_id = ?", String(c.id))).toBe(1);
    expect(value("SELECT count(*) FROM reports WHERE item_type = 'comment' AND item_id = ?", String(c.id))).toBe(10);
    expect(value("SELECT comment_count FROM ideas WHERE id = ?", i.id)).toBe(0);
  });
});

const ROOT = path.resolve(import.meta.dirname, "../..");
/** A Kaiku process that files one report for each user id it is given, from a given instant on, and prints the outcomes. */
const CHILD_SOURCE = `
import { execute } from ${JSON.stringify(path.join(ROOT, "app/commands/command.server"))};
import { db } from ${JSON.stringify(path.join(ROOT, "app/db.server"))};
import { reportItem } from ${JSON.stringify(path.join(ROOT, "app/features/moderation/commands/report-item.server"))};
const [groupId, itemType, itemId, startAt, ...userIds] = process.argv.slice(2);
const actors = userIds.map((id) => db().$client.prepare("SELECT id, name, email, role, locale FROM users WHERE id = ?").get(id));
while (Date.now() < Number(startAt)) {}
const outcomes = actors.map((a) => { const r = execute(reportItem, a, { groupId, itemType, itemId, reason: "offensive" }); return r.ok ? (r.value.autoHidden ? "hid" : "ok") : r.error.code; });
console.log(JSON.stringify(outcomes));
process.exit(0);
`;

function reportFromProcess(file: string, args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: process.env.DATABASE_PATH, KAIKU_DEMO: "0", NODE_ENV: "test" } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("[")) resolve(JSON.parse(line) as string[]);
      else reject(new Error(`child exited ${code}: ${out}`));
    });
  });
}

describe("auto-hide under parallel processes", () => {
  it(
    "50 members in 10 processes report one idea at once: it is hidden once, by the third report, with one event and one decision",
    { timeout: 120_000 },
    async () => {
      const g = makeGroup(); // threshold 3 (the default)
      const b = makeBoard(g.id);
      const author = await newMember(g.id);
      const i = makeIdea({ groupId: g.id, boardId: b.id, authorId: author.id, title: "Reported from everywhere" });
      const members: Actor[] = [];
      for (let k = 0; k < 50; k++) members.push(await newMember(g.id));
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-report-")), "child.ts");
      fs.writeFileSync(file, CHILD_SOURCE);
      // Every process waits for the same instant, a few seconds ahead (time to start node and load the app).
      const startAt = String(Date.now() + 6_000);
      const all = (
        await Promise.all(
          Array.from({ length: 10 }, (_, k) =>
            reportFromProcess(file, [g.id, "idea", String(i.id), startAt, ...members.slice(k * 5, k * 5 + 5).map((m) => m.id)]),
          ),
        )
      ).flat();
      expect(all).toHaveLength(50);
      // The transactions serialise: two reports, the one that hides, then 47 that find it hidden (409, nothing written).
      expect(all.filter((o) => o === "ok")).toHaveLength(2);
      expect(all.filter((o) => o === "hid")).toHaveLength(1);
      expect(all.filter((o) => o === "conflict")).toHaveLength(47);
      expect(value("SELECT count(*) FROM domain_events WHERE type = 'item.auto_hidden' AND json_extract(payload, '$.itemId') = ?", String(i.id))).toBe(1);
      expect(value("SELECT count(*) FROM domain_events WHERE type = 'report.filed' AND json_extract(payload, '$.itemId') = ?", String(i.id))).toBe(3);
      expect(value("SELECT count(*) FROM moderation_decisions WHERE decision = 'auto_hide' AND item_type = 'idea' AND item_id = ?", String(i.id))).toBe(1);
      expect(value("SELECT count(*) FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?", String(i.id))).toBe(1);
      expect(value("SELECT listed FROM ideas WHERE id = ?", i.id)).toBe(0);
      expect(value("SELECT idea_count FROM boards WHERE id = ?", b.id)).toBe(0);
      expect(value("SELECT waiting_count FROM groups WHERE id = ?", g.id)).toBe(0);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  );
});

describe("counters after 300 random moderation operations", () => {
  // report, withdraw, hide, restore, keep, a newcomer's held post, approve, reject and erase, in a seeded order.
  it("ideas.comment_count, boards.idea_count and groups.waiting_count equal COUNT(*), and every case's report_count its open reports", async () => {
    const g = makeGroup();
    const boards = [makeBoard(g.id), makeBoard(g.id)];
    const moderator = await newMember(g.id);
    db().update(schema.memberships).set({ role: "moderator" }).where(eq(schema.memberships.userId, moderator.id)).run();
    const staff = actors.staff;
    const members: Actor[] = [];
    for (let k = 0; k < 15; k++) members.push(await newMember(g.id));
    const ideas = Array.from({ length: 12 }, (_, k) =>
      makeIdea({ groupId: g.id, boardId: boards[k % 2]!.id, authorId: members[k % members.length]!.id, title: `Random idea ${k}` }),
    );
    const comments = ideas.flatMap((i, k) => [
      comment(i.number, members[(k + 3) % members.length]!.id, g.id),
      comment(i.number, members[(k + 5) % members.length]!.id, g.id),
    ]);
    const items = [...ideas.map((i) => ({ itemType: "idea", itemId: String(i.id) })), ...comments.map((c) => ({ itemType: "comment", itemId: String(c.id) }))];
    let x = 42;
    const next = (below: number) => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31), (x >>> 8) % below);
    const tally: Record<string, number> = {};
    /** Someone with an open report on the item, when there is one. */
    const withdrawer = (item: { itemType: string; itemId: string }) => {
      const id = value(
        "SELECT reporter_id FROM reports WHERE item_type = ? AND item_id = ? AND withdrawn_at IS NULL AND closed_at IS NULL",
        item.itemType,
        item.itemId,
      );
      return members.find((m) => m.id === id);
    };
    // The group holds a newcomer's first post: "post" makes a new member whose idea or comment is held, "approve"
    // and "reject" decide an open held case, "erase" is staff deleting an item for good.
    db().update(schema.groups).set({ holdFirstPosts: 1 }).where(eq(schema.groups.id, g.id)).run();
    const heldCase = () => value("SELECT id FROM moderation_cases WHERE group_id = ? AND origin = 'held' AND state = 'open' ORDER BY id LIMIT 1", g.id);
    for (let op = 0; op < 300; op++) {
      const item = items[next(items.length)]!;
      const kind = ["report", "report", "hide", "restore", "keep", "withdraw", "post", "approve", "reject", "erase"][next(10)]!;
      const reviewer = next(3) === 0 ? staff : moderator;
      const input = { groupId: g.id, ...item };
      let r: { ok: boolean; value?: unknown };
      if (kind === "post") {
        const newcomer = await newMember(g.id);
        const idea = ideas[next(ideas.length)]!;
        r =
          next(2) === 0
            ? execute(submitIdea, newcomer, { groupId: g.id, boardId: boards[next(2)]!.id, title: `Newcomer idea ${op}` })
            : execute(addComment, newcomer, { groupId: g.id, number: idea.number, body: `Newcomer comment ${op}`, parentId: null });
        if (r.ok) {
          const value = r.value as { id: number; number?: number };
          items.push({ itemType: value.number !== undefined ? "idea" : "comment", itemId: String(value.id) });
        }
      } else if (kind === "approve" || kind === "reject") {
        const caseId = heldCase();
        r = caseId
          ? execute(decideHeld, reviewer, { groupId: g.id, caseId, decision: kind, reason: kind === "reject" ? "Random reject" : undefined })
          : { ok: false };
      } else if (kind === "erase") {
        r =
          item.itemType === "idea" || item.itemType === "comment"
            ? execute(eraseItem, staff, { ...input, itemType: item.itemType, reason: "Random erase" })
            : { ok: false };
      } else
        r =
          kind === "report"
            ? execute(reportItem, members[next(members.length)]!, { ...input, reason: "spam" })
            : kind === "withdraw"
              ? execute(withdrawReport, withdrawer(item) ?? members[next(members.length)]!, input)
              : execute(decideCase, reviewer, { ...input, decision: kind, reason: kind === "hide" ? "Random hide" : undefined });
      const key = `${kind}:${r.ok ? "ok" : "refused"}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    // The sequence exercised every operation, successful and refused.
    for (const kind of ["report", "hide", "restore", "keep", "withdraw", "post", "approve", "reject", "erase"])
      expect(tally[`${kind}:ok`] ?? 0, kind).toBeGreaterThan(0);
    expect(value("SELECT count(*) FROM moderation_decisions WHERE group_id = ? AND decision = 'auto_hide'", g.id)).toBeGreaterThan(0);
    expect(
      rows("SELECT id FROM ideas WHERE group_id = ? AND listed = 0", g.id).length +
        rows("SELECT id FROM comments WHERE group_id = ? AND listed = 0", g.id).length,
    ).toBeGreaterThan(0);

    expect(
      rows(
        "SELECT i.id, i.comment_count AS n FROM ideas i WHERE i.group_id = ? AND i.comment_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id AND c.listed = 1)",
        g.id,
      ),
    ).toEqual([]);
    for (const b of boards)
      expect(value("SELECT idea_count FROM boards WHERE id = ?", b.id)).toBe(value("SELECT count(*) FROM ideas WHERE board_id = ? AND listed = 1", b.id));
    expect(value("SELECT waiting_count FROM groups WHERE id = ?", g.id)).toBe(value("SELECT count(*) FROM ideas WHERE group_id = ? AND waiting = 1", g.id));
    expect(
      rows(
        "SELECT id FROM moderation_cases m WHERE group_id = ? AND report_count <> (SELECT count(*) FROM reports r WHERE r.case_id = m.id AND r.withdrawn_at IS NULL AND r.closed_at IS NULL)",
        g.id,
      ),
    ).toEqual([]);
    // At most one open case per item, and no open report outside an open case.
    expect(
      rows(
        "SELECT r.id FROM reports r JOIN moderation_cases m ON m.id = r.case_id WHERE r.group_id = ? AND r.closed_at IS NULL AND r.withdrawn_at IS NULL AND m.state <> 'open'",
        g.id,
      ),
    ).toEqual([]);
  });
});
