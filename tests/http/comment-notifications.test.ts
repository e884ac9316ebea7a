// Comment notifications over real HTTP against the built server: members post 20 comments on one idea at the same
// moment through the idea page's form. Every follower and the author end with exactly one unread item for the idea
// whose count is the number of comments by others they were not told of otherwise (a mention), a follower who chose
// new-comment e-mails on the account page gets one per comment, in Finnish, with List-Unsubscribe, and opening the
// item leads to the first comment and marks it read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const PASSWORD = "a good long password";
const WRITERS = 10;
const COMMENTS = 20;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Waits (at most 10 s) until the subscriber's cursor is at the end of the event log. */
async function caughtUp(dbPath: string, subscriber: string) {
  for (let i = 0; i < 200; i++) {
    const [row] = queryDb<{ behind: number }>(
      dbPath,
      "SELECT (SELECT coalesce(max(id), 0) FROM domain_events) > coalesce((SELECT event_id FROM event_cursors WHERE subscriber = ?), 0) AS behind",
      subscriber,
    );
    if (!row.behind) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${subscriber} did not catch up`);
}

type Note = { id: number; user_id: string; count: number; read_at: number | null; data: string };

describe("comment notifications under concurrency", () => {
  it("leaves one unread item per follower and idea, counting every comment by others, after 20 parallel comments", async () => {
    const modId = await insertAccount(server.dbPath, { email: "cn-mod@example.test", name: "Mona Moderator", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug: "cn-race", name: "Comment race", moderatorId: modId });
    const member = async (email: string, name: string, locale: "fi" | "en") => {
      const id = await insertAccount(server.dbPath, { email, name, password: PASSWORD, locale });
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        id,
        Date.now(),
      );
      return { id, email };
    };
    const author = await member("cn-author@example.test", "Aino Author", "fi");
    const followers = [];
    for (let i = 0; i < 4; i++) followers.push(await member(`cn-follower${i}@example.test`, `Fanni Follower ${i}`, i % 2 ? "fi" : "en"));
    const mailFollower = await member("cn-mail@example.test", "Maija Sähköposti", "fi");
    const mentioned = await member("cn-mentioned@example.test", "Mikko Mentioned", "en");
    const leaver = await member("cn-leaver@example.test", "Leevi Left", "en");
    const writers = [];
    for (let i = 0; i < WRITERS; i++) writers.push(await member(`cn-writer${i}@example.test`, `Writer ${i}`, "en"));
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const [{ id: boardId }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO ideas (group_id, board_id, number, title, author_id) VALUES (?, ?, 1, 'Race idea', ?)", groupId, boardId, author.id);
    const [{ id: ideaId }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE group_id = ? AND number = 1", groupId);
    for (const f of [author, ...followers, mailFollower, mentioned, leaver])
      execDb(server.dbPath, "INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)", ideaId, f.id, Date.now());
    execDb(server.dbPath, "UPDATE ideas SET follower_count = (SELECT count(*) FROM follows WHERE idea_id = ideas.id) WHERE id = ?", ideaId);
    execDb(server.dbPath, "UPDATE memberships SET state = 'left' WHERE user_id = ?", leaver.id);
    execDb(
      server.dbPath,
      "UPDATE groups SET member_count = (SELECT count(*) FROM memberships WHERE group_id = groups.id AND state = 'active') WHERE id = ?",
      groupId,
    );
    const [{ handle: mentionedHandle }] = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE id = ?", mentioned.id);

    // One follower turns new-comment e-mails on through the account page's form.
    const mailCookie = await signInHttp(server.url, mailFollower.email, PASSWORD);
    const saved = await post(
      `${server.url}/account`,
      { intent: "emails", status: "immediately", replies: "immediately", mentions: "immediately", comments: "immediately" },
      { cookie: mailCookie },
    );
    await saved.arrayBuffer();
    expect(saved.status).toBe(200);
    expect(queryDb<{ c: string }>(server.dbPath, "SELECT email_comments AS c FROM users WHERE id = ?", mailFollower.id)[0].c).toBe("immediately");

    const cookies = await Promise.all(writers.map((w) => signInHttp(server.url, w.email, PASSWORD)));
    const url = `${server.url}/g/cn-race/ideas/1`;
    const send = async (i: number) => {
      // The seventh comment mentions Mikko: he hears of that one as a mention, not again in his comment item.
      const body = i === 7 ? `Comment ${i}, @${mentionedHandle} see this` : `Comment ${i}`;
      const res = await post(url, { intent: "comment", body }, { cookie: cookies[i % WRITERS] });
      await res.arrayBuffer();
      return res.status;
    };
    const statuses = await Promise.all(Array.from({ length: COMMENTS }, (_, i) => send(i)));
    expect(statuses).toEqual(Array(COMMENTS).fill(302));
    // Who is told is decided after each commit, by the comment-readers subscriber: wait until it has seen every comment.
    await caughtUp(server.dbPath, "ideas.comment-readers");

    const comments = queryDb<{ id: number; author_id: string; body: string }>(
      server.dbPath,
      "SELECT id, author_id, body FROM comments WHERE idea_id = ? ORDER BY id",
      ideaId,
    );
    expect(comments).toHaveLength(COMMENTS);
    const notes = queryDb<Note>(
      server.dbPath,
      "SELECT id, user_id, count, read_at, data FROM notifications WHERE kind = 'comment' AND idea_id = ? ORDER BY id",
      ideaId,
    );
    const unreadOf = (userId: string) => notes.filter((n) => n.user_id === userId && n.read_at === null);

    // Those who followed from the start hear of every comment, in one item that leads to the first one.
    for (const f of [author, ...followers, mailFollower]) {
      const items = unreadOf(f.id);
      expect(items, f.email).toHaveLength(1);
      expect(items[0].count, f.email).toBe(COMMENTS);
      expect(JSON.parse(items[0].data).commentId).toBe(String(comments[0].id));
    }
    expect(unreadOf(mentioned.id).map((n) => n.count)).toEqual([COMMENTS - 1]);
    expect(queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND kind = 'mentioned'", mentioned.id)[0].n).toBe(
      1,
    );
    expect(notes.filter((n) => n.user_id === leaver.id)).toEqual([]);
    // A writer follows from their first comment on: they hear of the later comments by others, never their own.
    for (const w of writers) {
      const first = comments.findIndex((c) => c.author_id === w.id);
      const expected = comments.filter((c, i) => i > first && c.author_id !== w.id).length;
      const items = unreadOf(w.id);
      expect(items.length, w.email).toBe(expected > 0 ? 1 : 0);
      if (expected > 0) expect(items[0].count, w.email).toBe(expected);
    }

    // The follower who chose e-mails got one per comment, in Finnish, with the one-click unsubscribe for this kind.
    const mails = queryDb<{ subject: string; headers: string; text_body: string }>(
      server.dbPath,
      "SELECT subject, headers, text_body FROM email_outbox WHERE to_address = ? AND kind = 'notify-comment'",
      mailFollower.email,
    );
    expect(mails).toHaveLength(COMMENTS);
    for (const m of mails) {
      expect(m.subject).toMatch(/^\[Comment race\] Writer \d+ kommentoi ideaa ”Race idea”$/);
      const headers = JSON.parse(m.headers) as Record<string, string>;
      expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?u=[^&]+&k=comments&t=\w+>$/);
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(m.text_body).toContain(headers["List-Unsubscribe"].slice(1, -1));
    }
    // Everyone else keeps the default: only in Kaiku.
    expect(
      queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM email_outbox WHERE kind = 'notify-comment' AND to_address <> ?", mailFollower.email)[0]
        .n,
    ).toBe(0);

    // Opening the item over HTTP marks it read and leads to the first comment; the page shows it.
    const [item] = unreadOf(mailFollower.id);
    const page = await fetch(`${server.url}/notifications`, { headers: { Cookie: mailCookie } });
    const html = await page.text();
    expect(html).toContain(`${COMMENTS} uutta kommenttia ideassa ”Race idea”`);
    const opened = await post(`${server.url}/notifications`, { intent: "open", id: String(item.id) }, { cookie: mailCookie });
    await opened.arrayBuffer();
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/g/cn-race/ideas/1?comment=${comments[0].id}#comment-${comments[0].id}`);
    expect(queryDb<{ read_at: number | null }>(server.dbPath, "SELECT read_at FROM notifications WHERE id = ?", item.id)[0].read_at).toEqual(
      expect.any(Number),
    );
  }, 60_000);
});
