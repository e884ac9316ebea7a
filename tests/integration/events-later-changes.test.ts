// Subscribers run after the commit, sometimes seconds later (a fan-out ahead of them, a retry): what they tell must
// still be what the change was when it was made. Two sequences where the row changed again before the event was
// handled (review R2 of issue 12): a status change followed by a merge of the same idea, and a comment deleted by
// its writer before anyone was told of it.
import { beforeAll, describe, expect, it } from "vitest";
import { executeOrThrow, type Actor } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { addComment } from "../../app/features/ideas/commands/add-comment.server";
import { deleteComment } from "../../app/features/ideas/commands/delete-comment.server";
import { changeStatus } from "../../app/features/loop/commands/change-status.server";
import { mergeIdeas } from "../../app/features/loop/commands/merge-ideas.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import { castVote, setFollow } from "../../app/models/idea.server";
import { leaveGroup } from "../../app/models/membership.server";
import { rows, value } from "../support/db";
import { addMember, createUser, makeIdea } from "../support/factories";
import { actorFor } from "../support/ideas";
import { makePersonas, type Who } from "../support/personas";

let world: Awaited<ReturnType<typeof makePersonas>>;
let as: (who: Who) => Actor;
beforeAll(async () => {
  world = await makePersonas();
  as = (who) => actorFor(world.users[who]);
});

const idea = () =>
  makeIdea({ groupId: world.group.id, boardId: world.board.id, authorId: world.users.author.id, title: `Idea ${Math.random().toString(36).slice(2, 8)}` });
const lastId = (table: string) => Number(value(`SELECT coalesce(max(id), 0) FROM ${table}`));

describe("an event handled after its row changed again", () => {
  it("a status change merged away before it was handled still tells the idea's voters and followers", async () => {
    drainEvents();
    const from = idea();
    const into = idea();
    const voter = await createUser({ name: "Status Voter" });
    const follower = await createUser({ name: "Status Follower" });
    addMember(world.group.id, voter.id);
    addMember(world.group.id, follower.id);
    expect(castVote({ groupId: world.group.id, number: from.number, userId: voter.id, voted: true })).toMatchObject({ ok: true });
    expect(setFollow({ groupId: world.group.id, number: from.number, userId: follower.id, following: true })).toMatchObject({ ok: true });
    const notes = lastId("notifications");
    const mails = lastId("email_outbox");
    executeOrThrow(changeStatus, as("staff"), { groupId: world.group.id, number: from.number, status: "planned", response: "Coming in May." });
    // Before the dispatcher got to it (a fan-out ahead of it), staff merge the idea: its votes and follows move.
    executeOrThrow(mergeIdeas, as("staff"), { groupId: world.group.id, fromNumber: from.number, intoNumber: into.number, response: null });
    drainEvents();
    const everyone = [world.users.author.id, voter.id, follower.id].sort();
    expect(rows("SELECT user_id FROM notifications WHERE id > ? AND kind = 'status' ORDER BY user_id", notes).map((r) => r.user_id)).toEqual(everyone);
    expect(rows("SELECT user_id FROM notifications WHERE id > ? AND kind = 'merged' ORDER BY user_id", notes).map((r) => r.user_id)).toEqual(everyone);
    // Status e-mails are on by default: one per person for each change.
    expect(Number(value("SELECT count(*) FROM email_outbox WHERE id > ?", mails))).toBe(6);
  });

  it("a comment its writer deleted before anyone was told tells nobody (no notification, no e-mail with its text)", async () => {
    drainEvents();
    const i = idea();
    const follower = await createUser({ name: "Comment Follower" });
    addMember(world.group.id, follower.id);
    expect(setFollow({ groupId: world.group.id, number: i.number, userId: follower.id, following: true })).toMatchObject({ ok: true });
    const notes = lastId("notifications");
    const mails = lastId("email_outbox");
    const handle = String(value("SELECT handle FROM users WHERE id = ?", world.users.moderator.id));
    expect(handle).toMatch(/\w/);
    const writer = as("member");
    const added = executeOrThrow(addComment, writer, {
      groupId: world.group.id,
      number: i.number,
      body: `My phone number is 040 123 4567 @${handle}`,
      parentId: null,
    });
    executeOrThrow(deleteComment, writer, { groupId: world.group.id, number: i.number, commentId: added.id });
    drainEvents();
    expect(rows("SELECT user_id, kind FROM notifications WHERE id > ?", notes)).toEqual([]);
    expect(rows("SELECT to_address FROM email_outbox WHERE id > ?", mails)).toEqual([]);
    // A comment that stays tells people as usual.
    executeOrThrow(addComment, writer, { groupId: world.group.id, number: i.number, body: `Still here @${handle}`, parentId: null });
    drainEvents();
    expect(rows("SELECT user_id, kind FROM notifications WHERE id > ? ORDER BY kind, user_id", notes)).toEqual(
      [
        { user_id: world.users.author.id, kind: "comment" },
        { user_id: follower.id, kind: "comment" },
      ]
        .sort((a, b) => (a.user_id < b.user_id ? -1 : 1))
        .concat([{ user_id: world.users.moderator.id, kind: "mentioned" }]),
    );
  });

  it("a comment whose idea was merged away before it was handled still tells the idea's followers", async () => {
    drainEvents();
    const from = idea();
    const into = idea();
    const voter = await createUser({ name: "Comment Voter" });
    const follower = await createUser({ name: "Comment Follower 2" });
    addMember(world.group.id, voter.id);
    addMember(world.group.id, follower.id);
    // Voting follows the idea.
    expect(castVote({ groupId: world.group.id, number: from.number, userId: voter.id, voted: true })).toMatchObject({ ok: true });
    expect(setFollow({ groupId: world.group.id, number: from.number, userId: follower.id, following: true })).toMatchObject({ ok: true });
    const notes = lastId("notifications");
    executeOrThrow(addComment, as("staff"), { groupId: world.group.id, number: from.number, body: `The same as #${into.number}: merging.`, parentId: null });
    executeOrThrow(mergeIdeas, as("staff"), { groupId: world.group.id, fromNumber: from.number, intoNumber: into.number, response: null });
    drainEvents();
    expect(rows("SELECT user_id FROM notifications WHERE id > ? AND kind = 'comment' ORDER BY user_id", notes).map((r) => r.user_id)).toEqual(
      [world.users.author.id, voter.id, follower.id].sort(),
    );
  });

  it("an idea recorded for a member who left the group before it was handled does not tell them (only people who see the group)", async () => {
    drainEvents();
    const leaver = await createUser({ name: "Leaving Member" });
    const stayer = await createUser({ name: "Staying Member" });
    addMember(world.group.id, leaver.id);
    addMember(world.group.id, stayer.id);
    const notes = lastId("notifications");
    const record = (email: string) =>
      executeOrThrow(submitIdea, as("staff"), {
        groupId: world.group.id,
        boardId: world.board.id,
        title: `Heard on the phone ${email}`,
        body: "Said on a call.",
        tagIds: [],
        onBehalfOf: email,
        source: "phone",
      });
    record(leaver.email);
    record(stayer.email);
    expect(leaveGroup({ group: world.group, userId: leaver.id })).toBe(true);
    drainEvents();
    expect(rows("SELECT user_id FROM notifications WHERE id > ? AND kind = 'recorded'", notes)).toEqual([{ user_id: stayer.id }]);
  });
});
