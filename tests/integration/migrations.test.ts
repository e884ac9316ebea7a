import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { extractMentions } from "../../app/utils/mentions";
import { registerFunctions } from "../../db/client";
import { ftsTerm } from "../../db/fts";
import { MIGRATIONS_FOLDER, runMigrations } from "../../db/migrate";
import { migratedBefore } from "../support/migrations";

// A migration shaped like drizzle-kit's table rebuild: it says foreign_keys=OFF, which SQLite ignores inside
// the migrator's transaction. Dropping the parent table would then cascade into sessions.
const REBUILD_USERS = `PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE \`__new_users\` (
  \`id\` text PRIMARY KEY NOT NULL, \`email\` text NOT NULL, \`name\` text NOT NULL, \`password_hash\` text,
  \`role\` text DEFAULT 'member' NOT NULL, \`locale\` text,
  \`created_at\` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
  \`updated_at\` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
  \`nickname\` text
);--> statement-breakpoint
INSERT INTO \`__new_users\`("id","email","name","password_hash","role","locale","created_at","updated_at") SELECT "id","email","name","password_hash","role","locale","created_at","updated_at" FROM \`users\`;--> statement-breakpoint
DROP TABLE \`users\`;--> statement-breakpoint
ALTER TABLE \`__new_users\` RENAME TO \`users\`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX \`users_email_unique\` ON \`users\` (\`email\`);`;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fixture(extraSql: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-mig-"));
  dirs.push(dir);
  const folder = path.join(dir, "migrations");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8"));
  const last = journal.entries.at(-1);
  const tag = `${String(last.idx + 1).padStart(4, "0")}_test_rebuild`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  const file = path.join(dir, "kaiku.db");
  return { folder, file, addMigration: () => fs.writeFileSync(path.join(folder, `${tag}.sql`), extraSql) };
}

function seedUserWithSession(file: string) {
  const db = new Database(file);
  db.prepare("INSERT INTO users (id, email, name) VALUES ('u1', 'a@example.test', 'A')").run();
  db.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES ('s1', 'u1', 9999999999)").run();
  db.close();
}

const count = (file: string, table: string) => {
  const db = new Database(file);
  const n = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  db.close();
  return n;
};

describe("runMigrations", () => {
  it("keeps child rows when a migration rebuilds a parent table", () => {
    const f = fixture(REBUILD_USERS);
    // Apply the real migrations, add data, then the rebuild.
    fs.renameSync(path.join(f.folder, "meta/_journal.json"), path.join(f.folder, "meta/full.json"));
    const full = JSON.parse(fs.readFileSync(path.join(f.folder, "meta/full.json"), "utf8"));
    fs.writeFileSync(path.join(f.folder, "meta/_journal.json"), JSON.stringify({ ...full, entries: full.entries.slice(0, -1) }));
    runMigrations(f.file, f.folder);
    seedUserWithSession(f.file);
    fs.writeFileSync(path.join(f.folder, "meta/_journal.json"), JSON.stringify(full));
    f.addMigration();
    runMigrations(f.file, f.folder);
    const db = new Database(f.file);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('users')").all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(columns).toContain("nickname"); // the rebuild really ran
    expect(count(f.file, "sessions")).toBe(1);
    expect(count(f.file, "users")).toBe(1);
  });

  it("the same rebuild on a foreign_keys=ON connection does lose the rows (the trap this guards against)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-mig-"));
    dirs.push(dir);
    const file = path.join(dir, "kaiku.db");
    runMigrations(file);
    seedUserWithSession(file);
    const db = new Database(file);
    db.pragma("foreign_keys = ON");
    db.transaction(() => {
      for (const stmt of REBUILD_USERS.split("--> statement-breakpoint")) db.exec(stmt);
    })();
    db.close();
    expect(count(file, "sessions")).toBe(0);
  });

  it("fails loudly when a migration leaves a dangling foreign key", () => {
    const f = fixture("INSERT INTO sessions (id, user_id, expires_at) VALUES ('orphan', 'no-such-user', 1);");
    f.addMigration();
    expect(() => runMigrations(f.file, f.folder)).toThrow(/foreign key violation/);
    // The migration is recorded as applied, but the next start checks again and still refuses.
    expect(() => runMigrations(f.file, f.folder)).toThrow(/foreign key violation/);
  });

  it("checks foreign keys once for the migrations applied, not at every start", () => {
    const f = fixture("SELECT 1;");
    f.addMigration();
    runMigrations(f.file, f.folder);
    const applied = (file: string) => {
      const c = new Database(file);
      try {
        return [c.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get(), c.pragma("user_version", { simple: true })];
      } finally {
        c.close();
      }
    };
    const [count, verified] = applied(f.file);
    expect(verified).toBe(count);
    // A dangling key written later (not by a migration) is not the start's business: the start does not scan.
    const c = new Database(f.file);
    c.pragma("foreign_keys = OFF");
    c.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES ('orphan', 'no-such-user', 1)").run();
    c.close();
    expect(() => runMigrations(f.file, f.folder)).not.toThrow();
  });

  it("gives accounts from before @mention handles a unique, lower-case handle that a mention can match", () => {
    const { dir, file, migrateRest } = migratedBefore("0002_ideas");
    dirs.push(dir);
    const names = ["Matti", "Matti", "Matti 2", "Pekka Öhman", "Åsa Ek", "Matti (PM)", "Ä", "O'Brien, Emma"];
    const before = new Database(file);
    names.forEach((name, i) => before.prepare("INSERT INTO users (id, email, name) VALUES (?, ?, ?)").run(`u${i}`, `u${i}@example.test`, name));
    before.close();

    migrateRest();
    migrateRest(); // nothing left to fill the second time
    const db = new Database(file);
    const handles = db.prepare("SELECT handle FROM users ORDER BY rowid").pluck().all() as string[];
    db.close();
    expect(handles).toEqual(["matti", "matti-2", "matti-2-2", "pekka-öhman", "åsa-ek", "matti-pm", "member-ä", "o-brien-emma"]);
    for (const handle of handles) expect(extractMentions(`Hello @${handle}!`)).toEqual([handle]);
  });

  it("moves ideas written before the search index was split by group into the new index, and keeps it current", () => {
    const { dir, file, migrateRest } = migratedBefore("0006_search_by_group");
    dirs.push(dir);
    const old = new Database(file);
    old.prepare("INSERT INTO users (id, email, name, handle) VALUES ('u1', 'u1@example.test', 'U', 'u')").run();
    old.prepare("INSERT INTO groups (id, slug, name) VALUES ('g-one', 'one', 'One'), ('g-two', 'two', 'Two')").run();
    old.prepare("INSERT INTO boards (id, group_id, slug, name) VALUES (1, 'g-one', 'a', 'A'), (2, 'g-two', 'a', 'A')").run();
    old
      .prepare(
        "INSERT INTO ideas (group_id, board_id, number, author_id, title, body) VALUES ('g-one', 1, 1, 'u1', 'Widgetti lukitusnäytölle', 'Kalenteri näkyviin'), ('g-two', 2, 1, 'u1', 'Widgetti toisessa ryhmässä', '')",
      )
      .run();
    old.close();

    migrateRest();
    const db = new Database(file);
    registerFunctions(db);
    const found = (groupId: string, word: string) =>
      db
        .prepare("SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ? ORDER BY rowid")
        .pluck()
        .all(`"${ftsTerm(groupId, word)}"*`);
    expect(found("g-one", "lukitusnaytolle")).toEqual([1]); // accents folded
    expect(found("g-one", "widgetti")).toEqual([1]); // only its own group's idea
    expect(found("g-two", "widgetti")).toEqual([2]);
    expect(found("g-one", "kalent")).toEqual([1]); // body, prefix
    // The triggers keep the new index: an edit replaces the old words.
    db.prepare("UPDATE ideas SET title = 'Tumma teema' WHERE id = 1").run();
    expect(found("g-one", "widgetti")).toEqual([]);
    expect(found("g-one", "tumma")).toEqual([1]);
    db.close();
  });

  it("is idempotent: a second run changes nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-mig-"));
    dirs.push(dir);
    const file = path.join(dir, "kaiku.db");
    runMigrations(file);
    seedUserWithSession(file);
    runMigrations(file);
    expect(count(file, "users")).toBe(1);
    expect(count(file, "sessions")).toBe(1);
  });
});
