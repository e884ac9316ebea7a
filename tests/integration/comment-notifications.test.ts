// New comments tell the idea's author and followers, against a real SQLite file: in the app once per person per
// comment (never the writer, never twice with a mention or reply, never people who can no longer see the group,
// never for a staff note), grouped into one unread item per reader and idea (count, first unread comment, latest
// writer and time), by e-mail only for those who chose it (in their language, saying why, with the one-click
// unsubscribe for this kind); and the notification centre's order: newest first by time, served by an index.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { isValidUnsubscribeToken, unsubscribeUrl } from "../../app/email/unsubscribe.server";
import { env } from "../../app/env.server";
import { translate, type Locale, type MessageKey } from "../../app/i18n";
import { actorFor, addComment, drainEvents, editComment, executeOrThrow } from "../support/ideas";
import { addComment as addCommentCommand } from "../../app/features/ideas/commands/add-comment.server";
import { forgetProgress, runSteps } from "../../app/events/dispatcher.server";
import { findGroupById, setGroupArchived } from "../../app/models/group.server";
import { castVote, setFollow } from "../../app/models/idea.server";
import { leaveGroup } from "../../app/models/membership.server";
import { execute } from "../../app/commands/command.server";
import { endMembership } from "../../app/features/groups/commands/end-membership.server";
import { addNote } from "../support/loop";
import { listNotifications } from "../../app/models/notification.server";
import * as notificationsRoute from "../../app/routes/notifications";
import * as unsubscribeRoute from "../../app/routes/unsubscribe";
import type { Group, User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const actor = (u: User) => ({ id: u.id, name: u.name, role: u.role });
const t = (locale: Locale, key: string, params?: Record<string, string | number>) => translate(locale, key as MessageKey, params);
const commentNotes = (userId: string) =>
  db()
    .select()
    .from(schema.notifications)
    .where(and(eq(schema.notifications.userId, userId), eq(schema.notifications.kind, "comment")))
    .orderBy(schema.notifications.id)
    .all();
const notesOf = (userId: string) =>
  db().select().from(schema.notifications).where(eq(schema.notifications.userId, userId)).orderBy(schema.notifications.id).all();
const mailsTo = (u: { email: string }, kind = "notify-comment") =>
  db()
    .select()
    .from(schema.emailOutbox)
    .where(and(eq(schema.emailOutbox.toAddress, u.email), eq(schema.emailOutbox.kind, kind)))
    .orderBy(schema.emailOutbox.id)
    .all();
const setCommentEmails = (u: User, choice: "immediately" | "off") =>
  db().update(schema.users).set({ emailComments: choice }).where(eq(schema.users.id, u.id)).run();

let counter = 0;
/** A group with an idea by a Finnish-speaking author, a few followers in either language, and people around them. */
async function world() {
  counter += 1;
  const group = makeGroup({ name: `Kommenttiryhmä ${counter}` });
  const board = makeBoard(group.id, { name: "Ideas" });
  const member = async (name: string, locale: Locale | null = "en") => {
    const u = await createUser({ name, locale });
    addMember(group.id, u.id);
    return u;
  };
  const author = await member("Aino Author", "fi");
  const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "Offline tickets on the phone" });
  const follow = (u: User, following = true) => expect(setFollow({ groupId: group.id, number: idea.number, userId: u.id, following }).ok).toBe(true);
  const followerEn = await member("Fiona Follower", "en");
  follow(followerEn);
  const followerFi = await member("Veikko Seuraaja", "fi");
  // Voting follows the idea.
  expect(castVote({ groupId: group.id, number: idea.number, userId: followerFi.id, voted: true }).ok).toBe(true);
  const bystander = await member("Bruno Bystander");
  const writer = await member("Wilma Writer");
  const writer2 = await member("Risto Replier", "fi");
  const comment = (u: User, body: string, parentId: number | null = null, now?: number) => {
    const added = addComment({ group, number: idea.number, author: actor(u), body, parentId, now });
    if (!added.ok) throw new Error(added.error);
    return added.id;
  };
  return { group, board, idea, author, followerEn, followerFi, bystander, writer, writer2, member, follow, comment };
}

describe("new comments tell the idea's author and followers", () => {
  it("tells the author and each follower in the app once per comment, never the writer, a bystander or an outsider", async () => {
    const w = await world();
    const staffFollower = await createUser({ role: "staff", name: "Stefan Staff" });
    w.follow(staffFollower);
    const outsider = await createUser({ name: "Olli Outsider" });
    // A stale follow row of someone outside the group (e.g. from before a data fix): never told.
    db().$client.prepare("INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)").run(w.idea.id, outsider.id, Date.now());

    const first = w.comment(w.writer, "Could the tickets work in airplane mode?");
    for (const u of [w.author, w.followerEn, w.followerFi, staffFollower]) {
      const notes = commentNotes(u.id);
      expect(notes, u.name).toHaveLength(1);
      expect(notes[0]).toMatchObject({ groupId: w.group.id, ideaId: w.idea.id, count: 1, readAt: null });
      expect(notes[0].data).toMatchObject({
        name: "Wilma Writer",
        title: "Offline tickets on the phone",
        number: String(w.idea.number),
        commentId: String(first),
      });
    }
    for (const u of [w.writer, w.bystander, outsider]) expect(notesOf(u.id), u.name).toEqual([]);
    // Commenting follows the idea: the writer now hears of the next comment by someone else, not of their own.
    w.comment(w.writer, "And on the underground lines too.");
    expect(commentNotes(w.writer.id)).toEqual([]);
    w.comment(w.writer2, "Hyvä idea.");
    expect(commentNotes(w.writer.id).map((n) => n.count)).toEqual([1]);
  });

  it("groups a busy discussion into one unread item per reader and idea, with the count, the first unread comment and the latest writer", async () => {
    const w = await world();
    const start = Date.now() - 60_000;
    const c1 = w.comment(w.writer, "One", null, start);
    w.comment(w.writer2, "Two", null, start + 1_000);
    const c3 = w.comment(w.writer, "Three", c1, start + 2_000);
    const [note] = commentNotes(w.followerEn.id);
    expect(commentNotes(w.followerEn.id)).toHaveLength(1);
    expect(note).toMatchObject({ count: 3, readAt: null, createdAt: start + 2_000 });
    expect(note.data).toMatchObject({ name: "Wilma Writer", commentId: String(c1), latestCommentId: String(c3) });
    // Writers follow from their first comment on and are not told of their own: each hears of the other's later one.
    expect(commentNotes(w.writer2.id).map((n) => [n.count, n.data.commentId])).toEqual([[1, String(c3)]]);
    expect(commentNotes(w.writer.id).map((n) => n.count)).toEqual([1]);

    // The notification centre says it with real plurals, in each reader's language.
    const rowsFor = async (u: User) =>
      (await callLoader(notificationsRoute as never, getRequest("/notifications", { cookie: await sessionCookie(u.id) }))).data.rows as {
        id: number;
        kind: string;
        count: number;
        href: string;
      }[];
    const [row] = (await rowsFor(w.followerEn)).filter((r) => r.kind === "comment");
    expect(row.count).toBe(3);
    expect(row.href).toBe(`/g/${w.group.slug}/ideas/${w.idea.number}?comment=${c1}#comment-${c1}`);
    expect(t("en", "notifications.kind.comment", { count: 3, name: "Wilma Writer", title: "Offline tickets on the phone" })).toBe(
      "3 new comments on “Offline tickets on the phone”, the latest by Wilma Writer.",
    );
    expect(t("fi", "notifications.kind.comment", { count: 3, name: "Wilma Writer", title: "X" })).toBe(
      "3 uutta kommenttia ideassa ”X”, viimeisin: Wilma Writer.",
    );
    expect(t("en", "notifications.kind.comment", { count: 1, name: "Wilma Writer", title: "X" })).toBe("Wilma Writer commented on “X”.");
    expect(t("fi", "notifications.kind.comment", { count: 1, name: "Wilma Writer", title: "X" })).toBe("Wilma Writer kommentoi ideaa ”X”.");

    // Opening it leads to the first unread comment and marks it read.
    const opened = await callAction(
      notificationsRoute as never,
      postRequest("/notifications", { intent: "open", id: String(note.id) }, { cookie: await sessionCookie(w.followerEn.id) }),
    );
    expect(opened.status).toBe(302);
    expect(opened.location).toBe(`/g/${w.group.slug}/ideas/${w.idea.number}?comment=${c1}#comment-${c1}`);
    expect(commentNotes(w.followerEn.id)[0].readAt).toEqual(expect.any(Number));
    // The next comment starts a new unread item that leads to it; the read one stays as it was.
    const c4 = w.comment(w.writer2, "Four");
    const after = commentNotes(w.followerEn.id);
    expect(after.map((n) => [n.count, n.readAt === null, n.data.commentId])).toEqual([
      [3, false, String(c1)],
      [1, true, String(c4)],
    ]);
    // Another reader's unread item just grew.
    expect(commentNotes(w.author.id).map((n) => n.count)).toEqual([4]);
    // Each idea has its own item.
    const other = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Another idea" });
    expect(addComment({ group: w.group, number: other.number, author: actor(w.writer), body: "Elsewhere", parentId: null }).ok).toBe(true);
    expect(commentNotes(w.author.id).map((n) => [n.ideaId, n.count])).toEqual([
      [w.idea.id, 4],
      [other.id, 1],
    ]);
  });

  it("keeps at most one unread comment item per reader and idea in the database itself (a partial unique index)", async () => {
    const w = await world();
    w.comment(w.writer, "One");
    const insert = () =>
      db().insert(schema.notifications).values({ userId: w.followerEn.id, kind: "comment", groupId: w.group.id, ideaId: w.idea.id, data: {} }).run();
    expect(insert).toThrow(/UNIQUE/);
    // A read one does not stand in the way, and other kinds are not affected.
    db().update(schema.notifications).set({ readAt: Date.now() }).where(eq(schema.notifications.userId, w.followerEn.id)).run();
    insert();
    db().insert(schema.notifications).values({ userId: w.followerEn.id, kind: "mentioned", groupId: w.group.id, ideaId: w.idea.id, data: {} }).run();
    db().insert(schema.notifications).values({ userId: w.followerEn.id, kind: "mentioned", groupId: w.group.id, ideaId: w.idea.id, data: {} }).run();
  });

  it("does not tell the mentioned or replied-to follower a second time about the same comment", async () => {
    const w = await world();
    const top = w.comment(w.followerEn, "My thought");
    expect(commentNotes(w.followerEn.id)).toEqual([]);
    // A reply to Fiona that also mentions Veikko (who follows through his vote) and the author.
    const reply = w.comment(w.writer, `Agreed! @${w.followerFi.handle} @${w.author.handle}`, top);
    expect(notesOf(w.followerEn.id).map((n) => n.kind)).toEqual(["replied"]);
    expect(notesOf(w.followerFi.id).map((n) => n.kind)).toEqual(["comment", "mentioned"]);
    // Veikko's comment item counts Fiona's first comment only; the reply told him as a mention.
    expect(commentNotes(w.followerFi.id).map((n) => [n.count, n.data.commentId])).toEqual([[1, String(top)]]);
    expect(notesOf(w.author.id).map((n) => n.kind)).toEqual(["comment", "mentioned"]);
    expect(commentNotes(w.author.id)[0].count).toBe(1);
    expect(
      notesOf(w.author.id)
        .filter((n) => n.data.commentId === String(reply))
        .map((n) => n.kind),
    ).toEqual(["mentioned"]);
    // The next plain comment reaches all three through their comment items again.
    w.comment(w.writer2, "Plain");
    expect(commentNotes(w.followerEn.id).map((n) => n.count)).toEqual([1]);
    expect(commentNotes(w.followerFi.id).map((n) => n.count)).toEqual([2]);
    expect(commentNotes(w.author.id).map((n) => n.count)).toEqual([2]);
  });

  it("tells people after the commit, and only those who followed when the comment was written", async () => {
    const w = await world();
    const late = await w.member("Lauri Latecomer");
    executeOrThrow(addCommentCommand, actorFor(w.writer), { groupId: w.group.id, number: w.idea.number, body: "Before you came", parentId: null });
    // Nothing is written in the command's transaction: the subscriber tells people once it runs.
    expect(commentNotes(w.author.id)).toEqual([]);
    w.follow(late);
    drainEvents();
    expect(commentNotes(w.author.id)).toHaveLength(1);
    expect(commentNotes(w.followerEn.id)).toHaveLength(1);
    expect(commentNotes(late.id)).toEqual([]);
  });

  it("tells each reader once even when the fan-out is cut off half-way and starts again (a restart)", async () => {
    const w = await world();
    const raw = db().$client;
    const crowd: string[] = [];
    raw.transaction(() => {
      for (let i = 0; i < 300; i++) {
        const id = `halfway-${counter}-${i}`;
        raw
          .prepare("INSERT INTO users (id, email, name, role, locale, handle, email_comments) VALUES (?, ?, ?, 'member', 'en', ?, 'immediately')")
          .run(id, `${id}@example.test`, `Reader ${i}`, id);
        raw.prepare("INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)").run(w.group.id, id, Date.now());
        raw.prepare("INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)").run(w.idea.id, id, Date.now());
        crowd.push(id);
      }
    })();
    executeOrThrow(addCommentCommand, actorFor(w.writer), { groupId: w.group.id, number: w.idea.number, body: "To all of you", parentId: null });
    // One step at a time (round-robin over every subscriber) until some, not all, have been told.
    const toldSoFar = () =>
      (raw.prepare("SELECT count(*) AS n FROM notifications WHERE kind = 'comment' AND user_id LIKE 'halfway-%'").get() as { n: number }).n;
    for (let i = 0; i < 100 && toldSoFar() === 0; i++) runSteps({ maxSteps: 1 });
    const told = toldSoFar();
    expect(told).toBeGreaterThan(0);
    expect(told).toBeLessThan(crowd.length);
    forgetProgress();
    drainEvents();
    const perReader = raw
      .prepare(
        "SELECT user_id, count(*) AS items, sum(count) AS comments FROM notifications WHERE kind = 'comment' AND user_id LIKE 'halfway-%' GROUP BY user_id",
      )
      .all() as { items: number; comments: number }[];
    expect(perReader).toHaveLength(crowd.length);
    expect(perReader.every((r) => r.items === 1 && r.comments === 1)).toBe(true);
    const mails = raw
      .prepare("SELECT to_address, count(*) AS n FROM email_outbox WHERE kind = 'notify-comment' AND to_address LIKE 'halfway-%' GROUP BY to_address")
      .all() as { n: number }[];
    expect(mails).toHaveLength(crowd.length);
    expect(mails.every((m) => m.n === 1)).toBe(true);
    // Later tests count every new-comment e-mail in the outbox.
    raw.prepare("DELETE FROM email_outbox WHERE to_address LIKE 'halfway-%'").run();
  });

  it("tells nobody again when a comment is edited", async () => {
    const w = await world();
    const id = w.comment(w.writer, "First words");
    const before = JSON.stringify(db().select().from(schema.notifications).all());
    expect(editComment({ group: w.group, ideaId: w.idea.id, commentId: id, author: actor(w.writer), body: "Better words" }).ok).toBe(true);
    expect(JSON.stringify(db().select().from(schema.notifications).all())).toBe(before);
  });

  it("does not tell people who left, were removed or banned, and follows the author who is still in the group", async () => {
    const w = await world();
    const leaver = await w.member("Leevi Left");
    const removed = await w.member("Reeta Removed");
    const banned = await w.member("Bertta Banned");
    for (const u of [leaver, removed, banned]) w.follow(u);
    expect(leaveGroup({ group: w.group, userId: leaver.id })).toBe(true);
    const staff = await createUser({ role: "staff", name: "Sanna Staff" });
    expect(execute(endMembership, staff, { groupId: w.group.id, userId: removed.id, ban: false, reason: null }).ok).toBe(true);
    expect(execute(endMembership, staff, { groupId: w.group.id, userId: banned.id, ban: true, reason: null }).ok).toBe(true);
    for (const u of [leaver, removed, banned]) setCommentEmails(u, "immediately");
    // The author hears of comments on their idea even after unfollowing it, as they do of status changes.
    w.follow(w.author, false);
    w.comment(w.writer, "Still going");
    for (const u of [leaver, removed, banned]) {
      expect(
        notesOf(u.id).filter((n) => n.kind === "comment"),
        u.name,
      ).toEqual([]);
      expect(mailsTo(u), u.name).toEqual([]);
    }
    expect(commentNotes(w.author.id)).toHaveLength(1);
  });

  it("keeps staff notes secret: an internal note tells nobody", async () => {
    const w = await world();
    const staff = await createUser({ role: "staff", name: "Sanna Staff" });
    w.follow(staff);
    for (const u of [w.author, w.followerEn]) setCommentEmails(u, "immediately");
    const before = { notes: db().select().from(schema.notifications).all().length, mails: db().select().from(schema.emailOutbox).all().length };
    addNote({ groupId: w.group.id, number: w.idea.number, author: staff, body: "Internal: security review next week" });
    expect({ notes: db().select().from(schema.notifications).all().length, mails: db().select().from(schema.emailOutbox).all().length }).toEqual(before);
  });

  it("takes no comment in a read-only group, so nobody is told", async () => {
    const w = await world();
    const admin = await createUser({ role: "admin" });
    setGroupArchived({ actorId: admin.id, groupId: w.group.id, archived: true });
    const archived = findGroupById(w.group.id)!;
    // The addComment command refuses as the page always did: canComment is false in a read-only group (403).
    expect(addComment({ group: archived, number: w.idea.number, author: actor(w.writer), body: "Too late", parentId: null })).toEqual({
      ok: false,
      error: "notAllowed",
    });
    expect(commentNotes(w.author.id)).toEqual([]);
    const e = await world();
    db()
      .update(schema.groups)
      .set({ endsAt: Date.now() - 1_000 })
      .where(eq(schema.groups.id, e.group.id))
      .run();
    expect(addComment({ group: e.group, number: e.idea.number, author: actor(e.writer), body: "Too late", parentId: null })).toEqual({
      ok: false,
      error: "notAllowed",
    });
    expect(commentNotes(e.author.id)).toEqual([]);
  });
});

describe("e-mails about new comments", () => {
  it("start only in Kaiku: nobody gets one until they choose it", async () => {
    const w = await world();
    w.comment(w.writer, "Hello");
    expect(db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.kind, "notify-comment")).all()).toEqual([]);
    expect(commentNotes(w.author.id)).toHaveLength(1);
  });

  it("go at once, per comment, to those who chose it, in their language, saying why, with List-Unsubscribe for this kind", async () => {
    const w = await world();
    for (const u of [w.author, w.followerEn]) setCommentEmails(u, "immediately");
    const id = w.comment(w.writer, "Could the tickets work in airplane mode?\n\nEven underground.");

    const [toAuthor] = mailsTo(w.author);
    expect(mailsTo(w.author)).toHaveLength(1);
    expect(toAuthor.subject).toBe(t("fi", "email.comment.subject", { group: w.group.name, writer: "Wilma Writer", title: "Offline tickets on the phone" }));
    expect(toAuthor.textBody).toContain(t("fi", "email.comment.intro", { writer: "Wilma Writer", title: "Offline tickets on the phone" }));
    expect(toAuthor.textBody).toContain(t("fi", "email.reason.author"));
    expect(toAuthor.textBody).toContain("Even underground.");
    expect(toAuthor.textBody).toContain(`${env.APP_URL}/g/${w.group.slug}/ideas/${w.idea.number}?comment=${id}#comment-${id}`);

    const [toFollower] = mailsTo(w.followerEn);
    expect(mailsTo(w.followerEn)).toHaveLength(1);
    expect(toFollower.subject).toBe(`[${w.group.name}] Wilma Writer commented on “Offline tickets on the phone”`);
    expect(toFollower.textBody).toContain(t("en", "email.reason.follower"));
    expect(toFollower.htmlBody).toContain('lang="en"');
    const url = unsubscribeUrl(w.followerEn.id, "comments");
    expect(toFollower.textBody).toContain(url);
    expect(toFollower.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const params = new URL(url).searchParams;
    expect(params.get("k")).toBe("comments");
    expect(isValidUnsubscribeToken(w.followerEn.id, "comments", params.get("t")!)).toBe(true);

    // Veikko (default) and the writer get none; a second comment e-mails again (at once means per comment).
    expect(mailsTo(w.followerFi)).toEqual([]);
    expect(mailsTo(w.writer)).toEqual([]);
    w.comment(w.writer2, "Toinen");
    expect(mailsTo(w.followerEn)).toHaveLength(2);

    // The one-click unsubscribe turns this kind off and only this kind; the in-app item keeps counting.
    const unsubscribePath = url.slice(env.APP_URL.length);
    const done = await callAction(unsubscribeRoute as never, postRequest(unsubscribePath, { "List-Unsubscribe": "One-Click" }));
    expect(done.status).toBe(200);
    const prefs = db().select().from(schema.users).where(eq(schema.users.id, w.followerEn.id)).get()!;
    expect([prefs.emailComments, prefs.emailStatus, prefs.emailReplies, prefs.emailMentions]).toEqual(["off", "immediately", "immediately", "immediately"]);
    w.comment(w.writer, "Third");
    expect(mailsTo(w.followerEn)).toHaveLength(2);
    expect(commentNotes(w.followerEn.id).map((n) => n.count)).toEqual([3]);
    // The unsubscribe page names this kind.
    const page = await callLoader(unsubscribeRoute as never, getRequest(unsubscribePath));
    expect(page.data).toMatchObject({ valid: true, kind: "comments" });
  });

  it("are not sent twice to a mentioned follower who wants both kinds", async () => {
    const w = await world();
    setCommentEmails(w.followerEn, "immediately");
    w.comment(w.writer, `@${w.followerEn.handle} what do you think?`);
    expect(mailsTo(w.followerEn)).toEqual([]);
    expect(mailsTo(w.followerEn, "notify-mentioned")).toHaveLength(1);
  });
});

describe("a comment on an idea with thousands of followers", () => {
  it("tells 2,000 followers after one short transaction, with e-mail at the default and with everyone wanting e-mail", async () => {
    const w = await world();
    const FOLLOWERS = 2_000;
    const now = Date.now();
    const raw = db().$client;
    const ids: string[] = [];
    raw.transaction(() => {
      const user = raw.prepare("INSERT INTO users (id, email, name, role, locale, handle) VALUES (?, ?, ?, 'member', ?, ?)");
      const membership = raw.prepare("INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)");
      const follow = raw.prepare("INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)");
      for (let i = 0; i < FOLLOWERS; i++) {
        const id = `crowd-${counter}-${i}`;
        user.run(id, `${id}@example.test`, `Crowd ${i}`, i % 2 ? "fi" : "en", id);
        membership.run(w.group.id, id, now);
        follow.run(w.idea.id, id, now);
        ids.push(id);
      }
    })();
    // The command's transaction (the write lock) and the subscriber's fan-out after it, timed apart.
    const timed = (body: string) => {
      const start = performance.now();
      executeOrThrow(addCommentCommand, actorFor(w.writer), { groupId: w.group.id, number: w.idea.number, body, parentId: null });
      const committed = performance.now();
      drainEvents();
      return { lock: committed - start, fanOut: performance.now() - committed };
    };
    const countOf = (sqlText: string, ...params: unknown[]) => (raw.prepare(sqlText).get(...params) as { n: number }).n;
    const first = timed("First");
    expect(countOf("SELECT count(*) AS n FROM notifications WHERE kind = 'comment' AND idea_id = ? AND user_id LIKE 'crowd-%'", w.idea.id)).toBe(FOLLOWERS);
    const grouped = timed("Second");
    expect(countOf("SELECT count(*) AS n FROM notifications WHERE kind = 'comment' AND idea_id = ? AND user_id LIKE 'crowd-%' AND count = 2", w.idea.id)).toBe(
      FOLLOWERS,
    );
    expect(countOf("SELECT count(*) AS n FROM email_outbox WHERE kind = 'notify-comment' AND to_address LIKE 'crowd-%'")).toBe(0);
    raw.prepare("UPDATE users SET email_comments = 'immediately' WHERE id LIKE 'crowd-%'").run();
    const mail = timed("Third");
    expect(countOf("SELECT count(*) AS n FROM email_outbox WHERE kind = 'notify-comment' AND to_address LIKE 'crowd-%'")).toBe(FOLLOWERS);
    const ms = (t: { lock: number; fanOut: number }) => `${t.lock.toFixed(1)} ms locked + ${t.fanOut.toFixed(0)} ms fan-out`;
    console.log(
      `addComment with ${FOLLOWERS} followers: ${ms(first)} (first, e-mail off by default), ${ms(grouped)} (grouped update), ${ms(mail)} (everyone wants e-mail)`,
    );
    // Generous bounds for a loaded 2-core machine; the point is that the write lock no longer grows with the audience.
    for (const t of [first, grouped, mail]) expect(t.lock).toBeLessThan(200);
    expect(first.fanOut).toBeLessThan(5_000);
  });
});

describe("the notification centre's order", () => {
  it("lists newest first by time (ties by id), whatever order the rows were written in, from an index", async () => {
    const user = await createUser();
    const group = makeGroup();
    addMember(group.id, user.id);
    const base = Date.now() - 10 * 86_400_000;
    // Written out of date order: ids 1..5 get times 3, 1, 5, 2, 5 (the last two tie).
    const offsets = [3, 1, 5, 2, 5];
    const ids = offsets.map(
      (o, i) =>
        db()
          .insert(schema.notifications)
          .values({ userId: user.id, kind: "joinApproved", groupId: group.id, data: { n: String(i) }, createdAt: base + o * 3_600_000 })
          .returning({ id: schema.notifications.id })
          .get().id,
    );
    const listed = listNotifications({ userId: user.id, page: 1, isStaff: false }).rows.filter((r) => ids.includes(r.id));
    expect(listed.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0], ids[3], ids[1]]);
    const times = listed.map((r) => r.createdAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The page reads them in this order from notifications_user_created_idx, without sorting.
    const plan = db()
      .$client.prepare("EXPLAIN QUERY PLAN SELECT id FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 30")
      .all(user.id) as { detail: string }[];
    const details = plan.map((p) => p.detail).join("\n");
    expect(details).toContain("notifications_user_created_idx");
    expect(details).not.toContain("TEMP B-TREE");
  });

  it("moves a grouped comment item up when a later comment updates it", async () => {
    const w = await world();
    const base = Date.now() - 3_600_000;
    w.comment(w.writer, "Early", null, base);
    // Something else happens to the author after the first comment...
    db()
      .insert(schema.notifications)
      .values({ userId: w.author.id, kind: "joinApproved", groupId: w.group.id, data: {}, createdAt: base + 60_000 })
      .run();
    expect(listNotifications({ userId: w.author.id, page: 1, isStaff: false }).rows.map((r) => r.kind)).toEqual(["joinApproved", "comment"]);
    // ...and a later comment brings the discussion back to the top.
    w.comment(w.writer2, "Later", null, base + 120_000);
    expect(listNotifications({ userId: w.author.id, page: 1, isStaff: false }).rows.map((r) => [r.kind, r.count])).toEqual([
      ["comment", 2],
      ["joinApproved", 1],
    ]);
  });
});
