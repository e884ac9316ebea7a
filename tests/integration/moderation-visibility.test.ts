// What hidden means on the read side (issue 13, point 4): ideas, comments, updates and introductions that are
// hidden, held or erased (set straight in the database here: the moderation commands are tested elsewhere) are
// absent for a member from every read function and loader that could show them, and present, marked, for the
// author and for reviewers (a moderator of the group, staff). A hidden comment with replies leaves a placeholder.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loopMetrics } from "../../app/features/loop/queries/metrics.server";
import { listQueue } from "../../app/features/loop/queries/queue.server";
import { listComments, type CommentThread } from "../../app/models/comment.server";
import { createPost, listPosts } from "../../app/models/group-post.server";
import { activeMembers, newestMembers } from "../../app/models/group.server";
import { listIdeas, listIdeasByAuthor, listMemberIdeas } from "../../app/models/idea.server";
import { searchMembers } from "../../app/models/member-search.server";
import { findMemberProfile, listMembers, updateIntro } from "../../app/models/membership.server";
import { similarIdeas } from "../../app/models/search.server";
import * as homeRoute from "../../app/routes/g.$slug._index";
import * as boardRoute from "../../app/routes/g.$slug.ideas._index";
import * as ideaRoute from "../../app/routes/g.$slug.ideas.$number/route";
import * as profileRoute from "../../app/routes/g.$slug.members.$userId";
import * as similarRoute from "../../app/routes/g.$slug.similar";
import * as updatesRoute from "../../app/routes/g.$slug.updates";
import * as myIdeasRoute from "../../app/routes/my-ideas";
import { makeIdea } from "../support/factories";
import { makePersonas } from "../support/personas";
import { callLoader, getRequest } from "../support/remix";

const sql = (text: string, ...params: unknown[]) =>
  db()
    .$client.prepare(text)
    .run(...params);
const now = Date.now();

type World = Awaited<ReturnType<typeof setup>>;

async function setup() {
  const p = await makePersonas({ name: "Moderated views" });
  const { group, board, users } = p;
  const idea = (title: string) => makeIdea({ groupId: group.id, boardId: board.id, authorId: users.author.id, title, body: `${title} body` });
  const shown = idea("Shown narwhal bicycle");
  const hidden = idea("Hidden walrusword bicycle");
  const held = idea("Held platypusword bicycle");
  const erased = idea("Erased axolotlword bicycle");
  const mergedHidden = idea("Merged quokkaword bicycle");
  // The member voted for the hidden idea before it was hidden.
  sql("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)", hidden.id, users.member.id, now);
  sql("UPDATE ideas SET hidden_at = ?, hidden_by = ?, hidden_reason = 'Insults in the text' WHERE id = ?", now, users.moderator.id, hidden.id);
  sql("UPDATE ideas SET held_at = ? WHERE id = ?", now, held.id);
  sql("UPDATE ideas SET erased_at = ?, title = 'axolotlword', body = '' WHERE id = ?", now, erased.id);
  sql("UPDATE ideas SET status = 'merged', merged_into_id = ?, hidden_at = ?, hidden_reason = 'spam' WHERE id = ?", shown.id, now, mergedHidden.id);

  // The hidden merged idea was merged into the shown one: its history names it.
  sql(
    "INSERT INTO idea_events (idea_id, group_id, actor_id, kind, related_idea_id, created_at) VALUES (?, ?, ?, 'merged_in', ?, ?)",
    shown.id,
    group.id,
    users.staff.id,
    mergedHidden.id,
    now - 10_000,
  );
  // Comments on the shown idea, written straight into the table.
  const insert = db().$client.prepare(
    "INSERT INTO comments (idea_id, group_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const comment = (parentId: number | null, authorId: string, body: string, at: number) =>
    (insert.get(shown.id, group.id, parentId, authorId, body, at) as { id: number }).id;
  const hiddenTop = comment(null, users.author.id, "Hidden top seacowword", now - 9000);
  const replyToHidden = comment(hiddenTop, users.member.id, "A visible reply", now - 8000);
  const hiddenAlone = comment(null, users.author.id, "Hidden alone dugongword", now - 7000);
  const visibleTop = comment(null, users.member.id, "A visible comment", now - 6000);
  const hiddenReply = comment(visibleTop, users.author.id, "Hidden reply manateeword", now - 5000);
  const heldTop = comment(null, users.author.id, "Held comment pangolinword", now - 4000);
  const erasedTop = comment(null, users.author.id, "", now - 3000);
  for (const id of [hiddenTop, hiddenAlone, hiddenReply]) sql("UPDATE comments SET hidden_at = ?, hidden_reason = 'Rude' WHERE id = ?", now, id);
  sql("UPDATE comments SET held_at = ? WHERE id = ?", now, heldTop);
  sql("UPDATE comments SET erased_at = ?, deleted_at = ?, body = '' WHERE id = ?", now, now, erasedTop);

  // Updates and an introduction.
  const shownPost = createPost({ actorId: users.moderator.id, groupId: group.id, input: { title: "Open update", body: "All fine", pinned: false } });
  const hiddenPost = createPost({ actorId: users.moderator.id, groupId: group.id, input: { title: "Hidden update ocelotword", body: "x", pinned: true } });
  sql("UPDATE group_posts SET hidden_at = ?, hidden_reason = 'Wrong group' WHERE id = ?", now, hiddenPost);
  updateIntro({ groupId: group.id, userId: users.author.id, intro: "My intro mentions caracalword" });
  sql("UPDATE memberships SET intro_hidden_at = ?, intro_hidden_reason = 'Phone number' WHERE group_id = ? AND user_id = ?", now, group.id, users.author.id);
  return {
    ...p,
    ideas: { shown, hidden, held, erased, mergedHidden },
    comments: { hiddenTop, replyToHidden, hiddenAlone, visibleTop, hiddenReply, heldTop, erasedTop },
    posts: { shownPost, hiddenPost },
  };
}

/** Every word that only moderated-away content holds. */
const SECRETS = [
  "walrusword",
  "platypusword",
  "axolotlword",
  "quokkaword",
  "seacowword",
  "dugongword",
  "manateeword",
  "pangolinword",
  "ocelotword",
  "caracalword",
];
const leaks = (data: unknown) => SECRETS.filter((s) => JSON.stringify(data).includes(s));

let w: World;
beforeAll(async () => {
  w = await setup();
});

const numbers = (rows: { number: number }[]) => rows.map((r) => r.number).sort((a, b) => a - b);
const boardQuery = (viewerId: string, extra: Partial<Parameters<typeof listIdeas>[0]> = {}) =>
  listIdeas({ groupId: w.group.id, viewerId, boardId: null, sort: "new", status: null, tagId: null, mine: false, voted: false, q: "", page: 1, ...extra });

describe("ideas moderated away", () => {
  it("are absent from boards, the merged filter, search and similar ideas for everyone", () => {
    for (const who of ["member", "author", "moderator", "staff"] as const) {
      const viewerId = w.users[who].id;
      expect(numbers(boardQuery(viewerId).rows)).toEqual([w.ideas.shown.number]);
      expect(boardQuery(viewerId).total).toBe(1);
      expect(numbers(boardQuery(viewerId, { boardId: w.board.id }).rows)).toEqual([w.ideas.shown.number]);
      expect(boardQuery(viewerId, { status: "merged" }).rows).toEqual([]);
      expect(boardQuery(viewerId, { status: "merged" }).total).toBe(0);
      expect(numbers(boardQuery(viewerId, { q: "bicycle", sort: "relevance" }).rows)).toEqual([w.ideas.shown.number]);
      for (const word of ["walrusword", "platypusword", "axolotlword", "quokkaword"]) expect(boardQuery(viewerId, { q: word }).rows).toEqual([]);
      expect(similarIdeas({ groupId: w.group.id, text: "bicycle walrusword platypusword", viewerId }).map((s) => s.number)).toEqual([w.ideas.shown.number]);
    }
  });

  it("on a profile: absent for a member, the author's own hidden and held ones marked, everything marked for reviewers", () => {
    const list = (who: "member" | "author" | "moderator" | "staff", canReview: boolean) =>
      listIdeasByAuthor({ groupId: w.group.id, authorId: w.users.author.id, viewer: { id: w.users[who].id, canReview } });
    expect(numbers(list("member", false))).toEqual([w.ideas.shown.number]);
    expect(numbers(listIdeasByAuthor({ groupId: w.group.id, authorId: w.users.author.id }))).toEqual([w.ideas.shown.number]);
    const own = list("author", false);
    expect(numbers(own)).toEqual([w.ideas.shown.number, w.ideas.hidden.number, w.ideas.held.number, w.ideas.mergedHidden.number].sort((a, b) => a - b));
    expect(own.find((i) => i.number === w.ideas.hidden.number)).toMatchObject({ moderation: "hidden", hiddenReason: "Insults in the text" });
    expect(own.find((i) => i.number === w.ideas.held.number)).toMatchObject({ moderation: "held", hiddenReason: null });
    expect(own.find((i) => i.number === w.ideas.shown.number)).toMatchObject({ moderation: null });
    for (const who of ["moderator", "staff"] as const) {
      const seen = list(who, true);
      expect(seen).toHaveLength(5);
      expect(seen.find((i) => i.number === w.ideas.erased.number)?.moderation).toBe("erased");
    }
  });

  it("on /my-ideas: a voter no longer sees a hidden idea; its author sees their hidden and held ideas marked, not the erased one", () => {
    const member = listMemberIdeas({ userId: w.users.member.id, isStaff: false, show: "all", page: 1 });
    expect(member.rows.map((r) => r.number)).toEqual([]);
    expect(member.total).toBe(0);
    const author = listMemberIdeas({ userId: w.users.author.id, isStaff: false, show: "wrote", page: 1 });
    expect(numbers(author.rows)).toEqual([w.ideas.shown.number, w.ideas.hidden.number, w.ideas.held.number, w.ideas.mergedHidden.number].sort((a, b) => a - b));
    expect(author.total).toBe(4);
    expect(author.rows.find((r) => r.number === w.ideas.hidden.number)).toMatchObject({ moderation: "hidden", hiddenReason: "Insults in the text" });
    expect(author.rows.find((r) => r.number === w.ideas.held.number)).toMatchObject({ moderation: "held" });
  });

  it("leave the response queue, the loop's metrics and the week's activity", () => {
    const queued = listQueue({ groupId: w.group.id, page: 1 });
    expect(queued.items.map((i) => i.number)).toEqual([w.ideas.shown.number]);
    expect(queued.total).toBe(1);
    const metrics = loopMetrics({ group: w.group });
    expect(metrics.total).toBe(1);
    expect(metrics.byStatus).toEqual({ open: 1 });
    const author = activeMembers(w.group.id, now - 86_400_000).find((m) => m.id === w.users.author.id);
    // One shown idea; comments: none of the author's is listed (hidden, held, erased).
    expect(author).toMatchObject({ ideas: 1, comments: 0 });
  });
});

describe("the idea page of a moderated-away idea", () => {
  const page = (who: "member" | "author" | "moderator" | "staff" | "admin", number: number) =>
    callLoader(ideaRoute as never, getRequest(`/g/${w.slug}/ideas/${number}?original=1`, { cookie: w.cookies[who] }), {
      slug: w.slug,
      number: String(number),
    });

  it("is a 404 for a member and readable, flagged, for the author and reviewers", async () => {
    for (const key of ["hidden", "held", "erased", "mergedHidden"] as const) {
      const res = await page("member", w.ideas[key].number);
      expect(res.status, key).toBe(404);
      expect(leaks(res.data)).toEqual([]);
    }
    const own = await page("author", w.ideas.hidden.number);
    expect(own.status).toBe(200);
    expect(own.data.moderated).toMatchObject({
      hidden: true,
      held: false,
      erased: false,
      hiddenReason: "Insults in the text",
      canAppeal: true,
      reviewer: false,
    });
    const ownHeld = await page("author", w.ideas.held.number);
    expect(ownHeld.data.moderated).toMatchObject({ hidden: false, held: true, canAppeal: false });
    for (const who of ["moderator", "staff", "admin"] as const) {
      const res = await page(who, w.ideas.hidden.number);
      expect(res.status, who).toBe(200);
      expect(res.data.moderated).toMatchObject({ hidden: true, reviewer: true, canAppeal: false });
    }
    const shown = await page("member", w.ideas.shown.number);
    expect(shown.status).toBe(200);
    expect(shown.data.moderated).toMatchObject({ hidden: false, held: false, erased: false, reviewer: false, canAppeal: false });
  });
});

describe("comments moderated away", () => {
  const all = (threads: CommentThread[]) => threads.flatMap((t) => [t, ...t.replies]);
  const discussion = (who: "member" | "author" | "moderator" | "staff", reviewer: boolean) =>
    listComments({ group: w.group, ideaId: w.ideas.shown.id, viewerId: w.users[who].id, reviewer });

  it("a member sees a placeholder for a hidden comment with replies and nothing of the rest", () => {
    const { threads } = discussion("member", false);
    expect(leaks(threads)).toEqual([]);
    expect(threads.map((t) => t.id)).toEqual([w.comments.hiddenTop, w.comments.visibleTop]);
    expect(threads[0]).toMatchObject({ hiddenByModerator: true, deleted: false, html: "", body: null, authorId: null, authorName: null, moderation: null });
    expect(threads[0].replies.map((r) => r.id)).toEqual([w.comments.replyToHidden]);
    expect(threads[1].replies).toEqual([]);
    expect(all(threads).every((c) => c.moderation === null && c.hiddenReason === null)).toBe(true);
  });

  it("the writer sees their own hidden and held comments marked with the reason; the erased one is deleted", () => {
    const { threads } = discussion("author", false);
    const byId = new Map(all(threads).map((c) => [c.id, c]));
    expect(byId.get(w.comments.hiddenTop)).toMatchObject({
      moderation: "hidden",
      hiddenReason: "Rude",
      hiddenByModerator: false,
      body: "Hidden top seacowword",
    });
    expect(byId.get(w.comments.hiddenAlone)).toMatchObject({ moderation: "hidden" });
    expect(byId.get(w.comments.hiddenReply)).toMatchObject({ moderation: "hidden", parentId: w.comments.visibleTop });
    expect(byId.get(w.comments.heldTop)).toMatchObject({ moderation: "held", hiddenReason: null });
    expect(byId.has(w.comments.erasedTop)).toBe(false);
  });

  it("reviewers see every hidden and held comment marked", () => {
    for (const who of ["moderator", "staff"] as const) {
      const byId = new Map(all(discussion(who, true).threads).map((c) => [c.id, c]));
      for (const id of [w.comments.hiddenTop, w.comments.hiddenAlone, w.comments.hiddenReply]) expect(byId.get(id)?.moderation).toBe("hidden");
      expect(byId.get(w.comments.heldTop)?.moderation).toBe("held");
      expect(byId.get(w.comments.hiddenTop)?.html).toContain("seacowword");
    }
  });

  it("the idea page's loader gives a member the placeholder and a moderator the comments", async () => {
    const load = (who: "member" | "moderator") =>
      callLoader(ideaRoute as never, getRequest(`/g/${w.slug}/ideas/${w.ideas.shown.number}`, { cookie: w.cookies[who] }), {
        slug: w.slug,
        number: String(w.ideas.shown.number),
      });
    const member = await load("member");
    expect(member.status).toBe(200);
    expect(leaks(member.data)).toEqual([]);
    expect(member.data.comments.threads[0]).toMatchObject({ id: w.comments.hiddenTop, hiddenByModerator: true });
    expect(member.data.events.find((e: { kind: string }) => e.kind === "merged_in")).toMatchObject({ related: null });
    const moderator = await load("moderator");
    expect(JSON.stringify(moderator.data)).toContain("pangolinword");
    expect(moderator.data.events.find((e: { kind: string }) => e.kind === "merged_in").related).toMatchObject({ number: w.ideas.mergedHidden.number });
  });
});

describe("updates and introductions moderated away", () => {
  it("a hidden update is absent for members and marked for reviewers", () => {
    expect(listPosts({ groupId: w.group.id }).map((p) => p.id)).toEqual([w.posts.shownPost]);
    const reviewed = listPosts({ groupId: w.group.id, reviewer: true });
    expect(reviewed.find((p) => p.id === w.posts.hiddenPost)).toMatchObject({ hidden: true, hiddenReason: "Wrong group" });
    expect(reviewed.find((p) => p.id === w.posts.shownPost)).toMatchObject({ hidden: false });
  });

  it("a hidden introduction is blank and unsearchable for members, shown to the member and to reviewers", () => {
    const author = w.users.author.id;
    expect(findMemberProfile(w.group.id, author, { id: w.users.member.id, canReview: false })).toMatchObject({
      intro: "",
      introHidden: false,
      introHiddenReason: null,
    });
    expect(findMemberProfile(w.group.id, author)).toMatchObject({ intro: "" });
    expect(findMemberProfile(w.group.id, author, { id: author, canReview: false })).toMatchObject({
      intro: "My intro mentions caracalword",
      introHidden: true,
      introHiddenReason: "Phone number",
    });
    expect(findMemberProfile(w.group.id, author, { id: w.users.moderator.id, canReview: true })).toMatchObject({ introHidden: true });
    expect(leaks(listMembers({ groupId: w.group.id, page: 1 }))).toEqual([]);
    expect(leaks(newestMembers(w.group.id))).toEqual([]);
    expect(searchMembers({ groupId: w.group.id, q: "caracalword", page: 1 }).rows).toEqual([]);
  });
});

describe("a member's loaders and resource routes", () => {
  it("hold nothing moderated away; the same pages hold it for reviewers where they should", async () => {
    const get = (mod: unknown, path: string, params: Record<string, string>, who: "member" | "author" | "moderator" = "member") =>
      callLoader(mod as never, getRequest(path, { cookie: w.cookies[who] }), params);
    const slug = { slug: w.slug };
    const results = [
      await get(homeRoute, `/g/${w.slug}`, slug),
      await get(boardRoute, `/g/${w.slug}/ideas`, slug),
      await get(boardRoute, `/g/${w.slug}/ideas?status=merged`, slug),
      await get(boardRoute, `/g/${w.slug}/ideas?q=bicycle`, slug),
      await get(updatesRoute, `/g/${w.slug}/updates`, slug),
      await get(similarRoute, `/g/${w.slug}/similar?q=bicycle+narwhal`, slug),
      await get(profileRoute, `/g/${w.slug}/members/${w.users.author.id}`, { ...slug, userId: w.users.author.id }),
      await get(myIdeasRoute, `/my-ideas`, {}),
    ];
    results.forEach((r, i) => {
      expect(r.status, String(i)).toBe(200);
      expect(leaks(r.data), String(i)).toEqual([]);
    });
    const ownProfile = await get(profileRoute, `/g/${w.slug}/members/${w.users.author.id}`, { ...slug, userId: w.users.author.id }, "author");
    expect(JSON.stringify(ownProfile.data)).toContain("walrusword");
    expect(JSON.stringify(ownProfile.data)).toContain("caracalword");
    const ownIdeas = await get(myIdeasRoute, `/my-ideas`, {}, "author");
    expect(JSON.stringify(ownIdeas.data)).toContain("platypusword");
    const updates = await get(updatesRoute, `/g/${w.slug}/updates`, slug, "moderator");
    expect(JSON.stringify(updates.data)).toContain("ocelotword");
  });
});
