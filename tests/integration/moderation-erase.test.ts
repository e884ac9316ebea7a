// Staff and admins delete a member's idea or comment for good (eraseItem, called as the pages call it): the text is
// gone from the row, the search indexes and any edit-out decision; the counters the triggers keep equal COUNT(*);
// the audit keeps who, when and why but not the text; everyone else is refused with nothing written.
import { beforeAll, describe, expect, it } from "vitest";
import { execute, type Actor } from "../../app/commands/command.server";
import { db } from "../../app/db.server";
import type { DomainError } from "../../app/domain/errors";
import { decideCase } from "../../app/features/moderation/commands/decide-case.server";
import { eraseItem } from "../../app/features/moderation/commands/erase-item.server";
import { reportItem } from "../../app/features/moderation/commands/report-item.server";
import { ftsTerm } from "../../db/fts";
import { statusOf } from "../../app/http/command-reply.server";
import { insertComment } from "../../app/models/comment.server";
import { rows, snapshotOf, value } from "../support/db";
import { makeTag } from "../support/factories";
import { actorFor, addComment, createIdea, drainEvents } from "../support/ideas";
import { makePersonas, type Who } from "../support/personas";

const TABLES = ["ideas", "comments", "idea_tags", "boards", "groups", "moderation_cases", "reports", "moderation_decisions", "audit_log", "domain_events"];
const WHO: readonly Who[] = ["nonMember", "otherGroup", "banned", "member", "moderator", "author", "staff", "admin"];

let world: Awaited<ReturnType<typeof makePersonas>>;
let actors: Record<Who, Actor>;
beforeAll(async () => {
  world = await makePersonas();
  actors = Object.fromEntries(WHO.map((w) => [w, actorFor(world.users[w])])) as Record<Who, Actor>;
});

let seq = 0;
const word = () => `zorblax${String.fromCharCode(97 + (seq % 26))}${String.fromCharCode(97 + (Math.floor(seq++ / 26) % 26))}q`;
/** An idea posted through submitIdea (its events run: the title is copied into payloads and notices). */
const idea = (secret: string) => {
  const tag = makeTag(world.group.id);
  const made = createIdea({
    group: world.group,
    boardId: world.board.id,
    authorId: world.users.author.id,
    title: `About ${secret}`,
    body: `Call ${secret} at 040 123 4567.`,
    tagIds: [tag.id],
  });
  if (!made.ok) throw new Error(made.error);
  return made;
};
/** A comment through addComment by a member (the idea's author is told, with an excerpt). */
const memberComment = (number: number, body: string) => {
  const made = addComment({ group: world.group, number, author: world.users.member, body, parentId: null });
  if (!made.ok) throw new Error(made.error);
  return made;
};
const comment = (number: number, body: string, parentId: number | null = null) =>
  db().transaction((tx) => insertComment(tx, { groupId: world.group.id, number, author: actorFor(world.users.author.id), body, parentId, now: Date.now() }));
const erase = (a: Actor, itemType: "idea" | "comment", itemId: number, reason = "Legal request 2026-11") =>
  execute(eraseItem, a, { groupId: world.group.id, itemType, itemId: String(itemId), reason });
const outcome = (r: { ok: true } | { ok: false; error: DomainError }) => (r.ok ? "ok" : statusOf(r.error));
const snapshot = () => snapshotOf(TABLES);

/** The word is in neither search index (word and trigram). */
const indexed = (w: string) => value(`SELECT count(*) FROM ideas_fts WHERE ideas_fts MATCH ?`, `"${ftsTerm(world.group.id, w)}"`) as number;
const trigram = (w: string) => value(`SELECT count(*) FROM ideas_trigram WHERE ideas_trigram MATCH ?`, `"${w}"`) as number;

function countersMatch() {
  const ideas = rows(
    `SELECT id, comment_count AS n, (SELECT count(*) FROM comments c WHERE c.idea_id = i.id AND c.listed = 1) AS real FROM ideas i WHERE group_id = ?`,
    world.group.id,
  );
  for (const r of ideas) expect(r.n, `idea ${r.id} comment_count`).toBe(r.real);
  const board = rows(
    `SELECT idea_count AS n, (SELECT count(*) FROM ideas i WHERE i.board_id = b.id AND i.listed = 1) AS real FROM boards b WHERE id = ?`,
    world.board.id,
  )[0]!;
  expect(board.n).toBe(board.real);
  const group = rows(
    `SELECT waiting_count AS n, (SELECT count(*) FROM ideas i WHERE i.group_id = g.id AND i.waiting = 1) AS real FROM groups g WHERE id = ?`,
    world.group.id,
  )[0]!;
  expect(group.n).toBe(group.real);
}

describe("eraseItem", () => {
  it("staff and admin erase an idea: text, tags, indexes and edit-out original gone; case closed; counters follow; audit without text", () => {
    for (const who of ["staff", "admin"] as const) {
      const secret = word();
      const i = idea(secret);
      comment(i.number, `Listed comment ${word()}`);
      memberComment(i.number, `Nice ${word()}`);
      expect(indexed(secret)).toBe(1);
      expect(trigram(secret)).toBe(1);
      expect(snapshotOf(["domain_events", "notifications"])).toContain(secret);
      // A report opens a case; an edit-out keeps the original text in a decision.
      expect(
        execute(decideCase, actors.staff, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), decision: "edit_out", find: "040 123 4567" }).ok,
      ).toBe(true);
      expect(value(`SELECT count(*) FROM moderation_decisions WHERE item_id = ? AND original_text LIKE ?`, String(i.id), `%${secret}%`)).toBe(1);
      expect(execute(reportItem, actors.member, { groupId: world.group.id, itemType: "idea", itemId: String(i.id), reason: "personal_data" }).ok).toBe(true);
      const boardBefore = value(`SELECT idea_count FROM boards WHERE id = ?`, world.board.id) as number;

      const result = erase(actors[who], "idea", i.id);
      expect(result.ok).toBe(true);

      const row = rows(`SELECT title, body, erased_at, listed FROM ideas WHERE id = ?`, i.id)[0]!;
      expect(row).toMatchObject({ title: "", body: "", listed: 0 });
      expect(row.erased_at).toBeTypeOf("number");
      expect(value(`SELECT count(*) FROM idea_tags WHERE idea_id = ?`, i.id)).toBe(0);
      expect(indexed(secret)).toBe(0);
      expect(trigram(secret)).toBe(0);
      expect(value(`SELECT count(*) FROM moderation_decisions WHERE item_id = ? AND original_text IS NOT NULL AND item_type = 'idea'`, String(i.id))).toBe(0);
      expect(value(`SELECT idea_count FROM boards WHERE id = ?`, world.board.id)).toBe(boardBefore - 1);
      countersMatch();
      // The case is closed with "delete", its report too.
      expect(rows(`SELECT state, decision, decided_by FROM moderation_cases WHERE item_type = 'idea' AND item_id = ?`, String(i.id))).toEqual([
        { state: "decided", decision: "delete", decided_by: world.users[who].id },
      ]);
      expect(
        value(`SELECT count(*) FROM reports r JOIN moderation_cases c ON c.id = r.case_id WHERE c.item_id = ? AND r.closed_at IS NULL`, String(i.id)),
      ).toBe(0);
      const audit = rows(
        `SELECT actor_id, action, target_type, target_id, details, created_at FROM audit_log WHERE action = 'moderation.delete' AND target_id = ?`,
        String(i.id),
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: world.users[who].id, target_type: "idea" });
      expect(JSON.parse(audit[0]!.details as string)).toEqual({ number: i.number, decision: "delete", reason: "Legal request 2026-11" });
      // No trace of the text anywhere in the moderation and audit tables.
      drainEvents();
      expect(snapshotOf(["audit_log", "moderation_decisions", "moderation_cases", "domain_events", "notifications"])).not.toContain(secret);
      expect(value(`SELECT count(*) FROM notifications WHERE user_id = ? AND kind = 'itemErased' AND idea_id = ?`, world.users.author.id, i.id)).toBe(1);
      const event = rows(`SELECT type, payload FROM domain_events WHERE type = 'moderation.decided' ORDER BY id DESC LIMIT 1`)[0]!;
      expect(JSON.parse(event.payload as string)).toMatchObject({
        itemType: "idea",
        itemId: String(i.id),
        decision: "delete",
        authorId: world.users.author.id,
      });
    }
  });

  it("staff and admin erase a comment (and a reply's parent): body gone, deleted, comment_count follows", () => {
    for (const who of ["staff", "admin"] as const) {
      const i = idea(word());
      const secret = word();
      const c = memberComment(i.number, `My number ${secret}`);
      expect(snapshotOf(["domain_events", "notifications"])).toContain(secret);
      comment(i.number, `A reply ${word()}`, c.id);
      expect(value(`SELECT comment_count FROM ideas WHERE id = ?`, i.id)).toBe(2);
      expect(erase(actors[who], "comment", c.id, "Personal data").ok).toBe(true);
      const row = rows(`SELECT body, erased_at, deleted_at, listed FROM comments WHERE id = ?`, c.id)[0]!;
      expect(row).toMatchObject({ body: "", listed: 0 });
      expect(row.erased_at).toBeTypeOf("number");
      expect(row.deleted_at).toBe(row.erased_at);
      expect(value(`SELECT comment_count FROM ideas WHERE id = ?`, i.id)).toBe(1);
      countersMatch();
      const audit = rows(
        `SELECT actor_id, details FROM audit_log WHERE action = 'moderation.delete' AND target_type = 'comment' AND target_id = ?`,
        String(c.id),
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_id).toBe(world.users[who].id);
      expect(JSON.parse(audit[0]!.details as string)).toEqual({ number: i.number, decision: "delete", reason: "Personal data" });
      drainEvents();
      expect(snapshotOf(["audit_log", "moderation_decisions", "domain_events", "notifications"])).not.toContain(secret);
      // The writer is told (helper E's subscriber): a notice about the comment, without its text.
      expect(value(`SELECT count(*) FROM notifications WHERE user_id = ? AND kind = 'itemErased' AND comment_id = ?`, world.users.member.id, c.id)).toBe(1);
      // Without an open case the decision is still recorded.
      expect(rows(`SELECT decision, case_id, actor_id FROM moderation_decisions WHERE item_type = 'comment' AND item_id = ?`, String(c.id))).toEqual([
        { decision: "delete", case_id: null, actor_id: world.users[who].id },
      ]);
    }
  });

  it("an already deleted comment (by its writer) can still be erased: deleted_at kept", () => {
    const i = idea(word());
    const c = comment(i.number, "Oops");
    db().run(`UPDATE comments SET deleted_at = 1000 WHERE id = ${c.id}` as never);
    expect(erase(actors.staff, "comment", c.id).ok).toBe(true);
    expect(rows(`SELECT body, deleted_at FROM comments WHERE id = ?`, c.id)[0]).toEqual({ body: "", deleted_at: 1000 });
    countersMatch();
  });

  it("members, moderators and the author 403; outsiders 404; nothing written", () => {
    const seen: Record<string, unknown> = {};
    for (const who of WHO.filter((w) => w !== "staff" && w !== "admin")) {
      const i = idea(word());
      const c = comment(i.number, "A comment");
      const before = snapshot();
      const r1 = erase(actors[who], "idea", i.id);
      const r2 = erase(actors[who], "comment", c.id);
      seen[who] = [outcome(r1), outcome(r2)];
      expect(snapshot(), `${who} was refused but something changed`).toBe(before);
    }
    expect(seen).toEqual({
      nonMember: [404, 404],
      otherGroup: [404, 404],
      banned: [404, 404],
      member: [403, 403],
      moderator: [403, 403],
      author: [403, 403],
    });
  });

  it("erasing twice 409; another group's item 404; bad reasons 400; nothing written", () => {
    const i = idea(word());
    const c = comment(i.number, "Second time");
    expect(erase(actors.staff, "idea", i.id).ok).toBe(true);
    expect(erase(actors.staff, "comment", c.id).ok).toBe(true);
    const before = snapshot();
    const again = erase(actors.admin, "idea", i.id);
    expect(outcome(again)).toBe(409);
    expect(!again.ok && again.error.messageKey).toBe("moderation.erase.already");
    expect(outcome(erase(actors.admin, "comment", c.id))).toBe(409);
    const fresh = idea(word());
    const mid = snapshot();
    for (const reason of ["", "   ", "a\nb", "bell\u0007", "x".repeat(1001)])
      expect(outcome(erase(actors.staff, "idea", fresh.id, reason)), JSON.stringify(reason)).toBe(400);
    expect(outcome(execute(eraseItem, actors.staff, { groupId: world.group.id, itemType: "update", itemId: "1", reason: "x" }))).toBe(400);
    expect(outcome(execute(eraseItem, actors.staff, { groupId: world.group.id, itemType: "idea", itemId: String(fresh.id), reason: "x", extra: 1 }))).toBe(400);
    expect(outcome(erase(actors.staff, "idea", 99_999_999))).toBe(404);
    expect(snapshot()).toBe(mid);
    expect(before).not.toBe(mid);
  });
});
