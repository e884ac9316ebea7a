import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand, execute, executeOrThrow, type Actor } from "../../app/commands/command.server";
import { db } from "../../app/db.server";
import { fail } from "../../app/domain/errors";
import { defineSubscriber, drainEvents, forgetProgress, MAX_EVENT_FAILURES, retryDelayMs, runSteps } from "../../app/events/dispatcher.server";
import { changeStatus } from "../../app/features/loop/commands/change-status.server";
import { actorOf } from "../../app/http/actor.server";
import { addMember, createUser, makeBoard, makeGroup, makeIdea } from "../support/factories";
import { rows, value } from "../support/db";

// The dispatcher's promises: each subscriber reads the log from its own cursor, a subscriber added later starts at
// the end, a fan-out delivers exactly once per (event, subscriber, recipient) across crashes and repeated runs, a
// failing subscriber does not hold up the others, and a notification exists if and only if its change does.

const run = (sql: string, ...params: unknown[]) =>
  db()
    .$client.prepare(sql)
    .run(...params);

/** A command that records `comment.deleted` for no group (no app subscriber acts on it), then fails if asked. */
const record = defineCommand({
  name: "test.record",
  input: z.object({ commentId: z.number().int(), fail: z.boolean().default(false) }).strict(),
  authorize: () => null,
  run(ctx, input) {
    ctx.emit({ type: "comment.deleted", groupId: null, payload: { ideaId: 1, number: 1, commentId: input.commentId } });
    run("INSERT INTO test_changes (comment_id) VALUES (?)", input.commentId);
    if (input.fail) throw fail.readOnly();
    return input.commentId;
  },
});

let actor: Actor;
const seen: Record<string, number[]> = { first: [], late: [] };
const quiet = { log: () => {} };

beforeAll(async () => {
  run("CREATE TABLE test_changes (comment_id INTEGER NOT NULL)");
  run("CREATE TABLE test_rows (subscriber TEXT NOT NULL, event_id INTEGER NOT NULL, recipient TEXT NOT NULL)");
  actor = actorOf(await createUser({ role: "staff" }));
  defineSubscriber({
    name: "test.first",
    handles: ["comment.deleted"],
    handle(event) {
      seen.first!.push(event.payload.commentId);
      return "done";
    },
  });
});

describe("cursors", () => {
  it("hands each event to a subscriber once, in order, and keeps its cursor at the last one handled", () => {
    const before = seen.first!.length;
    for (const id of [101, 102, 103]) executeOrThrow(record, actor, { commentId: id });
    drainEvents();
    drainEvents();
    expect(seen.first!.slice(before)).toEqual([101, 102, 103]);
    expect(value("SELECT event_id FROM event_cursors WHERE subscriber = 'test.first'")).toBe(value("SELECT max(id) FROM domain_events"));
  });

  it("starts a subscriber added later at the end of the log: it gets the events after it, not the old ones", () => {
    executeOrThrow(record, actor, { commentId: 201 });
    drainEvents();
    defineSubscriber({
      name: "test.late",
      handles: ["comment.deleted"],
      handle(event) {
        seen.late!.push(event.payload.commentId);
        return "done";
      },
    });
    // Emitted before the dispatcher ever ran the new subscriber: its cursor was written before this event.
    executeOrThrow(record, actor, { commentId: 202 });
    drainEvents();
    expect(seen.late).toEqual([202]);
  });

  it("handles an event soon after the commit without drainEvents: the commit kicks the dispatcher", async () => {
    const before = seen.first!.length;
    executeOrThrow(record, actor, { commentId: 251 });
    expect(seen.first!.length).toBe(before);
    const started = Date.now();
    while (seen.first!.length === before && Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 5));
    expect(seen.first!.slice(before)).toEqual([251]);
  });

  it("records no event for a refused command: its rows and its event roll back together", () => {
    const events = value("SELECT count(*) FROM domain_events");
    const result = execute(record, actor, { commentId: 301, fail: true });
    expect(result.ok).toBe(false);
    expect(value("SELECT count(*) FROM domain_events")).toBe(events);
    expect(value("SELECT count(*) FROM test_changes WHERE comment_id = 301")).toBe(0);
    drainEvents();
    expect(seen.first).not.toContain(301);
  });
});

describe("exactly once", () => {
  const recipients = Array.from({ length: 250 }, (_, i) => ({ id: `r${String(249 - i).padStart(3, "0")}` }));
  let computed = 0;
  const written = (name: string) =>
    rows("SELECT recipient, count(*) AS n FROM test_rows WHERE subscriber = ? GROUP BY recipient", name) as { recipient: string; n: number }[];
  const fanOutSubscriber = (name: string, failOnBatch?: { batch: number; times: number }) => {
    let batches = 0;
    let failures = 0;
    return defineSubscriber({
      name,
      handles: ["comment.deleted"],
      handle(event, io) {
        return io.fanOut(
          () => {
            computed++;
            return recipients;
          },
          {
            batch: 100,
            prepare: (batch) => batch.map((r) => ({ id: r.id })),
            write(prepared) {
              batches++;
              for (const p of prepared) run("INSERT INTO test_rows (subscriber, event_id, recipient) VALUES (?, ?, ?)", name, event.id, p.id);
              if (failOnBatch && batches === failOnBatch.batch && failures < failOnBatch.times) {
                failures++;
                throw new Error("disk full");
              }
            },
          },
        );
      },
    });
  };

  it("delivers to every recipient once, in id order, computing the audience once per event", () => {
    fanOutSubscriber("test.fan");
    computed = 0;
    executeOrThrow(record, actor, { commentId: 401 });
    drainEvents();
    expect(written("test.fan")).toHaveLength(250);
    expect(written("test.fan").every((r) => r.n === 1)).toBe(true);
    expect(computed).toBe(1);
    // The batches follow the ids, whatever order the audience came in.
    const order = (rows("SELECT recipient FROM test_rows WHERE subscriber = 'test.fan' ORDER BY rowid") as { recipient: string }[]).map((r) => r.recipient);
    expect(order).toEqual([...order].sort());
    // Once the event is done its delivery keys are purged.
    expect(value("SELECT count(*) FROM event_deliveries WHERE subscriber = 'test.fan'")).toBe(0);
  });

  it("repeats nothing when a restart forgets the progress, or when the cursor had not moved yet after the last batch", () => {
    fanOutSubscriber("test.restart");
    executeOrThrow(record, actor, { commentId: 402 });
    const eventId = value("SELECT max(id) FROM domain_events") as number;
    const ran = () => value("SELECT count(*) FROM test_rows WHERE subscriber = 'test.restart'") as number;
    // Steps go round the subscribers; run until this one has written its first batch, then "crash".
    while (ran() < 100) runSteps({ maxSteps: 1 });
    forgetProgress();
    while (ran() < 250) runSteps({ maxSteps: 1 });
    // The last batch committed; a crash now, before the cursor moved, replays the event: its keys say it is done.
    expect(value("SELECT count(*) FROM event_deliveries WHERE subscriber = 'test.restart' AND event_id = ?", eventId)).toBe(250);
    run("UPDATE event_cursors SET event_id = ? WHERE subscriber = 'test.restart'", eventId - 1);
    forgetProgress();
    drainEvents();
    expect(written("test.restart")).toHaveLength(250);
    expect(written("test.restart").every((r) => r.n === 1)).toBe(true);
  });

  it("rolls a failed batch back with its keys and delivers it on the retry", () => {
    fanOutSubscriber("test.flaky", { batch: 2, times: 1 });
    executeOrThrow(record, actor, { commentId: 403 });
    const lines: string[] = [];
    drainEvents({ log: (line) => lines.push(line) });
    expect(lines).toEqual([expect.stringMatching(/test\.flaky failed on event #\d+ \(comment\.deleted\), attempt 1 of 5/)]);
    expect(written("test.flaky")).toHaveLength(100);
    drainEvents({ now: Date.now() + retryDelayMs(1), ...quiet });
    expect(written("test.flaky")).toHaveLength(250);
    expect(written("test.flaky").every((r) => r.n === 1)).toBe(true);
  });
});

describe("failures", () => {
  it("keeps the other subscribers going while one fails, then skips the poison event with an audit entry", () => {
    let attempts = 0;
    const handled: number[] = [];
    defineSubscriber({
      name: "test.poison",
      handles: ["comment.deleted"],
      handle(event) {
        if (event.payload.commentId === 501) {
          attempts++;
          throw new Error("cannot handle this one");
        }
        handled.push(event.payload.commentId);
        return "done";
      },
    });
    const before = seen.first!.length;
    executeOrThrow(record, actor, { commentId: 501 });
    executeOrThrow(record, actor, { commentId: 502 });
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    let now = Date.now();
    drainEvents({ now, log });
    // The others went on; the failing one waits for its retry, its later event behind it.
    expect(seen.first!.slice(before)).toEqual([501, 502]);
    expect(handled).toEqual([]);
    drainEvents({ now, log });
    expect(attempts).toBe(1);
    for (let i = 1; i < MAX_EVENT_FAILURES; i++) {
      now += retryDelayMs(i);
      drainEvents({ now, log });
    }
    expect(attempts).toBe(MAX_EVENT_FAILURES);
    expect(handled).toEqual([502]);
    expect(lines.at(-1)).toMatch(/test\.poison skipped event #\d+ \(comment\.deleted\) after 5 failed attempts/);
    const [audit] = rows("SELECT actor_id, target_type, details FROM audit_log WHERE action = 'events.skip'") as {
      actor_id: string | null;
      target_type: string;
      details: string;
    }[];
    expect(audit).toMatchObject({ actor_id: null, target_type: "event" });
    expect(JSON.parse(audit!.details)).toMatchObject({ subscriber: "test.poison", type: "comment.deleted", attempts: 5, reason: "cannot handle this one" });
  });
});

describe("the promise: a notification exists if and only if its change does", () => {
  it("tells the author, voters and followers of a status change once each, never the actor, only those who still see the group", async () => {
    const group = makeGroup();
    const board = makeBoard(group.id);
    const [author, voter, follower, both, left, fi] = await Promise.all([
      createUser(),
      createUser(),
      createUser(),
      createUser(),
      createUser(),
      createUser({ locale: "fi" }),
    ]);
    for (const u of [author, voter, follower, both, fi]) addMember(group.id, u.id);
    addMember(group.id, left.id, { state: "left" });
    const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id });
    for (const u of [voter, both, left, fi, author]) run("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)", idea.id, u.id, Date.now());
    for (const u of [follower, both, author]) run("INSERT OR IGNORE INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)", idea.id, u.id, Date.now());
    run("UPDATE users SET email_status = 'off' WHERE id = ?", follower.id);
    drainEvents();
    const refused = execute(changeStatus, actorOf(author), { groupId: group.id, number: idea.number, status: "planned", response: null });
    expect(refused.ok).toBe(false);
    const staff = actorOf(await createUser({ role: "staff" }));
    run("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)", idea.id, staff.id, Date.now());
    executeOrThrow(changeStatus, staff, { groupId: group.id, number: idea.number, status: "planned", response: "On the roadmap." });
    // Nothing yet inside the command's transaction: the subscriber runs after the commit.
    expect(value("SELECT count(*) FROM notifications WHERE kind = 'status' AND group_id = ?", group.id)).toBe(0);
    drainEvents();
    const told = rows("SELECT user_id AS userId, count(*) AS n FROM notifications WHERE kind = 'status' AND group_id = ? GROUP BY user_id", group.id) as {
      userId: string;
      n: number;
    }[];
    expect(told.map((r) => r.userId).sort()).toEqual([author.id, voter.id, follower.id, both.id, fi.id].sort());
    expect(told.every((r) => r.n === 1)).toBe(true);
    const emails = rows(
      "SELECT to_address AS toAddress, subject, text_body AS text, headers FROM email_outbox WHERE kind = 'notify-status' AND to_address IN (?, ?, ?, ?, ?, ?)",
      author.email,
      voter.email,
      follower.email,
      both.email,
      fi.email,
      left.email,
    ) as { toAddress: string; subject: string; text: string; headers: string }[];
    expect(emails.map((e) => e.toAddress).sort()).toEqual([author.email, voter.email, both.email, fi.email].sort());
    const finnish = emails.find((e) => e.toAddress === fi.email)!;
    expect(finnish.text).toContain("Suunnitteilla");
    expect(finnish.text).toContain("/unsubscribe?");
    expect(JSON.parse(finnish.headers)).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const data = JSON.parse(value("SELECT data FROM notifications WHERE kind = 'status' AND user_id = ?", voter.id) as string);
    expect(data).toMatchObject({ name: staff.name, number: String(idea.number), from: "open", status: "planned" });
    // A second drain tells nobody again.
    drainEvents();
    expect(value("SELECT count(*) FROM notifications WHERE kind = 'status' AND group_id = ?", group.id)).toBe(5);
  });
});
