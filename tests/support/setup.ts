// Runs before every test file: a fresh, migrated SQLite file per file, and console.error fails the test
// (an unexpected error log is a bug even when the assertion passes).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, vi } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.KAIKU_DEMO = "0";

const { runMigrations } = await import("../../db/migrate");
runMigrations(process.env.DATABASE_PATH);

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterAll(async () => {
  const { closeDb } = await import("../../app/db.server");
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
