// Approval for newcomers (issue 13, point 5): a group that holds the first N posts of a new member writes them held
// (seen by the author and reviewers only, not counted), tells nobody until a reviewer approves; approval publishes
// the post then (its @mentions and followers are told on approval), rejection keeps it away with the reason; after
// N approved posts the member posts freely. Refusals write nothing.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { execute, executeOrThrow, type Actor } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { addComment } from "../../app/features/ideas/commands/add-comment.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import { decideHeld } from "../../app/features/moderation/commands/decide-held.server";
import { statusOf } from "../../app/http/command-reply.server";
import { snapshotOf } from "../support/db";
import { addMember, createUser } from "../support/factories";
import { makePersonas, type Persona } from "../support/personas";

type World = Awaited<ReturnType<typeof makePersonas>>;
const actorOf = (w: World, who: Exclude<Persona, "anonymous"> | "author"): Actor => ({
  ...w.users[who],
  email: `${w.users[who].id}@example.test`,
  locale: null,
});
const c = () => db().$client;
const one = (q: string, ...p: unknown[]) =>
  c()
    .prepare(q)
    .pluck()
    .get(...p) as number;

async function world(hold: number) {
  const w = await makePersonas();
  c().prepare("UPDATE groups SET hold_first_posts = ? WHERE id = ?").run(hold, w.group.id);
  return w;
}
const caseOf = (itemType: string, itemId: number) =>
  db()
    .select()
    .from(schema.moderationCases)
    .where(sql`item_type = ${itemType} AND item_id = ${String(itemId)} AND state = 'open'`)
    .get();
const eventsOf = (type: string, groupId: string) => one("SELECT count(*) FROM domain_events WHERE type = ? AND group_id = ?", type, groupId);

describe("approval for newcomers", () => {
  it("holds a new member's first idea: not on the board, not counted, no idea.submitted; approval publishes it now", async () => {
    const w = await world(1);
    const before = one("SELECT idea_count FROM boards WHERE id = ?", w.board.id);
    const posted = executeOrThrow(submitIdea, actorOf(w, "author"), { groupId: w.group.id, boardId: w.board.id, title: "Held first idea", body: "Hello" });
    expect(posted.held).toBe(true);
    expect(one("SELECT held_at IS NOT NULL FROM ideas WHERE id = ?", posted.id)).toBe(1);
    expect(one("SELECT listed FROM ideas WHERE id = ?", posted.id)).toBe(0);
    expect(one("SELECT idea_count FROM boards WHERE id = ?", w.board.id)).toBe(before);
    expect(eventsOf("idea.submitted", w.group.id)).toBe(0);
    expect(eventsOf("item.held", w.group.id)).toBe(1);
    const held = caseOf("idea", posted.id)!;
    expect(held.origin).toBe("held");
    // Moderators and staff post freely; the member does after one approved post.
    expect(executeOrThrow(submitIdea, actorOf(w, "moderator"), { groupId: w.group.id, boardId: w.board.id, title: "Moderator idea" }).held).toBe(false);
    const approvedAt = Date.now() + 5_000;
    executeOrThrow(decideHeld, actorOf(w, "moderator"), { groupId: w.group.id, caseId: held.id, decision: "approve" }, { now: approvedAt });
    const row = db().select().from(schema.ideas).where(eq(schema.ideas.id, posted.id)).get()!;
    expect(row.heldAt).toBeNull();
    expect(row.createdAt).toBe(approvedAt);
    expect(one("SELECT idea_count FROM boards WHERE id = ?", w.board.id)).toBe(before + 2);
    expect(eventsOf("idea.submitted", w.group.id)).toBe(2);
    expect(one("SELECT approved_post_count FROM memberships WHERE group_id = ? AND user_id = ?", w.group.id, w.users.author.id)).toBe(1);
    expect(executeOrThrow(submitIdea, actorOf(w, "author"), { groupId: w.group.id, boardId: w.board.id, title: "Second idea" }).held).toBe(false);
    // Deciding again: already decided by the moderator, nothing repeated.
    const again = execute(decideHeld, actorOf(w, "staff"), { groupId: w.group.id, caseId: held.id, decision: "reject", reason: "No" });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(statusOf(again.error)).toBe(409);
      expect(again.error.params).toEqual({ name: w.users.moderator.name });
    }
  });

  it("a held comment's @mention is told on approval, not before; comment_count follows", async () => {
    const w = await world(2);
    const idea = executeOrThrow(submitIdea, actorOf(w, "moderator"), { groupId: w.group.id, boardId: w.board.id, title: "Open idea" });
    const mentioned = await createUser({ name: "Mentioned Person" });
    addMember(w.group.id, mentioned.id);
    const handle = one("SELECT handle FROM users WHERE id = ?", mentioned.id) as unknown as string;
    const added = executeOrThrow(addComment, actorOf(w, "author"), { groupId: w.group.id, number: idea.number, body: `Look @${handle}`, parentId: null });
    expect(added.held).toBe(true);
    await drainEvents();
    const mentions = () => one("SELECT count(*) FROM notifications WHERE user_id = ? AND kind = 'mentioned'", mentioned.id);
    expect(mentions()).toBe(0);
    expect(one("SELECT comment_count FROM ideas WHERE id = ?", idea.id)).toBe(0);
    executeOrThrow(decideHeld, actorOf(w, "staff"), { groupId: w.group.id, caseId: caseOf("comment", added.id)!.id, decision: "approve" });
    await drainEvents();
    expect(mentions()).toBe(1);
    expect(one("SELECT comment_count FROM ideas WHERE id = ?", idea.id)).toBe(1);
  });

  it("rejecting keeps the post away as hidden with the reason; refusals write nothing", async () => {
    const w = await world(1);
    const posted = executeOrThrow(submitIdea, actorOf(w, "author"), { groupId: w.group.id, boardId: w.board.id, title: "Spam idea" });
    const held = caseOf("idea", posted.id)!;
    const TABLES = ["ideas", "moderation_cases", "moderation_decisions", "memberships", "audit_log", "domain_events"];
    const before = snapshotOf(TABLES);
    const refusals: [Exclude<Persona, "anonymous"> | "author", number][] = [
      ["nonMember", 404],
      ["otherGroup", 404],
      ["banned", 404],
      ["member", 403],
      ["author", 403],
    ];
    for (const [who, status] of refusals) {
      const done = execute(decideHeld, actorOf(w, who), { groupId: w.group.id, caseId: held.id, decision: "approve" });
      expect(done.ok, who).toBe(false);
      if (!done.ok) expect(statusOf(done.error), who).toBe(status);
    }
    const noReason = execute(decideHeld, actorOf(w, "moderator"), { groupId: w.group.id, caseId: held.id, decision: "reject" });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(statusOf(noReason.error)).toBe(400);
    expect(snapshotOf(TABLES)).toEqual(before);
    executeOrThrow(decideHeld, actorOf(w, "moderator"), { groupId: w.group.id, caseId: held.id, decision: "reject", reason: "Advertising" });
    const row = db().select().from(schema.ideas).where(eq(schema.ideas.id, posted.id)).get()!;
    expect({ held: row.heldAt, hidden: row.hiddenAt !== null, reason: row.hiddenReason }).toEqual({ held: null, hidden: true, reason: "Advertising" });
    expect(one("SELECT approved_post_count FROM memberships WHERE group_id = ? AND user_id = ?", w.group.id, w.users.author.id)).toBe(0);
  });
});
