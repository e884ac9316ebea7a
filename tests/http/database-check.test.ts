// Issue 11 item 17: a database file whose last page was zeroed started and took writes. The server now runs
// PRAGMA quick_check right after start and, when it fails, refuses every write with a translated 503.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, post, queryDb } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-dbcheck-"));
const healthyPath = path.join(tmp, "healthy.db");
const damagedPath = path.join(tmp, "damaged.db");
const PASSWORD = "a good long password";
let healthy: RunningServer;

beforeAll(async () => {
  healthy = await startServer({ dbPath: healthyPath });
  await insertAccount(healthyPath, { email: "admin@example.test", role: "admin", password: PASSWORD, locale: "fi" });
  // Rows written last, so the page zeroed below is one of theirs, not the migrations table's (the migrator reads
  // that at start, which would fail the start before the check this test is about).
  for (let i = 0; i < 40; i++)
    execDb(healthyPath, "INSERT INTO audit_log (action, target_type, details) VALUES ('test.filler', 'test', ?)", JSON.stringify({ i, pad: "x".repeat(400) }));
  await healthy.stop(); // closing the last connection folds the WAL into the file
  fs.copyFileSync(healthyPath, damagedPath);
  const file = fs.readFileSync(damagedPath);
  const pageSize = file.readUInt16BE(16) === 1 ? 65536 : file.readUInt16BE(16);
  const fd = fs.openSync(damagedPath, "r+");
  fs.writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, file.length - pageSize);
  fs.closeSync(fd);
  healthy = await startServer({ dbPath: healthyPath });
}, 60_000);
afterAll(async () => {
  await healthy.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("database check at start", () => {
  it("passes a healthy database: it says nothing and takes writes", async () => {
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${healthy.url}/healthz`)).status).toBe(200);
    expect(healthy.output()).not.toMatch(/damaged/);
    expect((await post(`${healthy.url}/login`, { email: "admin@example.test", password: PASSWORD })).status).toBe(302);
  });

  it("refuses writes on a copy whose last page is zeroed, with a translated 503, and says why in the log and on /healthz", async () => {
    const damaged = await startServer({ dbPath: damagedPath });
    try {
      await until(() => /is damaged/.test(damaged.output()));
      expect(damaged.output()).toContain(damagedPath);
      const sessionsBefore = queryDb(damagedPath, "SELECT id FROM sessions").length;
      const res = await post(`${damaged.url}/login`, { email: "admin@example.test", password: PASSWORD }, { headers: { "Accept-Language": "fi" } });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("Muutoksia ei voi nyt tallentaa");
      const data = await post(`${damaged.url}/login.data`, { email: "admin@example.test", password: PASSWORD });
      expect(data.status).toBe(503);
      expect(queryDb(damagedPath, "SELECT id FROM sessions").length).toBe(sessionsBefore);
      const health = await fetch(`${damaged.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.text()).toBe("database damaged");
      expect((await fetch(`${damaged.url}/login`, { headers: { "Accept-Language": "en" } })).status).toBe(200); // reading goes on
    } finally {
      await damaged.stop();
    }
  }, 60_000);
});
