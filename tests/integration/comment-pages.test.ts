// A long discussion comes in bounded pages (issue 11, item 14), against a real SQLite file: the latest
// conversations by default, earlier and later pages of at most THREADS_PER_PAGE conversations (and about
// COMMENTS_PER_PAGE comments) addressed by the conversation they come before or after, every comment on exactly
// one page of a walk in either direction, the idea's history split over the pages by time, a link to an old
// comment landing on the page that holds it, and old `?comments=all` links served one bounded page.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { COMMENTS_PER_PAGE, listComments, THREADS_PER_PAGE, THREADS_SHOWN, type CommentPage, type DiscussionView } from "../../app/models/comment.server";
import * as ideaRoute from "../../app/routes/g.$slug.ideas.$number/route";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { callLoader, getRequest } from "../support/remix";

type Spec = { replies: number; deletedTop?: boolean; deletedReplies?: number };

/**
 * An idea with one conversation per spec, written straight into the table (the model's addComment is tested
 * elsewhere; here only the shape matters), one minute apart, replies right after their conversation started.
 */
async function discussion(specs: Spec[]) {
  const group = makeGroup({ name: `Long talk ${Math.random().toString(36).slice(2, 8)}` });
  const board = makeBoard(group.id, { name: "Ideas" });
  const member = await createUser({ name: "Pia Poster" });
  addMember(group.id, member.id);
  const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: member.id, title: "A very long discussion" });
  const insert = db().$client.prepare(
    "INSERT INTO comments (idea_id, group_id, parent_id, author_id, body, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const visible: number[] = [];
  const tops: number[] = [];
  const replyIds: number[][] = [];
  let at = Date.now() - specs.length * 60_000 - 1_000_000;
  db().$client.transaction(() => {
    specs.forEach((spec, i) => {
      at += 60_000;
      const top = (insert.get(idea.id, group.id, null, member.id, `Conversation ${i}`, at, spec.deletedTop ? at : null) as { id: number }).id;
      tops.push(top);
      const mine: number[] = [];
      for (let r = 0; r < spec.replies; r++) {
        const gone = r < (spec.deletedReplies ?? 0);
        const id = (insert.get(idea.id, group.id, top, member.id, `Reply ${r} to ${i}`, at + r + 1, gone ? at : null) as { id: number }).id;
        if (!gone) mine.push(id);
      }
      replyIds.push(mine);
      // A deleted conversation stays (as a placeholder) only while it has live replies.
      if (!spec.deletedTop) visible.push(top);
      visible.push(...mine);
    });
  })();
  return { group, idea, member, tops, replyIds, visible };
}

const idsOf = (page: CommentPage) => page.threads.flatMap((t) => [...(t.deleted ? [] : [t.id]), ...t.replies.map((r) => r.id)]);
const weightOf = (page: CommentPage) => idsOf(page).length;

function expectBounded(page: CommentPage) {
  expect(page.threads.length).toBeLessThanOrEqual(THREADS_PER_PAGE);
  if (page.threads.length > 1) expect(weightOf(page)).toBeLessThanOrEqual(COMMENTS_PER_PAGE);
}

/** 260 conversations: most plain, every ninth with four replies, a few deleted with and without replies. */
const SPECS: Spec[] = Array.from({ length: 260 }, (_, i) =>
  i % 9 === 0
    ? { replies: 4, deletedReplies: i % 27 === 0 ? 1 : 0 }
    : i % 31 === 5
      ? { replies: 0, deletedTop: true }
      : i % 37 === 6
        ? { replies: 2, deletedTop: true }
        : { replies: 0 },
);

describe("a long discussion in pages", () => {
  it("walks back from the latest page to the first and forward again, every comment exactly once, no page over the bounds", async () => {
    const d = await discussion(SPECS);
    const view = (v: DiscussionView) => listComments({ group: d.group, ideaId: d.idea.id, viewerId: d.member.id, ...v });

    const latest = view({});
    expect(latest.threads).toHaveLength(THREADS_SHOWN);
    expect(latest.laterThreads).toBe(0);
    const backward = [latest];
    while (backward.at(-1)!.hiddenThreads > 0) {
      const page = view({ before: backward.at(-1)!.firstId });
      expect(page.threads.length).toBeGreaterThan(0);
      backward.push(page);
    }
    const forward = [view({ show: "first" })];
    while (forward.at(-1)!.laterThreads > 0) forward.push(view({ after: forward.at(-1)!.lastId }));

    for (const walk of [backward, forward]) {
      walk.forEach(expectBounded);
      const seen = walk.flatMap(idsOf);
      expect(seen.length).toBe(new Set(seen).size);
      expect(new Set(seen)).toEqual(new Set(d.visible));
      // The counts of what lies before and after each page add up to the whole discussion.
      for (const page of walk) expect(page.hiddenComments + weightOf(page) + page.laterComments).toBe(d.visible.length);
    }
    expect(backward.length).toBeGreaterThanOrEqual(3);
    // The history's time spans tile: each page ends where the later one begins, the first from the start, the last to now.
    const oldestFirst = [...backward].reverse();
    expect(oldestFirst[0].since).toBeNull();
    expect(oldestFirst.at(-1)!.until).toBeNull();
    for (let i = 1; i < oldestFirst.length; i++) expect(oldestFirst[i - 1].until).toBe(oldestFirst[i].since);
  });

  it("keeps a conversation whole: a huge one is a page of its own, and the pages around it still tile", async () => {
    const specs: Spec[] = [
      ...Array.from({ length: 40 }, () => ({ replies: 1 })),
      { replies: COMMENTS_PER_PAGE + 50 },
      ...Array.from({ length: 40 }, () => ({ replies: 0 })),
    ];
    const d = await discussion(specs);
    const seen: number[] = [];
    let page = listComments({ group: d.group, ideaId: d.idea.id, viewerId: d.member.id, show: "first" });
    const pages = [page];
    while (page.laterThreads > 0) pages.push((page = listComments({ group: d.group, ideaId: d.idea.id, viewerId: d.member.id, after: page.lastId })));
    for (const p of pages) {
      expectBounded(p);
      seen.push(...idsOf(p));
    }
    expect(seen.sort((a, b) => a - b)).toEqual([...d.visible].sort((a, b) => a - b));
    const huge = pages.find((p) => p.threads.some((t) => t.id === d.tops[40]))!;
    expect(huge.threads.map((t) => t.id)).toEqual([d.tops[40]]);
    expect(huge.threads[0].replies).toHaveLength(COMMENTS_PER_PAGE + 50);
  });

  it("lands a link to an old comment on the page that starts with its conversation", async () => {
    const d = await discussion(SPECS);
    const old = d.replyIds[18][2]; // a reply in the 19th conversation, long before the latest page
    const page = listComments({ group: d.group, ideaId: d.idea.id, viewerId: d.member.id, around: old });
    expect(page.threads[0].id).toBe(d.tops[18]);
    expect(page.threads[0].replies.map((r) => r.id)).toContain(old);
    expectBounded(page);
    expect(page.hiddenThreads).toBeGreaterThan(0);
    expect(page.laterThreads).toBeGreaterThan(0);
    // A recent comment keeps the latest page.
    const recent = listComments({ group: d.group, ideaId: d.idea.id, viewerId: d.member.id, around: d.tops.at(-1)! });
    expect(recent.laterThreads).toBe(0);
    expect(recent.threads).toHaveLength(THREADS_SHOWN);
  });

  it("serves old ?comments=all links, ?before= and ?comment= through the idea page's loader, each one bounded page", async () => {
    const d = await discussion(SPECS);
    const cookie = await sessionCookie(d.member.id);
    const load = (search: string) =>
      callLoader(ideaRoute as never, getRequest(`/g/${d.group.slug}/ideas/${d.idea.number}${search}`, { cookie }), {
        slug: d.group.slug,
        number: String(d.idea.number),
      });
    const all = await load("?comments=all");
    expect(all.status).toBe(200);
    expect(all.data.comments.threads.length).toBeLessThanOrEqual(THREADS_PER_PAGE);
    expect(all.data.comments.hiddenThreads).toBe(0);
    expect(all.data.comments.laterThreads).toBeGreaterThan(0);
    const before = await load(`?before=${d.tops[200]}`);
    expect(before.data.comments.threads.at(-1).id).toBe(d.tops[199]);
    const linked = await load(`?comment=${d.replyIds[18][1]}`);
    expect(linked.data.comments.threads[0].id).toBe(d.tops[18]);
    // Nonsense in the address falls back to the latest page.
    const junk = await load("?before=0x10&after=-1&comments=everything");
    expect(junk.status).toBe(200);
    expect(junk.data.comments.threads).toHaveLength(THREADS_SHOWN);
  });

  it("never shows an empty page with no way out: ?before= the first conversation or ?after= the last gives the nearest real page", async () => {
    const d = await discussion(SPECS);
    const view = (v: DiscussionView) => listComments({ group: d.group, ideaId: d.idea.id, viewerId: d.member.id, ...v });
    for (const page of [view({ before: d.tops[0] }), view({ before: 1 })]) {
      expect(page.threads[0].id).toBe(d.tops[0]);
      expect(page.hiddenThreads).toBe(0);
      expect(page.laterThreads).toBeGreaterThan(0);
      expect(page.lastId).not.toBeNull();
      expectBounded(page);
    }
    for (const page of [view({ after: d.tops.at(-1)! }), view({ after: 2_147_483_647 })]) {
      expect(page.threads).toHaveLength(THREADS_SHOWN);
      expect(page.threads.at(-1)!.id).toBe(d.tops.at(-1));
      expect(page.laterThreads).toBe(0);
      expect(page.firstId).not.toBeNull();
    }
  });
});
