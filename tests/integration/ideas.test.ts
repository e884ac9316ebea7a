// Idea boards against a real SQLite file: numbering, votes, follows, comments, mentions, withdrawal, tags and
// boards. Counters are always checked against COUNT(*) of the rows they count.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { deleteBoard, listBoards, moveBoard } from "../../app/models/board.server";
import { listComments, suggestMentions, THREADS_SHOWN } from "../../app/models/comment.server";
import { actorFor, addComment, createIdea, deleteComment, editComment, updateIdea } from "../support/ideas";
import { execute } from "../../app/commands/command.server";
import { setIdeaTags as setIdeaTagsCommand } from "../../app/features/ideas/commands/set-idea-tags.server";
import {
  castVote,
  findIdea,
  insertIdea,
  listIdeas,
  plainExcerpt,
  setFollow,
  setIdeaTags,
  withdrawIdea,
  type IdeaListQuery,
} from "../../app/models/idea.server";
import { deleteTag, UnknownTagError } from "../../app/models/tag.server";
import { handleFor } from "../../app/utils/mentions";
import * as ideaRoute from "../../app/routes/g.$slug.ideas.$number/route";
import type { Group, User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, makeTag, sessionCookie } from "../support/factories";
import { leaveGroup } from "../../app/models/membership.server";
import * as notificationsRoute from "../../app/routes/notifications";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

// ---------------------------------------------------------------------------------------------------------
// Helpers

const count = (text: string, ...params: unknown[]) =>
  (
    db()
      .$client.prepare(text)
      .get(...params) as { n: number }
  ).n;
const ideaById = (id: number) => db().select().from(schema.ideas).where(eq(schema.ideas.id, id)).get()!;
const commentById = (id: number) => db().select().from(schema.comments).where(eq(schema.comments.id, id)).get()!;
const author = (u: User) => ({ id: u.id, name: u.name, role: u.role });
const notes = (userId: string) => db().select().from(schema.notifications).where(eq(schema.notifications.userId, userId)).all();
const notesAbout = (userId: string, commentId: number) => notes(userId).filter((n) => n.data.commentId === String(commentId));
const isFollowing = (ideaId: number, userId: string) => count("SELECT count(*) AS n FROM follows WHERE idea_id = ? AND user_id = ?", ideaId, userId) === 1;

/** Every maintained counter of the idea equals the number of rows it counts. */
function expectCountersExact(ideaId: number) {
  const idea = ideaById(ideaId);
  expect(idea.voteCount).toBe(count("SELECT count(*) AS n FROM votes WHERE idea_id = ?", ideaId));
  expect(idea.followerCount).toBe(count("SELECT count(*) AS n FROM follows WHERE idea_id = ?", ideaId));
  expect(idea.commentCount).toBe(count("SELECT count(*) AS n FROM comments WHERE idea_id = ? AND deleted_at IS NULL", ideaId));
}

function list(group: Group, viewerId: string, overrides: Partial<IdeaListQuery> = {}) {
  return listIdeas({
    groupId: group.id,
    viewerId,
    boardId: null,
    sort: "new",
    status: null,
    tagId: null,
    mine: false,
    voted: false,
    q: "",
    page: 1,
    pageSize: 200,
    ...overrides,
  });
}

/** A group with a board, an idea by `writer`, and a few more active members. */
async function world(options: { members?: number } = {}) {
  const group = makeGroup();
  const board = makeBoard(group.id, { name: "Ideas" });
  const writer = await createUser();
  addMember(group.id, writer.id);
  const members: User[] = [];
  for (let i = 0; i < (options.members ?? 3); i++) {
    const m = await createUser();
    addMember(group.id, m.id);
    members.push(m);
  }
  const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: writer.id, title: "Dark mode for the app" });
  return { group, board, writer, members, idea };
}

// ---------------------------------------------------------------------------------------------------------

describe("numbering", () => {
  it("numbers ideas 1, 2, 3 in each group separately, and the author follows their idea", async () => {
    const a = makeGroup();
    const b = makeGroup();
    const boardA = makeBoard(a.id);
    const boardB = makeBoard(b.id);
    const u = await createUser();
    addMember(a.id, u.id);
    addMember(b.id, u.id);
    const numbersA = [makeIdea({ groupId: a.id, boardId: boardA.id, authorId: u.id }), makeIdea({ groupId: a.id, boardId: boardA.id, authorId: u.id })].map(
      (i) => i.number,
    );
    const firstB = makeIdea({ groupId: b.id, boardId: boardB.id, authorId: u.id });
    const thirdA = createIdea({ group: a, boardId: boardA.id, authorId: u.id, title: "Third idea", body: "", tagIds: [] });
    expect(numbersA).toEqual([1, 2]);
    expect(firstB.number).toBe(1);
    expect(thirdA).toMatchObject({ ok: true, number: 3 });
    const created = ideaById(firstB.id);
    expect(created.followerCount).toBe(1);
    expect(isFollowing(firstB.id, u.id)).toBe(true);
    expectCountersExact(firstB.id);
  });

  it("refuses a board of another group", async () => {
    const a = makeGroup();
    const b = makeGroup();
    const boardB = makeBoard(b.id);
    const u = await createUser();
    addMember(a.id, u.id);
    expect(createIdea({ group: a, boardId: boardB.id, authorId: u.id, title: "Wrong board", body: "", tagIds: [] })).toEqual({
      ok: false,
      error: "boardNotFound",
    });
  });
});

describe("votes", () => {
  it("counts a repeated vote once, removes it on unvote, and keeps the follow that voting made", async () => {
    const { group, idea, members } = await world();
    const [m] = members;
    const vote = (voted: boolean) => castVote({ groupId: group.id, number: idea.number, userId: m.id, voted });
    expect(vote(true)).toEqual({ ok: true, voted: true, voteCount: 1 });
    expect(vote(true)).toEqual({ ok: true, voted: true, voteCount: 1 });
    expect(count("SELECT count(*) AS n FROM votes WHERE idea_id = ? AND user_id = ?", idea.id, m.id)).toBe(1);
    expect(isFollowing(idea.id, m.id)).toBe(true);
    expect(ideaById(idea.id).followerCount).toBe(2); // the author and the voter
    expect(vote(false)).toEqual({ ok: true, voted: false, voteCount: 0 });
    expect(vote(false)).toEqual({ ok: true, voted: false, voteCount: 0 });
    expect(isFollowing(idea.id, m.id)).toBe(true); // unvoting does not unfollow
    expect(ideaById(idea.id).followerCount).toBe(2);
    expectCountersExact(idea.id);
  });

  it("keeps every counter equal to COUNT(*) after a mixed sequence of votes, follows and comments", async () => {
    const { group, idea, writer, members } = await world({ members: 6 });
    const people = [writer, ...members];
    // A deterministic pseudo-random walk through every operation.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const ownComments = new Map<string, number[]>();
    for (let step = 0; step < 300; step++) {
      const p = people[next(people.length)];
      const op = next(6);
      if (op <= 1) castVote({ groupId: group.id, number: idea.number, userId: p.id, voted: op === 0 });
      else if (op === 2) setFollow({ groupId: group.id, number: idea.number, userId: p.id, following: next(2) === 0 });
      else if (op === 3) {
        const added = addComment({ group, number: idea.number, author: author(p), body: `Comment ${step}`, parentId: null });
        if (added.ok) ownComments.set(p.id, [...(ownComments.get(p.id) ?? []), added.id]);
      } else if (op === 4) {
        const mine = ownComments.get(p.id) ?? [];
        if (mine.length > 0) {
          expect(deleteComment({ ideaId: idea.id, commentId: mine.pop()!, authorId: p.id }).ok).toBe(true);
        }
      } else {
        setFollow({ groupId: group.id, number: idea.number, userId: p.id, following: false });
      }
      if (step % 25 === 0) expectCountersExact(idea.id);
    }
    expectCountersExact(idea.id);
  });

  it("refuses votes on a withdrawn idea and on an unknown number", async () => {
    const { group, idea, writer, members } = await world();
    castVote({ groupId: group.id, number: idea.number, userId: members[0].id, voted: true });
    expect(withdrawIdea({ group, number: idea.number, userId: writer.id, readOnly: false })).toEqual({ ok: true });
    expect(castVote({ groupId: group.id, number: idea.number, userId: members[1].id, voted: true })).toEqual({ ok: false, error: "closed" });
    expect(castVote({ groupId: group.id, number: idea.number, userId: members[0].id, voted: false })).toEqual({ ok: false, error: "closed" });
    expect(castVote({ groupId: group.id, number: 999, userId: members[0].id, voted: true })).toEqual({ ok: false, error: "notFound" });
    expect(ideaById(idea.id).voteCount).toBe(1);
    expectCountersExact(idea.id);
  });

  it("votes through the idea page's action, and refuses staff (who do not vote) with 403", async () => {
    const { group, idea, members } = await world();
    const staff = await createUser({ role: "staff" });
    const path = `/g/${group.slug}/ideas/${idea.number}`;
    const voted = await callAction(
      ideaRoute as never,
      postRequest(path, { intent: "vote", number: String(idea.number), voted: "1" }, { cookie: await sessionCookie(members[0].id) }),
      { slug: group.slug, number: String(idea.number) },
    );
    expect(voted.status).toBe(200);
    expect(voted.data).toMatchObject({ ok: true, voted: true, voteCount: 1 });
    const refused = await callAction(
      ideaRoute as never,
      postRequest(path, { intent: "vote", number: String(idea.number), voted: "1" }, { cookie: await sessionCookie(staff.id) }),
      { slug: group.slug, number: String(idea.number) },
    );
    expect(refused.status).toBe(403);
    expect(ideaById(idea.id).voteCount).toBe(1);
    expectCountersExact(idea.id);
  });
});

describe("follows", () => {
  it("toggles follower_count exactly, and a repeated unfollow does not go below zero", async () => {
    const { group, idea, writer, members } = await world();
    const [m] = members;
    const set = (userId: string, following: boolean) => setFollow({ groupId: group.id, number: idea.number, userId, following });
    expect(ideaById(idea.id).followerCount).toBe(1);
    expect(set(m.id, true)).toEqual({ ok: true, following: true });
    expect(set(m.id, true)).toEqual({ ok: true, following: true });
    expect(ideaById(idea.id).followerCount).toBe(2);
    set(m.id, false);
    expect(ideaById(idea.id).followerCount).toBe(1);
    set(writer.id, false);
    set(writer.id, false);
    set(m.id, false);
    expect(ideaById(idea.id).followerCount).toBe(0);
    expectCountersExact(idea.id);
    expect(setFollow({ groupId: group.id, number: 999, userId: m.id, following: true })).toEqual({ ok: false });
  });
});

describe("comments", () => {
  it("keeps replies one level deep and counts comments, and commenting follows the idea", async () => {
    const { group, idea, members } = await world();
    const [a, b, c] = members;
    const top = addComment({ group, number: idea.number, author: author(a), body: "Top", parentId: null });
    if (!top.ok) throw new Error(top.error);
    const reply = addComment({ group, number: idea.number, author: author(b), body: "Reply", parentId: top.id });
    if (!reply.ok) throw new Error(reply.error);
    const deep = addComment({ group, number: idea.number, author: author(c), body: "Reply to the reply", parentId: reply.id });
    if (!deep.ok) throw new Error(deep.error);
    expect(commentById(top.id).parentId).toBeNull();
    expect(commentById(reply.id).parentId).toBe(top.id);
    expect(commentById(deep.id).parentId).toBe(top.id);
    expect(ideaById(idea.id).commentCount).toBe(3);
    for (const u of [a, b, c]) expect(isFollowing(idea.id, u.id)).toBe(true);
    expect(ideaById(idea.id).followerCount).toBe(4);

    const tree = listComments({ group, ideaId: idea.id, viewerId: a.id }).threads;
    expect(tree).toHaveLength(1);
    expect(tree[0].replies.map((r) => r.id)).toEqual([reply.id, deep.id]);

    expect(deleteComment({ ideaId: idea.id, commentId: deep.id, authorId: c.id })).toEqual({ ok: true, id: deep.id });
    expect(ideaById(idea.id).commentCount).toBe(2);
    expectCountersExact(idea.id);
    // A reply to a comment of another idea is refused.
    const other = makeIdea({ groupId: group.id, boardId: ideaById(idea.id).boardId, authorId: a.id });
    expect(addComment({ group, number: other.number, author: author(a), body: "Wrong parent", parentId: top.id })).toEqual({ ok: false, error: "notFound" });
    expect(addComment({ group, number: 999, author: author(a), body: "Nowhere", parentId: null })).toEqual({ ok: false, error: "notFound" });
  });

  it("marks the first response when staff or an admin comments, not a member or a moderator, and then the author can no longer edit", async () => {
    const { group, idea, writer, members } = await world();
    const moderator = await createUser();
    addMember(group.id, moderator.id, { role: "moderator" });
    const staff = await createUser({ role: "staff" });
    const input = { group, number: idea.number, userId: writer.id, readOnly: false, title: "Dark mode, please", body: "Edited", tagIds: [] };

    addComment({ group, number: idea.number, author: author(members[0]), body: "Me too", parentId: null });
    addComment({ group, number: idea.number, author: author(moderator), body: "Noted", parentId: null });
    expect(ideaById(idea.id).firstResponseAt).toBeNull();
    expect(updateIdea(input)).toEqual({ ok: true });
    expect(ideaById(idea.id).editedAt).not.toBeNull();

    const at = Date.now() - 5_000;
    addComment({ group, number: idea.number, author: author(staff), body: "We are looking at it", parentId: null, now: at });
    expect(ideaById(idea.id).firstResponseAt).toBe(at);
    addComment({ group, number: idea.number, author: author(staff), body: "Still looking", parentId: null });
    expect(ideaById(idea.id).firstResponseAt).toBe(at); // the first one stays
    expect(updateIdea({ ...input, title: "Another title" })).toEqual({ ok: false, error: "notAllowed" });
    expect(ideaById(idea.id).title).toBe("Dark mode, please");

    const admin = await createUser({ role: "admin" });
    const second = makeIdea({ groupId: group.id, boardId: ideaById(idea.id).boardId, authorId: writer.id });
    addComment({ group, number: second.number, author: author(admin), body: "Answer", parentId: null });
    expect(ideaById(second.id).firstResponseAt).not.toBeNull();
  });

  it("edits mark edited_at, and only the writer edits or deletes", async () => {
    const { group, idea, members } = await world();
    const [a, b] = members;
    const c = addComment({ group, number: idea.number, author: author(a), body: "Frist", parentId: null });
    if (!c.ok) throw new Error(c.error);
    expect(commentById(c.id).editedAt).toBeNull();
    expect(editComment({ group, ideaId: idea.id, commentId: c.id, author: author(b), body: "Hijacked" })).toEqual({ ok: false, error: "notAllowed" });
    expect(deleteComment({ ideaId: idea.id, commentId: c.id, authorId: b.id })).toEqual({ ok: false, error: "notAllowed" });
    expect(editComment({ group, ideaId: idea.id, commentId: c.id, author: author(a), body: "First" })).toEqual({ ok: true, id: c.id });
    const row = commentById(c.id);
    expect(row.body).toBe("First");
    expect(row.editedAt).not.toBeNull();
    expect(row.deletedAt).toBeNull();
    const view = listComments({ group, ideaId: idea.id, viewerId: a.id }).threads[0];
    expect(view.editedAt).toBe(row.editedAt);
    expect(view.body).toBe("First"); // the writer gets the source for editing
    expect(listComments({ group, ideaId: idea.id, viewerId: b.id }).threads[0].body).toBeNull();
    expect(ideaById(idea.id).commentCount).toBe(1);
    // Addressed through another idea (of the same group), the comment is not found.
    const otherIdea = makeIdea({ groupId: group.id, boardId: ideaById(idea.id).boardId, authorId: a.id });
    expect(editComment({ group, ideaId: otherIdea.id, commentId: c.id, author: author(a), body: "x" })).toEqual({ ok: false, error: "notFound" });
    expect(deleteComment({ ideaId: otherIdea.id, commentId: c.id, authorId: a.id })).toEqual({ ok: false, error: "notFound" });
  });

  it("lets writers delete their own comment on a withdrawn idea, but not edit it", async () => {
    const { group, idea, writer, members } = await world();
    const [a] = members;
    const c = addComment({ group, number: idea.number, author: author(a), body: "Before it was withdrawn", parentId: null });
    if (!c.ok) throw new Error(c.error);
    expect(withdrawIdea({ group, number: idea.number, userId: writer.id, readOnly: false })).toEqual({ ok: true });
    expect(editComment({ group, ideaId: idea.id, commentId: c.id, author: author(a), body: "Changed" })).toEqual({ ok: false, error: "closed" });
    expect(deleteComment({ ideaId: idea.id, commentId: c.id, authorId: a.id })).toEqual({ ok: true, id: c.id });
    expect(ideaById(idea.id).commentCount).toBe(0);
  });

  it("hides a deleted comment, keeping a placeholder only while it has replies", async () => {
    const { group, idea, members } = await world();
    const [a, b] = members;
    const lonely = addComment({ group, number: idea.number, author: author(a), body: "Nobody answers this", parentId: null });
    const parent = addComment({ group, number: idea.number, author: author(a), body: "Secret parent text", parentId: null });
    if (!lonely.ok || !parent.ok) throw new Error("comment failed");
    const reply = addComment({ group, number: idea.number, author: author(b), body: "An answer", parentId: parent.id });
    if (!reply.ok) throw new Error(reply.error);
    expect(ideaById(idea.id).commentCount).toBe(3);

    expect(deleteComment({ ideaId: idea.id, commentId: lonely.id, authorId: a.id }).ok).toBe(true);
    expect(deleteComment({ ideaId: idea.id, commentId: parent.id, authorId: a.id }).ok).toBe(true);
    expect(deleteComment({ ideaId: idea.id, commentId: parent.id, authorId: a.id })).toEqual({ ok: false, error: "notFound" });
    expect(ideaById(idea.id).commentCount).toBe(1);
    expectCountersExact(idea.id);

    const tree = listComments({ group, ideaId: idea.id, viewerId: a.id }).threads;
    expect(tree.map((c) => c.id)).toEqual([parent.id]);
    expect(tree[0]).toMatchObject({ deleted: true, html: "", body: null, authorName: null, authorId: null });
    expect(JSON.stringify(tree)).not.toContain("Secret parent text");
    expect(tree[0].replies.map((r) => r.id)).toEqual([reply.id]);
    // A deleted comment takes no replies.
    expect(addComment({ group, number: idea.number, author: author(b), body: "Late", parentId: parent.id })).toEqual({ ok: false, error: "notFound" });

    // Once its last reply is gone too, the placeholder disappears.
    expect(deleteComment({ ideaId: idea.id, commentId: reply.id, authorId: b.id }).ok).toBe(true);
    expect(listComments({ group, ideaId: idea.id, viewerId: a.id }).threads).toEqual([]);
    expect(ideaById(idea.id).commentCount).toBe(0);
    expectCountersExact(idea.id);
  });
});

describe("long discussions", () => {
  it("show the latest conversations and count the earlier ones; all of them, or from a linked comment, on request", async () => {
    const { group, board, idea, members } = await world({ members: 2 });
    const [a, b] = members;
    const tops: number[] = [];
    for (let i = 0; i < THREADS_SHOWN + 5; i++) {
      const top = addComment({ group, number: idea.number, author: author(a), body: `Conversation ${i}`, parentId: null });
      if (!top.ok) throw new Error(top.error);
      tops.push(top.id);
    }
    // Two replies to the first conversation, one to the second (then deleted): all earlier than the latest THREADS_SHOWN.
    const replies = [0, 0, 1].map((t) => addComment({ group, number: idea.number, author: author(b), body: `Reply to ${t}`, parentId: tops[t] }));
    for (const r of replies) if (!r.ok) throw new Error(r.error);
    const goneReply = replies[2].ok ? replies[2].id : 0;
    expect(deleteComment({ ideaId: idea.id, commentId: goneReply, authorId: b.id }).ok).toBe(true);
    // A deleted conversation with no replies is not counted at all.
    expect(deleteComment({ ideaId: idea.id, commentId: tops[3], authorId: a.id }).ok).toBe(true);

    const latest = listComments({ group, ideaId: idea.id, viewerId: a.id });
    expect(latest.threads.map((t) => t.id)).toEqual(tops.slice(5));
    expect(latest.hiddenThreads).toBe(4); // 0, 1, 2, 4 (3 is gone)
    expect(latest.hiddenComments).toBe(6); // four conversations and the first one's two replies
    expect(latest.threads.every((t) => t.html.includes("Conversation"))).toBe(true);

    // The first page (old ?comments=all links): here every conversation, as there are fewer than a page holds.
    const all = listComments({ group, ideaId: idea.id, viewerId: a.id, show: "first" });
    expect(all.threads.map((t) => t.id)).toEqual(tops.filter((id) => id !== tops[3]));
    expect(all.threads[0].replies).toHaveLength(2);
    expect([all.hiddenThreads, all.hiddenComments]).toEqual([0, 0]);

    // A link to the second reply of the first conversation shows that conversation and every later one.
    const firstReply = replies[0].ok ? replies[0].id : 0;
    const around = listComments({ group, ideaId: idea.id, viewerId: a.id, around: replies[1].ok ? replies[1].id : 0 });
    expect(around.threads[0].id).toBe(tops[0]);
    expect(around.threads[0].replies.map((r) => r.id)).toContain(firstReply);
    expect(around.hiddenComments).toBe(0);
    const second = listComments({ group, ideaId: idea.id, viewerId: a.id, around: tops[2] });
    expect(second.threads.map((t) => t.id)).toEqual(tops.slice(2).filter((id) => id !== tops[3]));
    expect(second.hiddenComments).toBe(4); // conversation 0 with its two replies, conversation 1 (its reply was deleted)
    // A comment of another idea, or one that does not exist, changes nothing.
    const other = makeIdea({ groupId: group.id, boardId: board.id, authorId: a.id, title: "Another idea entirely" });
    const elsewhere = addComment({ group, number: other.number, author: author(a), body: "On the other idea", parentId: null });
    if (!elsewhere.ok) throw new Error(elsewhere.error);
    expect(listComments({ group, ideaId: idea.id, viewerId: a.id, around: elsewhere.id }).hiddenThreads).toBe(4);
    expect(listComments({ group, ideaId: idea.id, viewerId: a.id, around: 999_999 }).hiddenThreads).toBe(4);
  });

  it("brings the reader back to the view they deleted a comment from", async () => {
    const { group, idea, members } = await world({ members: 1 });
    const [a] = members;
    const ids: number[] = [];
    for (let i = 0; i < THREADS_SHOWN + 2; i++) {
      const c = addComment({ group, number: idea.number, author: author(a), body: `Conversation ${i}`, parentId: null });
      if (!c.ok) throw new Error(c.error);
      ids.push(c.id);
    }
    const path = `/g/${group.slug}/ideas/${idea.number}`;
    const cookie = await sessionCookie(a.id);
    const del = (search: string, id: number) =>
      callAction(ideaRoute as never, postRequest(`${path}${search}`, { intent: "deleteComment", commentId: String(id) }, { cookie }), {
        slug: group.slug,
        number: String(idea.number),
      });
    // From every earlier conversation: back to all of them, not to the latest 30.
    expect((await del("?comments=all", ids[0])).location).toBe(`${path}?comments=all#comments`);
    // From a linked comment's conversation: back to it. Anything else in the address is not carried over.
    expect((await del(`?comment=${ids[1]}&replyTo=${ids[1]}&next=https://evil.example`, ids[2])).location).toBe(`${path}?comment=${ids[1]}#comments`);
    expect((await del("", ids[3])).location).toBe(`${path}#comments`);
  });
});

describe("mentions", () => {
  async function mentionWorld() {
    const w = await world({ members: 0 });
    const person = async (name: string, role: "member" | "staff" = "member", state?: "active" | "banned" | "left") => {
      const u = await createUser({ name, role });
      if (state) addMember(w.group.id, u.id, { state });
      return u;
    };
    return {
      ...w,
      maija: await person("Maija Mäkinen", "member", "active"),
      pekka: await person("Pekka Pouta", "member", "active"),
      banned: await person("Bertta Banned", "member", "banned"),
      left: await person("Leevi Left", "member", "left"),
      outsider: await person("Olli Outsider"),
      staff: await person("Sanna Staff", "staff"),
    };
  }
  const mentionsOf = (userId: string) => notes(userId).filter((n) => n.kind === "mentioned");

  it("gives users handles from their names", async () => {
    const u = await createUser({ name: "Anna-Liisa Ärrä Öljy" });
    expect(u.handle).toBe(handleFor("Anna-Liisa Ärrä Öljy"));
    expect(u.handle).toMatch(/^anna-liisa-ärrä-öljy(-\d+)?$/);
    const twin = await createUser({ name: "Anna-Liisa Ärrä Öljy" });
    expect(twin.handle).not.toBe(u.handle);
  });

  it("notifies each mentioned active member and staff exactly once, and nobody else", async () => {
    const w = await mentionWorld();
    const body = `@${w.maija.handle} and again @${w.maija.handle}, also @${w.writer.handle} @${w.banned.handle} @${w.left.handle} @${w.outsider.handle} @nobody-here-at-all @${w.staff.handle}`;
    const c = addComment({ group: w.group, number: w.idea.number, author: author(w.writer), body, parentId: null });
    if (!c.ok) throw new Error(c.error);
    expect(notesAbout(w.maija.id, c.id).map((n) => n.kind)).toEqual(["mentioned"]);
    expect(notesAbout(w.staff.id, c.id).map((n) => n.kind)).toEqual(["mentioned"]);
    expect(notesAbout(w.maija.id, c.id)[0]).toMatchObject({
      groupId: w.group.id,
      data: { name: w.writer.name, number: String(w.idea.number), title: "Dark mode for the app" },
    });
    for (const nobody of [w.writer, w.banned, w.left, w.outsider, w.pekka]) expect(notes(nobody.id)).toEqual([]);
  });

  it("matches a mention whatever its case", async () => {
    const w = await mentionWorld();
    const c = addComment({
      group: w.group,
      number: w.idea.number,
      author: author(w.writer),
      body: `Hei @${w.maija.handle!.toLocaleUpperCase("fi")}!`,
      parentId: null,
    });
    if (!c.ok) throw new Error(c.error);
    expect(mentionsOf(w.maija.id)).toHaveLength(1);
  });

  it("tells the parent's author about a reply, unless the reply mentions them (then only the mention)", async () => {
    const w = await mentionWorld();
    const top = addComment({ group: w.group, number: w.idea.number, author: author(w.maija), body: "What about tablets?", parentId: null });
    if (!top.ok) throw new Error(top.error);
    const plain = addComment({ group: w.group, number: w.idea.number, author: author(w.pekka), body: "Tablets too", parentId: top.id });
    if (!plain.ok) throw new Error(plain.error);
    expect(notesAbout(w.maija.id, plain.id).map((n) => n.kind)).toEqual(["replied"]);

    const mentioning = addComment({ group: w.group, number: w.idea.number, author: author(w.pekka), body: `@${w.maija.handle} see above`, parentId: top.id });
    if (!mentioning.ok) throw new Error(mentioning.error);
    expect(notesAbout(w.maija.id, mentioning.id).map((n) => n.kind)).toEqual(["mentioned"]);

    // Replying to your own comment tells nobody; a reply to a reply tells that reply's author.
    const own = addComment({ group: w.group, number: w.idea.number, author: author(w.maija), body: "Thanks", parentId: top.id });
    if (!own.ok) throw new Error(own.error);
    expect(notesAbout(w.maija.id, own.id)).toEqual([]);
    const deep = addComment({ group: w.group, number: w.idea.number, author: author(w.writer), body: "Agreed", parentId: plain.id });
    if (!deep.ok) throw new Error(deep.error);
    expect(notesAbout(w.pekka.id, deep.id).map((n) => n.kind)).toEqual(["replied"]);
    // Maija follows the idea since her comment: she hears of the reply to a reply as a new comment, not a reply.
    expect(notesAbout(w.maija.id, deep.id).map((n) => n.kind)).toEqual(["comment"]);
  });

  it("does not tell a parent's author about a reply once they are out of the group", async () => {
    const w = await mentionWorld();
    const leaver = await createUser({ name: "Liisa Leaving" });
    addMember(w.group.id, leaver.id);
    const top = addComment({ group: w.group, number: w.idea.number, author: author(leaver), body: "My last words here", parentId: null });
    if (!top.ok) throw new Error(top.error);
    db()
      .update(schema.memberships)
      .set({ state: "banned" })
      .where(and(eq(schema.memberships.groupId, w.group.id), eq(schema.memberships.userId, leaver.id)))
      .run();
    const reply = addComment({ group: w.group, number: w.idea.number, author: author(w.pekka), body: "Answering anyway", parentId: top.id });
    if (!reply.ok) throw new Error(reply.error);
    // Someone who has left the group (or was banned or removed) is not told: the notification would carry the
    // private group's idea title and the replier's name, and link to a page that is a 404 for them.
    expect(notes(leaver.id)).toEqual([]);
  });

  it("tells only newly mentioned people when a comment is edited", async () => {
    const w = await mentionWorld();
    const c = addComment({ group: w.group, number: w.idea.number, author: author(w.writer), body: `cc @${w.maija.handle}`, parentId: null });
    if (!c.ok) throw new Error(c.error);
    expect(mentionsOf(w.maija.id)).toHaveLength(1);
    expect(
      editComment({ group: w.group, ideaId: w.idea.id, commentId: c.id, author: author(w.writer), body: `cc @${w.maija.handle} @${w.pekka.handle}` }).ok,
    ).toBe(true);
    expect(mentionsOf(w.maija.id)).toHaveLength(1);
    expect(mentionsOf(w.pekka.id)).toHaveLength(1);
    expect(
      editComment({ group: w.group, ideaId: w.idea.id, commentId: c.id, author: author(w.writer), body: `cc @${w.pekka.handle} (and @${w.pekka.handle})` }).ok,
    ).toBe(true);
    expect(mentionsOf(w.pekka.id)).toHaveLength(1);
    expect(mentionsOf(w.maija.id)).toHaveLength(1);
    // Taking a mention out and putting it back tells nobody twice about the same comment.
    for (const body of ["no mentions now", `back: @${w.maija.handle}`, "gone again", `@${w.maija.handle}!`]) {
      expect(editComment({ group: w.group, ideaId: w.idea.id, commentId: c.id, author: author(w.writer), body }).ok).toBe(true);
    }
    expect(mentionsOf(w.maija.id)).toHaveLength(1);
  });

  it("does not mention people inside code or link text", async () => {
    const w = await mentionWorld();
    const body = `\`@${w.maija.handle}\` and [@${w.pekka.handle}](https://example.com)\n\n\`\`\`\n@${w.maija.handle}\n\`\`\``;
    expect(addComment({ group: w.group, number: w.idea.number, author: author(w.writer), body, parentId: null }).ok).toBe(true);
    expect(mentionsOf(w.maija.id)).toHaveLength(0);
    expect(mentionsOf(w.pekka.id)).toHaveLength(0);
  });

  it("keeps a discussion's title from someone who has left the group, in the notification list", async () => {
    const w = await mentionWorld();
    expect(addComment({ group: w.group, number: w.idea.number, author: author(w.writer), body: `cc @${w.maija.handle}`, parentId: null }).ok).toBe(true);
    const list = async () =>
      (await callLoader(notificationsRoute as never, getRequest("/notifications", { cookie: await sessionCookie(w.maija.id) }))).data.rows as {
        kind: string;
        data: Record<string, string>;
        groupVisible: boolean;
      }[];
    expect((await list()).find((n) => n.kind === "mentioned")).toMatchObject({ groupVisible: true, data: { title: "Dark mode for the app" } });
    expect(leaveGroup({ group: w.group, userId: w.maija.id })).toBe(true);
    const after = (await list()).find((n) => n.kind === "mentioned")!;
    expect(after.groupVisible).toBe(false);
    expect(after.data).toEqual({});
  });

  it("renders a resolved mention as a link to the member's profile, and leaves unknown words and e-mail addresses alone", async () => {
    const w = await mentionWorld();
    const ab = await createUser({ name: "Ab" }); // handle "ab" (or "ab-2"): the domain below must not mention it
    addMember(w.group.id, ab.id);
    const domain = ab.handle!;
    const body = `Thanks @${w.maija.handle}! Ask @nobody-here-at-all or write to a@${domain}.fi or x@${domain}`;
    const c = addComment({ group: w.group, number: w.idea.number, author: author(w.writer), body, parentId: null });
    if (!c.ok) throw new Error(c.error);
    const html = listComments({ group: w.group, ideaId: w.idea.id, viewerId: w.writer.id }).threads[0].html;
    const link = new RegExp(`<a href="/g/${w.group.slug}/members/${w.maija.id}"[^>]*>@Maija Mäkinen</a>`);
    expect(html).toMatch(link);
    expect(html).not.toContain(`@${w.maija.handle}`);
    expect(html).toContain("@nobody-here-at-all");
    expect(html).toContain(`a@${domain}.fi`);
    expect(html).toContain(`x@${domain}`);
    expect(html).not.toContain("@Ab<");
    expect(html.match(/class="mention"/g)).toHaveLength(1);
    expect(notes(ab.id)).toEqual([]);
  });
});

describe("withdrawal", () => {
  it("lets only the author withdraw an open or under-review idea; it leaves the list but its page stays", async () => {
    const { group, board, idea, writer, members } = await world();
    expect(withdrawIdea({ group, number: idea.number, userId: members[0].id, readOnly: false })).toEqual({ ok: false, error: "notAllowed" });
    expect(withdrawIdea({ group, number: idea.number, userId: writer.id, readOnly: true })).toEqual({ ok: false, error: "notAllowed" });
    expect(withdrawIdea({ group, number: 999, userId: writer.id, readOnly: false })).toEqual({ ok: false, error: "notFound" });

    const reviewed = makeIdea({ groupId: group.id, boardId: board.id, authorId: writer.id, title: "Under review idea" });
    const planned = makeIdea({ groupId: group.id, boardId: board.id, authorId: writer.id, title: "Planned idea" });
    db().update(schema.ideas).set({ status: "under_review" }).where(eq(schema.ideas.id, reviewed.id)).run();
    db().update(schema.ideas).set({ status: "planned" }).where(eq(schema.ideas.id, planned.id)).run();
    expect(withdrawIdea({ group, number: planned.number, userId: writer.id, readOnly: false })).toEqual({ ok: false, error: "notAllowed" });
    expect(withdrawIdea({ group, number: reviewed.number, userId: writer.id, readOnly: false })).toEqual({ ok: true });
    expect(withdrawIdea({ group, number: idea.number, userId: writer.id, readOnly: false })).toEqual({ ok: true });

    expect(list(group, writer.id).rows.map((r) => r.number)).toEqual([planned.number]);
    expect(list(group, writer.id, { boardId: board.id }).total).toBe(1);
    const found = findIdea({ groupId: group.id, number: idea.number, viewerId: writer.id });
    expect(found).not.toBeNull();
    expect(found!.withdrawnAt).toEqual(expect.any(Number));
    expect(addComment({ group, number: idea.number, author: author(members[0]), body: "Too late", parentId: null })).toEqual({ ok: false, error: "closed" });
    expect(withdrawIdea({ group, number: idea.number, userId: writer.id, readOnly: false })).toEqual({ ok: false, error: "notAllowed" });
  });
});

describe("tags", () => {
  it("refuses tags of another group or unknown ones (changing nothing), and deleting a tag takes it off every idea", async () => {
    const { group, idea, writer } = await world();
    const mine = makeTag(group.id, "Mobile");
    const alsoMine = makeTag(group.id, "Web");
    const other = makeGroup();
    const foreign = makeTag(other.id, "Foreign");
    expect(execute(setIdeaTagsCommand, actorFor(writer), { groupId: group.id, number: idea.number, tagIds: [mine.id, alsoMine.id] }).ok).toBe(true);
    expect(() => setIdeaTags(db(), { groupId: group.id, ideaId: idea.id, tagIds: [mine.id, foreign.id, 987654] })).toThrow(UnknownTagError);
    expect(execute(setIdeaTagsCommand, actorFor(writer), { groupId: group.id, number: idea.number, tagIds: [mine.id, foreign.id, 987654] })).toMatchObject({
      ok: false,
      error: { code: "invalid", fieldErrors: { tags: ["validation.unknownTag"] } },
    });
    expect(
      findIdea({ groupId: group.id, number: idea.number, viewerId: writer.id })!
        .tags.map((t) => t.id)
        .sort(),
    ).toEqual([mine.id, alsoMine.id].sort());
    expect(count("SELECT count(*) AS n FROM idea_tags WHERE tag_id = ?", foreign.id)).toBe(0);
    expect(execute(setIdeaTagsCommand, actorFor(writer), { groupId: group.id, number: 999, tagIds: [mine.id] })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });

    expect(deleteTag({ actorId: writer.id, groupId: group.id, tagId: mine.id })).toBe(true);
    expect(findIdea({ groupId: group.id, number: idea.number, viewerId: writer.id })!.tags.map((t) => t.id)).toEqual([alsoMine.id]);
    expect(count("SELECT count(*) AS n FROM idea_tags WHERE tag_id = ?", mine.id)).toBe(0);
    // A tag of another group cannot be deleted from here.
    expect(deleteTag({ actorId: writer.id, groupId: group.id, tagId: foreign.id })).toBe(false);
    expect(list(group, writer.id, { tagId: alsoMine.id }).rows.map((r) => r.id)).toEqual([idea.id]);
    expect(list(group, writer.id, { tagId: mine.id }).total).toBe(0);
  });
});

describe("boards", () => {
  it("moves boards by swapping positions; moving the first up or the last down does nothing", async () => {
    const group = makeGroup();
    const mod = await createUser();
    addMember(group.id, mod.id, { role: "moderator" });
    const [a, b, c] = [makeBoard(group.id, { name: "Alpha" }), makeBoard(group.id, { name: "Beta" }), makeBoard(group.id, { name: "Gamma" })];
    const order = () => listBoards(group.id).map((x) => x.name);
    expect(order()).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(moveBoard({ actorId: mod.id, groupId: group.id, boardId: a.id, direction: "up" })).toEqual({ ok: false, error: "atEdge" });
    expect(moveBoard({ actorId: mod.id, groupId: group.id, boardId: c.id, direction: "down" })).toEqual({ ok: false, error: "atEdge" });
    expect(order()).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(moveBoard({ actorId: mod.id, groupId: group.id, boardId: c.id, direction: "up" })).toEqual({ ok: true });
    expect(order()).toEqual(["Alpha", "Gamma", "Beta"]);
    expect(moveBoard({ actorId: mod.id, groupId: group.id, boardId: a.id, direction: "down" })).toEqual({ ok: true });
    expect(order()).toEqual(["Gamma", "Alpha", "Beta"]);
    const positions = listBoards(group.id).map((x) => x.position);
    expect(new Set(positions).size).toBe(3);
    // A board of another group is not moved.
    const other = makeGroup();
    expect(moveBoard({ actorId: mod.id, groupId: other.id, boardId: b.id, direction: "up" })).toEqual({ ok: false, error: "notFound" });
    expect(order()).toEqual(["Gamma", "Alpha", "Beta"]);
  });

  it("refuses to delete a board with ideas, and a closed board takes no new ideas", async () => {
    const group = makeGroup();
    const u = await createUser();
    addMember(group.id, u.id);
    const full = makeBoard(group.id);
    const empty = makeBoard(group.id);
    const closed = makeBoard(group.id, { closed: true });
    const idea = makeIdea({ groupId: group.id, boardId: full.id, authorId: u.id });
    expect(deleteBoard({ actorId: u.id, groupId: group.id, boardId: full.id })).toEqual({ ok: false, error: "notEmpty" });
    // Even a withdrawn idea keeps its board.
    withdrawIdea({ group, number: idea.number, userId: u.id, readOnly: false });
    expect(deleteBoard({ actorId: u.id, groupId: group.id, boardId: full.id })).toEqual({ ok: false, error: "notEmpty" });
    expect(deleteBoard({ actorId: u.id, groupId: group.id, boardId: empty.id })).toEqual({ ok: true });
    expect(deleteBoard({ actorId: u.id, groupId: group.id, boardId: empty.id })).toEqual({ ok: false, error: "notFound" });
    expect(listBoards(group.id).map((b) => b.id)).toEqual([full.id, closed.id]);

    expect(createIdea({ group, boardId: closed.id, authorId: u.id, title: "Into a closed board", body: "", tagIds: [] })).toEqual({
      ok: false,
      error: "boardClosed",
    });
    expect(db().transaction((tx) => insertIdea(tx, { groupId: group.id, boardId: closed.id, authorId: u.id, title: "Raw", body: "", tagIds: [] }))).toEqual({
      ok: false,
      error: "boardClosed",
    });
    expect(count("SELECT count(*) AS n FROM ideas WHERE board_id = ?", closed.id)).toBe(0);
  });
});

describe("suggestMentions", () => {
  it("suggests active members and staff by handle prefix or the start of any word of the name, ignoring ASCII case", async () => {
    const group = makeGroup();
    const person = async (name: string, options: { role?: "member" | "staff" | "admin"; state?: "active" | "banned" | "left" | "requested" } = {}) => {
      const u = await createUser({ name, role: options.role ?? "member" });
      if (options.state) addMember(group.id, u.id, { state: options.state });
      return u;
    };
    const xyla = await person("Xyla Virtanen", { state: "active" });
    const kalle = await person("Kalle Xylander", { state: "active" });
    const staff = await person("Xylo Staff", { role: "staff" });
    const admin = await person("Ada Xylophone", { role: "admin" });
    await person("Xylem Banned", { state: "banned" });
    await person("Xyloid Left", { state: "left" });
    await person("Xylitol Requested", { state: "requested" });
    await person("Xyz Outsider");
    const names = (q: string) => suggestMentions({ groupId: group.id, q }).map((s) => s.name);

    expect(names("xyl")).toEqual([admin.name, kalle.name, xyla.name, staff.name]);
    expect(names("XYL")).toEqual(names("xyl"));
    expect(names("xYlAnD")).toEqual([kalle.name]);
    expect(names(`${xyla.handle!.slice(0, 8)}`)).toEqual([xyla.name]); // "xyla-vir": only the handle matches
    expect(names("ylan")).toEqual([]); // not from the middle of a word
    expect(names("Xyz")).toEqual([]);
    expect(names("%")).toEqual([]); // LIKE wildcards are literal
    expect(names("_yl")).toEqual([]);
    const suggestion = suggestMentions({ groupId: group.id, q: "virt" })[0];
    expect(suggestion).toEqual({ id: xyla.id, name: xyla.name, handle: xyla.handle });
  });
});

describe("suggestMentions with non-ASCII names", () => {
  it("finds a later word of the name that starts with Ä or Ö when typed as written", async () => {
    const group = makeGroup();
    const ohman = await createUser({ name: "Pekka Öhman" });
    const aijala = await createUser({ name: "Aino Äijälä" });
    addMember(group.id, ohman.id);
    addMember(group.id, aijala.id);
    const names = (q: string) => suggestMentions({ groupId: group.id, q }).map((s) => s.name);
    expect(names("pek")).toEqual([ohman.name]);
    // SQLite's lower() folds ASCII only; a later word of a name that starts with a non-ASCII capital is found
    // through the handle, which the app lower-cases ("Öhm" finds "Pekka Öhman").
    expect(names("Öhm")).toEqual([ohman.name]);
    expect(names("Äij")).toEqual([aijala.name]);
  });
});

describe("listIdeas basics", () => {
  it("marks the viewer's votes and reads counters", async () => {
    const { group, idea, members } = await world();
    castVote({ groupId: group.id, number: idea.number, userId: members[0].id, voted: true });
    addComment({ group, number: idea.number, author: author(members[1]), body: "Nice", parentId: null });
    const [row] = list(group, members[0].id).rows;
    expect(row).toMatchObject({ number: idea.number, voteCount: 1, commentCount: 1, voted: 1 });
    expect(list(group, members[1].id).rows[0].voted).toBe(0);
    expect(
      db()
        .select()
        .from(schema.votes)
        .where(and(eq(schema.votes.ideaId, idea.id), eq(schema.votes.userId, members[0].id)))
        .all(),
    ).toHaveLength(1);
  });
});

describe("list excerpts", () => {
  it("strips markdown to a short plain preview", () => {
    expect(plainExcerpt("**Bold** and _em_ text")).toBe("Bold and em text");
    expect(plainExcerpt("# Heading\n\n- item one\n- item two")).toBe("Heading item one item two");
    expect(plainExcerpt("A [link](https://example.test) here")).toBe("A link here");
    expect(plainExcerpt("```\nconst secret = 1;\n```\nafter")).toBe("after");
    const long = plainExcerpt("word ".repeat(100));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith("…")).toBe(true);
  });

  it("keeps hyphens inside words and minus signs", () => {
    // Only markdown markers go: dashes inside words and a minus sign stay ("-5 astetta" is minus five degrees).
    expect(plainExcerpt("Push-ilmoitukset ja e-mail")).toBe("Push-ilmoitukset ja e-mail");
    expect(plainExcerpt("Lämpötila -5 astetta")).toBe("Lämpötila -5 astetta");
  });
});
