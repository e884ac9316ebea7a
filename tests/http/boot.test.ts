import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ftsTerm } from "../../db/fts";
import { runScript, runServerExpectingExit, startServer } from "../support/server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-boot-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("boot", () => {
  it("stops with a message naming SESSION_SECRET when it is missing in production", async () => {
    const { code, output } = await runServerExpectingExit({ NODE_ENV: "production", APP_URL: "https://kaiku.example", DATABASE_PATH: path.join(tmp, "a.db") });
    expect(code).toBe(1);
    expect(output).toContain("SESSION_SECRET: is required in production");
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it("stops with a message naming DATABASE_PATH when it cannot be used", async () => {
    const { code, output } = await runServerExpectingExit({
      NODE_ENV: "production",
      APP_URL: "https://kaiku.example",
      SESSION_SECRET: "s".repeat(40),
      DATABASE_PATH: tmp,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_PATH: .* is a directory/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("seeds demo data on the first start only, prints the sign-ins, and keeps data across restarts", async () => {
    const dbPath = path.join(tmp, "demo.db");
    const first = await startServer({ dbPath, env: { KAIKU_DEMO: "1" } });
    expect(first.output()).toContain("Demo data created");
    expect(first.output()).toContain("admin@demo.kaiku.test");
    expect(first.output()).toContain('password "kaiku-demo-2026"');
    await first.stop();

    const db = new Database(dbPath);
    const usersAfterSeed = (db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
    expect(usersAfterSeed).toBe(30); // 29 and, since moderation, Niina, the newcomer whose first idea waits for approval
    // Two pilot groups showing every membership state, with counters that match the rows.
    expect(
      db
        .prepare(
          "SELECT slug, join_policy AS policy, member_count AS members, (SELECT count(*) FROM memberships m WHERE m.group_id = g.id AND m.state = 'active') AS active FROM groups g ORDER BY slug",
        )
        .all(),
    ).toEqual([
      { slug: "lipunmyynti", policy: "invite", members: 10, active: 10 }, // with Niina, the newcomer (moderation demo)
      { slug: "mobiilisovellus", policy: "request", members: 19, active: 19 },
    ]);
    expect((db.prepare("SELECT count(*) AS n FROM memberships WHERE role = 'moderator'").get() as { n: number }).n).toBe(2);
    expect((db.prepare("SELECT count(*) AS n FROM memberships WHERE state = 'requested'").get() as { n: number }).n).toBe(1);
    expect((db.prepare("SELECT count(*) AS n FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL").get() as { n: number }).n).toBe(3);
    expect((db.prepare("SELECT count(*) AS n FROM group_posts WHERE pinned = 1").get() as { n: number }).n).toBe(2);
    // Idea boards: two boards a group, 30+ ideas in both languages, and counters that equal the rows they count.
    expect(db.prepare("SELECT g.slug, count(*) AS boards FROM boards b JOIN groups g ON g.id = b.group_id GROUP BY g.slug ORDER BY g.slug").all()).toEqual([
      { slug: "lipunmyynti", boards: 2 },
      { slug: "mobiilisovellus", boards: 2 },
    ]);
    const ideasPerGroup = db
      .prepare("SELECT g.slug, count(*) AS n, sum(i.title GLOB '*[äöÄÖ]*') AS finnish FROM ideas i JOIN groups g ON g.id = i.group_id GROUP BY g.slug")
      .all() as { n: number; finnish: number }[];
    expect(ideasPerGroup).toHaveLength(2);
    for (const g of ideasPerGroup) {
      expect(g.n).toBeGreaterThanOrEqual(30);
      expect(g.finnish).toBeGreaterThan(0); // Finnish titles beside the English ones
    }
    expect((db.prepare("SELECT count(*) AS n FROM comments WHERE parent_id IS NOT NULL").get() as { n: number }).n).toBeGreaterThan(0);
    const drift = db
      .prepare(
        `SELECT count(*) AS n FROM ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)
           OR comment_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.held_at IS NULL)
           OR follower_count <> (SELECT count(*) FROM follows f WHERE f.idea_id = i.id)`,
      )
      .get() as { n: number };
    expect(drift.n).toBe(0);
    // Indexed by group, accents folded: exactly one idea in one group has the word.
    const indexed = (db.prepare("SELECT id FROM groups").pluck().all() as string[]).map(
      (groupId) =>
        (db.prepare("SELECT count(*) AS n FROM ideas_fts WHERE ideas_fts MATCH ?").get(`"${ftsTerm(groupId, "lukitusnaytolle")}"`) as { n: number }).n,
    );
    expect(indexed.reduce((a, b) => a + b, 0)).toBe(1);
    db.prepare("INSERT INTO users (id, email, name) VALUES ('keep-me', 'keep@example.test', 'Keep Me')").run();
    db.close();

    const second = await startServer({ dbPath, env: { KAIKU_DEMO: "1" } });
    expect(second.output()).not.toContain("Demo data created");
    const res = await fetch(`${second.url}/healthz`);
    expect(await res.text()).toBe("ok");
    await second.stop();
    const after = new Database(dbPath);
    expect((after.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n).toBe(31); // the 30 seeded and keep-me
    after.close();
  });
});

describe("demo data switch and admin CLI", () => {
  it("KAIKU_DEMO=0 starts on an empty database without demo accounts", async () => {
    const dbPath = path.join(tmp, "empty.db");
    const server = await startServer({ dbPath, env: { KAIKU_DEMO: "0" } });
    expect(server.output()).not.toContain("Demo data created");
    await server.stop();
    const db = new Database(dbPath);
    expect((db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n).toBe(0);
    db.close();
  });

  it("npm run admin:create makes an administrator and prints a one-time setup link", async () => {
    const dbPath = path.join(tmp, "cli.db");
    const run = (args: string[]) =>
      runScript("scripts/admin-create.ts", args, {
        DATABASE_PATH: dbPath,
        APP_URL: "https://kaiku.example",
        NODE_ENV: "production",
        SESSION_SECRET: "s".repeat(40),
      });
    const ok = await run(["--email", "Boss@Example.test", "--name", "Big Boss"]);
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/https:\/\/kaiku\.example\/reset-password\?token=[\w-]{43}/);
    const db = new Database(dbPath);
    expect(db.prepare("SELECT email, role, password_hash FROM users").all()).toEqual([{ email: "boss@example.test", role: "admin", password_hash: null }]);
    db.close();
    const again = await run(["--email", "boss@example.test", "--name", "Big Boss"]);
    expect(again.code).toBe(1);
    expect(again.output).toContain("already exists");
    const bad = await run(["--email", "not-an-email"]);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("Usage: npm run admin:create");
  });
});
