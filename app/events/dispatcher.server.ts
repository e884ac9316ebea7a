import type Database from "better-sqlite3";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { db } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { preparedOnce } from "~/models/statements.server";
import type { StoredEvent } from "./catalogue";
import { registry, type FanOutOptions, type Step, type Subscriber, type SubscriberIO } from "./registry.server";
import { eventsAfter, lastEventId } from "./store.server";

export { defineSubscriber, type FanOutOptions, type Step, type Subscriber, type SubscriberIO } from "./registry.server";

/**
 * The dispatcher: hands domain events to subscribers (in-app notifications, e-mails, later webhooks and live
 * updates) after the command's commit, outside its write lock.
 *
 * Each subscriber reads the log from its own cursor (event_cursors): every event up to the cursor is done. An event
 * is handled in steps: `handle` does one bounded piece of work in its own short transaction and answers "more" until
 * the event is done, so a fan-out to 10,000 people never holds the write lock for long and the server answers
 * other requests between the steps. Work per recipient goes through `io.fanOut`, which writes the recipient's rows
 * and their key in event_deliveries in the same transaction and leaves out recipients whose key exists: a crash or
 * restart between steps neither loses nor repeats anything, and the cursor moves on only when the event is done.
 * Once it has, the event's keys are no longer needed and are purged in the background.
 *
 * A subscriber that throws is retried with a growing pause (its later events wait: each subscriber sees its
 * events in order); the other subscribers go on. After MAX_EVENT_FAILURES attempts the event is skipped for that
 * subscriber, with a log line and an audit entry (`events.skip`, on the admin's audit page).
 */

/** Recipients per fan-out step: about 5-8 ms of rendering and writing on the loaded 2-core machine. */
export const DEFAULT_BATCH = 50;
export const MAX_EVENT_FAILURES = 5;
/** 1 s, 2 s, 4 s, 8 s: a passing fault (a locked database, a full disk freed) has time to go away. */
export const retryDelayMs = (attempts: number) => 1000 * 2 ** (attempts - 1);
/** Delivery keys of finished events deleted per step. */
const PURGE_BATCH = 2000;

const statements = preparedOnce((c) => ({
  cursor: c.prepare<[string], { eventId: number }>("SELECT event_id AS eventId FROM event_cursors WHERE subscriber = ?"),
  setCursor: c.prepare<[string, number, number]>(
    "INSERT INTO event_cursors (subscriber, event_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (subscriber) DO UPDATE SET event_id = max(event_id, excluded.event_id), updated_at = excluded.updated_at",
  ),
  delivered: c.prepare<[string, number], string>("SELECT recipient FROM event_deliveries WHERE subscriber = ? AND event_id = ?").pluck(),
  // Only the keys that were new come back: those recipients get their rows in this transaction.
  deliver: c.prepare<{ subscriber: string; eventId: number; ids: string }, { recipient: string }>(
    "INSERT OR IGNORE INTO event_deliveries (subscriber, event_id, recipient) SELECT @subscriber, @eventId, value FROM json_each(@ids) WHERE true RETURNING recipient",
  ),
  purge: c.prepare<{ subscriber: string; cursor: number; limit: number }>(
    `DELETE FROM event_deliveries WHERE (subscriber, event_id, recipient) IN
       (SELECT subscriber, event_id, recipient FROM event_deliveries WHERE subscriber = @subscriber AND event_id <= @cursor LIMIT @limit)`,
  ),
}));

/**
 * A subscriber without a cursor starts at the end of the log (the store writes it before the next append, see
 * ensureCursors; this covers a log nobody appended to since the subscriber was added).
 */
function cursorOf(name: string, now: number): number {
  const row = statements().cursor.get(name);
  if (row) return row.eventId;
  const start = lastEventId();
  statements().setCursor.run(name, start, now);
  return start;
}

/**
 * A fan-out in progress in this process: its recipients still to do, computed once per event (recomputing an
 * audience of 10,000 every step would cost more than the step), in id order.
 */
type Progress = { conn: Database.Database; pending: { id: string }[]; next: number };
const progress = new Map<string, Progress>();
const keyOf = (subscriber: Subscriber, event: StoredEvent) => `${subscriber.name}:${event.id}`;

function ioFor(subscriber: Subscriber, event: StoredEvent, now: number): SubscriberIO {
  return {
    now,
    fanOut<R extends { id: string }, P>(recipients: readonly R[] | (() => readonly R[]), options: FanOutOptions<R, P>): Step {
      const key = keyOf(subscriber, event);
      const conn = db().$client;
      let p = progress.get(key);
      if (!p || p.conn !== conn) {
        const list = typeof recipients === "function" ? recipients() : recipients;
        const skip = new Set(statements().delivered.all(subscriber.name, event.id));
        const pending: { id: string }[] = [];
        for (const r of list) {
          if (skip.has(r.id)) continue;
          skip.add(r.id);
          pending.push(r);
        }
        // The same batches after a restart, whatever order the subscriber's query gave.
        pending.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        p = { conn, pending, next: 0 };
        if (progress.size > 100) progress.clear();
        progress.set(key, p);
      }
      const batch = (p.pending as unknown as R[]).slice(p.next, p.next + Math.max(1, options.batch ?? DEFAULT_BATCH));
      if (batch.length === 0) {
        progress.delete(key);
        return "done";
      }
      const prepared = options.prepare(batch);
      db().transaction(
        () => {
          const fresh = new Set(
            statements()
              .deliver.all({ subscriber: subscriber.name, eventId: event.id, ids: JSON.stringify(batch.map((r) => r.id)) })
              .map((r) => r.recipient),
          );
          if (fresh.size === 0) return;
          const idOf = options.idOf ?? ((item: unknown) => (item as { id: string }).id);
          options.write(
            fresh.size === batch.length ? prepared : prepared.filter((item) => fresh.has(idOf(item))),
            fresh.size === batch.length ? batch : batch.filter((r) => fresh.has(r.id)),
          );
        },
        { behavior: "immediate" },
      );
      p.next += batch.length;
      if (p.next < p.pending.length) return "more";
      progress.delete(key);
      return "done";
    },
  };
}

type Log = (line: string, error?: unknown) => void;
const defaultLog: Log = (line, error) => console.error(line, error ?? "");

/** Subscribers whose finished events have no delivery keys left (in this process; checked once at start). */
const clean = new Set<string>();

/** Failed attempts per subscriber and event in this process, and when the next may run. */
const failures = new Map<string, { attempts: number; retryAt: number }>();

/** Records that a subscriber gave up on an event: its cursor moves past it, and admins see it in the audit log. */
function skipEvent(subscriber: Subscriber, event: StoredEvent, attempts: number, error: unknown, now: number) {
  const message = error instanceof Error ? error.message : String(error);
  db().transaction(
    (tx) => {
      statements().setCursor.run(subscriber.name, event.id, now);
      recordAudit(tx, {
        actorId: null,
        action: "events.skip",
        targetType: "event",
        targetId: String(event.id),
        // The audit table shows `title` as the subject and `reason` after it.
        details: {
          subscriber: subscriber.name,
          type: event.type,
          groupId: event.groupId,
          attempts,
          title: `${subscriber.name}: ${event.type} #${event.id}`,
          reason: message.slice(0, 500),
        },
      });
    },
    { behavior: "immediate" },
  );
}

/**
 * One step for one subscriber: a piece of its oldest unhandled event, or (with nothing to handle) a purge of
 * finished delivery keys. Returns whether it did something (so there may be more).
 */
function stepSubscriber(subscriber: Subscriber, log: Log, now: number): boolean {
  const s = statements();
  const cursor = cursorOf(subscriber.name, now);
  // Read the end first: an event committed between the two reads is then handled, never skipped.
  const last = lastEventId();
  const [event] = eventsAfter(cursor, subscriber.handles, 1);
  if (!event) {
    // Nothing of interest: move past events of other types, so the next read starts near the end.
    if (last > cursor) s.setCursor.run(subscriber.name, last, now);
    if (clean.has(subscriber.name)) return false;
    if (s.purge.run({ subscriber: subscriber.name, cursor: Math.max(cursor, last), limit: PURGE_BATCH }).changes === PURGE_BATCH) return true;
    clean.add(subscriber.name);
    return false;
  }
  const key = keyOf(subscriber, event);
  const failure = failures.get(key);
  if (failure && failure.retryAt > now) return false;
  let step: Step;
  try {
    step = subscriber.handle(event, ioFor(subscriber, event, now));
  } catch (error) {
    const attempts = (failure?.attempts ?? 0) + 1;
    if (attempts < MAX_EVENT_FAILURES) {
      failures.set(key, { attempts, retryAt: now + retryDelayMs(attempts) });
      log(
        `[events] ${subscriber.name} failed on event #${event.id} (${event.type}), attempt ${attempts} of ${MAX_EVENT_FAILURES}, retrying in ${retryDelayMs(attempts) / 1000} s`,
        error,
      );
      return false;
    }
    failures.delete(key);
    progress.delete(key);
    skipEvent(subscriber, event, attempts, error, now);
    log(`[events] ${subscriber.name} skipped event #${event.id} (${event.type}) after ${attempts} failed attempts (audit: events.skip)`, error);
    return true;
  }
  if (step === "done") {
    failures.delete(key);
    s.setCursor.run(subscriber.name, event.id, now);
    clean.delete(subscriber.name);
  }
  return true;
}

export type RunOptions = { maxSteps?: number; budgetMs?: number; now?: number; log?: Log };

/**
 * Runs subscriber steps, round-robin, until nothing is left, `maxSteps` steps ran or `budgetMs` passed (after at
 * least one step). Returns whether work remains. Synchronous: each step is one short transaction.
 */
export function runSteps(options: RunOptions = {}): boolean {
  return run(options).more;
}

/** Where the next round starts: with a step budget, every subscriber gets its turn across calls. */
let turn = 0;

function run(options: RunOptions): { more: boolean; steps: number } {
  let steps = 0;
  const log = options.log ?? defaultLog;
  const started = performance.now();
  let budget = options.maxSteps ?? Infinity;
  let idle = 0;
  // Round-robin until every subscriber in a row had nothing to do.
  while (registry.size > 0 && idle < registry.size) {
    if (budget <= 0 || (options.budgetMs !== undefined && steps > 0 && performance.now() - started >= options.budgetMs)) return { more: true, steps };
    const subscribers = [...registry.values()];
    const subscriber = subscribers[turn++ % subscribers.length]!;
    budget--;
    if (stepSubscriber(subscriber, log, options.now ?? Date.now())) {
      idle = 0;
      steps++;
    } else idle++;
  }
  return { more: false, steps };
}

/**
 * Handles every pending event to the end, synchronously (tests and scripts: after a command, its notifications
 * exist). An event whose subscriber failed waits for its retry time, as in the server; pass `now` to move on.
 */
export function drainEvents(options: { now?: number; log?: Log } = {}): void {
  while (runSteps({ ...options, maxSteps: 10_000 }));
}

const PRIMARY = Symbol.for("kaiku.events.primaryDispatcher");
const HOOKS = Symbol.for("kaiku.events.idleHooks");
const slot = globalThis as unknown as Record<symbol, unknown> & { [PRIMARY]?: { kick: () => void }; [HOOKS]?: Set<() => void> };

let scheduled = false;
let running = false;
let worked = false;
/** Shared by both copies of this module (see kickDispatcher): the hooks are the timers' copy's. */
const idleHooks: Set<() => void> = (slot[HOOKS] ??= new Set());

/** Called when the dispatcher has worked through everything it had (the outbox then sends what was queued). */
export function onDispatcherIdle(hook: () => void): () => void {
  idleHooks.add(hook);
  return () => idleHooks.delete(hook);
}

/**
 * Work per turn of the event loop, and the pause after it. While the server has other work (requests ran during the
 * last pause), the dispatcher takes about a fifth of the time: the pause is BUSY_PAUSE times the slice it just
 * worked. Otherwise it goes on after PAUSE_MIN_MS. Measured on a loaded 2-core machine, 10,000 recipients
 * take about 1.5 s of work either way; under load that is spread over several seconds, well inside the 30 s goal.
 */
export const SLICE_MS = 8;
const PAUSE_MIN_MS = 1;
const BUSY_PAUSE = 4;
/** The share of the last pause the event loop spent on other work above which the server counts as busy. */
const BUSY_SHARE = 0.2;

/**
 * The server has two copies of this module: the Remix build's (route actions run commands there) and server.ts's
 * (tsx, which starts the timers). Steps should run in the copy that runs the commands: its subscribers read the
 * same caches (the organisation's settings) the commands update, and only one copy rendering each batch halves the
 * work (the delivery keys would keep it exactly once anyway). So a commit's kick makes its copy the primary, and
 * the timers' kicks (kickPrimaryDispatcher) go to that copy, or run here before any command has run.
 *
 * Called after every commit that emitted events: runs steps on the event loop for about SLICE_MS at a time, then
 * pauses about as long, so pages are answered while a fan-out runs.
 */
export function kickDispatcher(): void {
  slot[PRIMARY] = { kick: kickHere };
  kickHere();
}

/** For the dispatcher's interval: steps the events in the copy that runs the commands (see kickDispatcher). */
export function kickPrimaryDispatcher(): void {
  (slot[PRIMARY]?.kick ?? kickHere)();
}

function kickHere(): void {
  if (scheduled || running) return;
  scheduled = true;
  connection = db().$client;
  setImmediate(tick).unref();
}

/** The connection the work was kicked on: once it is closed (shutdown, the end of a test file), the ticks stop. */
let connection: Database.Database | undefined;

/** The event loop's counters when the last pause began (how busy the server was meanwhile). */
let pausedAt: EventLoopUtilization | undefined;

function tick() {
  scheduled = false;
  const busy = pausedAt ? performance.eventLoopUtilization(pausedAt).utilization > BUSY_SHARE : false;
  pausedAt = undefined;
  if (!connection?.open || connection !== db().$client) return;
  running = true;
  let more = false;
  const started = performance.now();
  try {
    const result = run({ budgetMs: SLICE_MS });
    more = result.more;
    if (result.steps > 0) worked = true;
  } catch (error) {
    console.error("[events] dispatcher error", error);
  } finally {
    running = false;
  }
  const spent = performance.now() - started;
  if (more) {
    scheduled = true;
    pausedAt = performance.eventLoopUtilization();
    setTimeout(tick, busy ? Math.max(PAUSE_MIN_MS, Math.round(spent * BUSY_PAUSE)) : PAUSE_MIN_MS).unref();
  } else if (worked) {
    worked = false;
    for (const hook of idleHooks) hook();
  }
}

/** Forgets this process's fan-out progress and failure counts, as a restart would (tests of exactly-once). */
export function forgetProgress(): void {
  progress.clear();
  failures.clear();
  clean.clear();
}
