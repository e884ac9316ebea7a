import { preparedOnce } from "~/models/statements.server";
import type { EventType, NewEvent, StoredEvent } from "./catalogue";
import { registry } from "./registry.server";

const statements = preparedOnce((c) => ({
  insert: c.prepare<[string, string | null, string | null, string, number], { id: number }>(
    "INSERT INTO domain_events (type, group_id, actor_id, payload, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
  ),
  after: c.prepare<
    { after: number; types: string; limit: number },
    { id: number; type: string; groupId: string | null; actorId: string | null; payload: string; createdAt: number }
  >(
    `SELECT id, type, group_id AS groupId, actor_id AS actorId, payload, created_at AS createdAt FROM domain_events
     WHERE id > @after AND type IN (SELECT value FROM json_each(@types)) ORDER BY id LIMIT @limit`,
  ),
  last: c.prepare<[], { id: number | null }>("SELECT max(id) AS id FROM domain_events"),
  // A subscriber without a cursor starts at the end of the log as it is now (see ensureCursors).
  startCursors: c.prepare<{ names: string; now: number }>(
    "INSERT OR IGNORE INTO event_cursors (subscriber, event_id, updated_at) SELECT value, (SELECT coalesce(max(id), 0) FROM domain_events), @now FROM json_each(@names) WHERE true",
  ),
}));

/**
 * Writes the starting cursor of every registered subscriber that has none, at the end of the log. Called in the
 * transaction that appends an event, before the append: a subscriber added to a running deployment starts at
 * the end (it does not tell people about months-old changes) and still gets every event from its first one on,
 * even one emitted before the dispatcher first runs. Run on every append (a few microseconds): remembering that
 * it ran would be wrong after a rolled-back transaction.
 */
export function ensureCursors(now = Date.now()): void {
  statements().startCursors.run({ names: JSON.stringify([...registry.keys()]), now });
}

/**
 * Appends an event to the log. Called through a command's `ctx.emit`, so it is written in the command's transaction
 * and exists exactly when the change does. Returns its id.
 */
export function appendEvent(event: NewEvent, actorId: string | null, now: number): number {
  ensureCursors(now);
  return statements().insert.get(event.type, event.groupId, actorId, JSON.stringify(event.payload), now)!.id;
}

/** The next events of the given types after `after`, oldest first. */
export function eventsAfter(after: number, types: readonly EventType[], limit: number): StoredEvent[] {
  return statements()
    .after.all({ after, types: JSON.stringify(types), limit })
    .map((r) => ({ ...r, payload: JSON.parse(r.payload) }) as StoredEvent);
}

/** The id of the newest event in the log (0 when it is empty). */
export function lastEventId(): number {
  return statements().last.get()?.id ?? 0;
}
