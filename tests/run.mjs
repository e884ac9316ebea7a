// `npm test`: builds the app (HTTP and browser tests run the real build), runs every vitest file, and ends with
// one line "N passed, N failed" taken from vitest's JSON report, so a run that executed nothing is visible.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "tests/.tmp");
fs.mkdirSync(out, { recursive: true });
const summaryFile = path.join(out, "summary.txt");
fs.rmSync(summaryFile, { force: true });
const run = (cmd, args) =>
  spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.env.CI ? "0" : process.env.FORCE_COLOR } }).status;

const finish = (passed, failed, skipped, code) => {
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  fs.writeFileSync(summaryFile, `${line}\n`);
  console.log(`\n${line}`);
  process.exit(code);
};

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(`Browser tests need Chromium at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  finish(0, 1, 0, 1);
}

// The classic compiler's esbuild has been seen to crash once in a while on this 2-core machine: one retry.
if (run("npx", ["remix", "build"]) !== 0 && run("npx", ["remix", "build"]) !== 0) {
  console.error("The build failed.");
  finish(0, 1, 0, 1);
}

const report = path.join(out, "vitest.json");
fs.rmSync(report, { force: true });
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (!fs.existsSync(report)) finish(0, 1, 0, status || 1);
const result = JSON.parse(fs.readFileSync(report, "utf8"));
const passed = result.numPassedTests ?? 0;
// A file that fails to load has no failed test of its own: count it once.
const brokenFiles = (result.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")).length;
const failed = (result.numFailedTests ?? 0) + brokenFiles;
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
finish(passed, failed, skipped, status !== 0 || passed === 0 ? status || 1 : 0);
