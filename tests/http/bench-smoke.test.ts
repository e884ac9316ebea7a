// `npm run bench` at the smoke scale (small database, 1 s runs), so the benchmark cannot rot: every scenario
// runs against the built server, is answered 2xx, is seen by the server's own timings, and lands in the report.
// No timing is asserted here (speed lives in the full `npm run bench`, not in tests).
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
  rows: { name: string; requestsPerSecond: number; p50: number; p99: number; serverP50: number | null; aloneP50: number | null; ratio: number | null; non2xx: number; errors: number; peakRssMb: number }[];
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
  expect(report.rows.map((r) => r.name).sort()).toEqual(["baselineAction", "baselinePage", "board", "home", "idea", "ideaEarliest", "queue", "searchInside", "similar", "vote"]);
  for (const row of report.rows) {
    expect(row.requestsPerSecond, row.name).toBeGreaterThan(0);
    expect([row.non2xx, row.errors], row.name).toEqual([0, 0]);
    // The server saw the requests under the route the scenario names (a renamed route would leave these empty).
    expect(row.serverP50, row.name).toBeGreaterThan(0);
    expect(row.aloneP50, row.name).toBeGreaterThan(0);
    expect(row.p99, row.name).toBeGreaterThanOrEqual(row.p50);
    if (!row.name.startsWith("baseline")) expect(row.ratio, row.name).toBeGreaterThan(0);
  }
  expect(report.peakRssMb).toBeGreaterThan(0);
  expect(report.targets.map((t) => t.target)).toHaveLength(6);
  expect(report.targets.find((t) => t.target.startsWith("every response"))?.met).toBe(true);
  // The printed table names each scenario and where the report went.
  expect(output).toMatch(/Board page: top 50 of 300 ideas/);
  expect(output).toContain(`Written to ${path.relative(root, out)}`);
}, 180_000);
