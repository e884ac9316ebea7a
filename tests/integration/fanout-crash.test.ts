import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { makeCrowd } from "../support/crowd";
import { rows, value } from "../support/db";
import { addMember, createUser, makeBoard, makeGroup, makeIdea } from "../support/factories";

// Exactly once across a crash: a real process starts the fan-out of a status change to 10,000 voters (e-mail on,
// the default) on this test's database file and is killed with SIGKILL midway; a restarted process finishes it.
// Every recipient ends up with one notification and one e-mail, none twice, none missing.

const ROOT = path.resolve(import.meta.dirname, "../..");
const CHILD = path.join(ROOT, "tests/support/fanout-child.ts");

function child(args: string[]) {
  const process_ = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: process.env.DATABASE_PATH, KAIKU_DEMO: "0", NODE_ENV: "test" } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  process_.stdout!.on("data", (d) => (output += d));
  process_.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    process_.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { process: process_, output: () => output, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a fan-out killed midway", () => {
  it("gives each of 10,000 voters exactly one notification and one e-mail after a restart", { timeout: 120_000 }, async () => {
    const group = makeGroup();
    const board = makeBoard(group.id);
    const author = await createUser();
    addMember(group.id, author.id);
    const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id });
    const crowd = makeCrowd({ groupId: group.id, ideaId: idea.id, count: 10_000 });
    const staff = await createUser({ role: "staff" });
    drainEvents();
    // The child writes through its own connection; this one only reads (WAL: it sees each committed batch).
    db().$client.pragma("wal_checkpoint(TRUNCATE)");
    const count = () => value("SELECT count(*) FROM notifications WHERE kind = 'status' AND group_id = ?", group.id) as number;

    const first = child(["start", group.id, String(idea.number), staff.id]);
    let seenAtKill = 0;
    const deadline = Date.now() + 60_000;
    // Killed once a few thousand are told (the fan-out is well under way, far from done), or at the first sign of
    // progress on a machine so slow that 20 ms polls see little.
    for (;;) {
      seenAtKill = count();
      if (seenAtKill >= 2000) break;
      if (seenAtKill > 0 && Date.now() > deadline - 50_000) break;
      const exited = await Promise.race([first.exited.then(() => true), sleep(5).then(() => false)]);
      if (exited || Date.now() > deadline) throw new Error(`the first process ended before any notification existed:\n${first.output()}`);
    }
    first.process.kill("SIGKILL");
    const { signal } = await first.exited;
    expect(signal).toBe("SIGKILL");
    const atKill = count();
    const audience = crowd.ids.length + 1; // the voters and the author
    console.log(`[fanout-crash] killed with ${atKill} of ${audience} notifications written`);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(audience);
    expect(first.output()).toContain("committed");

    const second = child(["drain"]);
    const { code } = await second.exited;
    expect(code, second.output()).toBe(0);

    const told = rows("SELECT count(*) AS n, count(DISTINCT user_id) AS people FROM notifications WHERE kind = 'status' AND group_id = ?", group.id)[0];
    expect(told).toEqual({ n: audience, people: audience });
    const mailed = rows("SELECT count(*) AS n, count(DISTINCT to_address) AS people FROM email_outbox WHERE kind = 'notify-status'")[0];
    expect(mailed).toEqual({ n: audience, people: audience });
    expect(value("SELECT count(*) FROM email_outbox WHERE kind = 'notify-status' AND to_address = ?", crowd.emails[9_999])).toBe(1);
    // The event is done for the subscriber: its cursor passed it.
    expect(value("SELECT event_id FROM event_cursors WHERE subscriber = 'loop.status-changed'")).toBe(
      value("SELECT max(id) FROM domain_events WHERE type = 'idea.status_changed'"),
    );
  });
});
