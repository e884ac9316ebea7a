// `npm run bench` at the smoke scale (small database, short runs), so the benchmark cannot rot: every scenario
// runs against the built server in its rounds, is answered 2xx, is seen by the server's own timings, and lands in
// the report; the status change fan-out reaches its whole audience in each round. No timing is asserted here
// (speed lives in the full `npm run bench`, not in tests).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-bench-smoke-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Report = {
  mode: string;
  rounds: number;
  rows: {
    name: string;
    requestsPerSecond: number;
    requestsPerSecondMin: number;
    requestsPerSecondMax: number;
    p50: number;
    p99: number;
    serverP50: number | null;
    aloneP50: number | null;
    ratio: number | null;
    ratioMin: number | null;
    ratioMax: number | null;
    rounds: { requestsPerSecond: number; ratio: number | null }[];
    non2xx: number;
    errors: number;
    peakRssMb: number;
  }[];
  fanOut: {
    name: string;
    voters: number;
    audience: { notifications: number; emails: number };
    rounds: {
      postStatus: number;
      lockMs: number | null;
      writeWaitMaxMs: number;
      fanOutMs: number | null;
      notifications: number;
      emails: number;
      boardRequests: number;
      boardP50: number;
      boardP99: number;
      boardNon2xx: number;
      boardErrors: number;
    }[];
  };
  peakRssMb: number;
  targets: { target: string; met: boolean; value: string }[];
};

it("measures every scenario of the benchmark against the built server", async () => {
  const out = path.join(dir, "smoke.json");
  // TMPDIR: the smoke database is generated (0.2 s) and copied inside this test's own folder.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/run.ts", "--smoke", "--out", out], {
    cwd: root,
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code, output).toBe(0);
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as Report;
  expect(report.mode).toBe("smoke");
  // Every scenario by name: the rows, and the status change fan-out beside them.
  expect([...report.rows.map((r) => r.name), report.fanOut.name].sort()).toEqual([
    "baselineAction",
    "baselinePage",
    "board",
    "home",
    "idea",
    "ideaEarliest",
    "queue",
    "searchInside",
    "similar",
    "statusFanOut",
    "vote",
  ]);
  expect(report.rounds).toBeGreaterThanOrEqual(3);
  for (const row of report.rows) {
    // A scenario's rounds, each between two baseline runs; a baseline's row holds all its runs.
    expect(row.rounds.length, row.name).toBeGreaterThanOrEqual(report.rounds);
    expect(row.requestsPerSecondMin, row.name).toBeLessThanOrEqual(row.requestsPerSecond);
    expect(row.requestsPerSecondMax, row.name).toBeGreaterThanOrEqual(row.requestsPerSecond);
    if (!row.name.startsWith("baseline")) {
      expect(row.rounds, row.name).toHaveLength(report.rounds);
      expect(row.ratioMin!, row.name).toBeLessThanOrEqual(row.ratio!);
      expect(row.ratioMax!, row.name).toBeGreaterThanOrEqual(row.ratio!);
    }
    expect(row.requestsPerSecond, row.name).toBeGreaterThan(0);
    expect([row.non2xx, row.errors], row.name).toEqual([0, 0]);
    // The server saw the requests under the route the scenario names (a renamed route would leave these empty).
    expect(row.serverP50, row.name).toBeGreaterThan(0);
    expect(row.aloneP50, row.name).toBeGreaterThan(0);
    expect(row.p99, row.name).toBeGreaterThanOrEqual(row.p50);
    if (!row.name.startsWith("baseline")) expect(row.ratio, row.name).toBeGreaterThan(0);
  }
  // The fan-out idea's audience (200 voters in the smoke database), all of it told in every round, while the
  // board answered.
  expect(report.fanOut.voters).toBe(200);
  expect(report.fanOut.audience.notifications).toBeGreaterThanOrEqual(200);
  expect(report.fanOut.rounds).toHaveLength(report.rounds);
  for (const round of report.fanOut.rounds) {
    expect(round.postStatus).toBe(302);
    expect([round.notifications, round.emails]).toEqual([report.fanOut.audience.notifications, report.fanOut.audience.emails]);
    expect(round.fanOutMs).toBeGreaterThan(0);
    expect(round.boardRequests).toBeGreaterThan(0);
    expect(round.boardP99).toBeGreaterThanOrEqual(round.boardP50);
    expect([round.boardNon2xx, round.boardErrors]).toEqual([0, 0]);
  }
  expect(report.peakRssMb).toBeGreaterThan(0);
  expect(report.targets.map((t) => t.target)).toHaveLength(9);
  expect(report.targets.find((t) => t.target.startsWith("every response"))?.met).toBe(true);
  // The printed table names each scenario and where the report went.
  expect(output).toMatch(/Board page: top 50 of 300 ideas/);
  expect(output).toMatch(/Status change fan-out: idea with 200 voters/);
  expect(output).toContain(`Written to ${path.relative(root, out)}`);
}, 180_000);
