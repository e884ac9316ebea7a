// Migrations 0009 (grouped comment notifications, the comments e-mail choice) and 0010 (merge records) on an
// install from before them: every existing row stays as it was, the new columns take their safe defaults
// (e-mails about new comments off, a notification counts one), the one-unread-item index accepts the old rows,
// and a merge made before 0010 has no record (so it is not offered for undo).
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { registerFunctions } from "../../db/client";
import { migratedBefore } from "../support/migrations";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

it("0009 and 0010 keep every row of an older install and give the new columns safe defaults", () => {
  const { dir, file, migrateRest } = migratedBefore("0009_comment_notifications");
  dirs.push(dir);
  const old = new Database(file);
  registerFunctions(old);
  old
    .prepare(
      "INSERT INTO users (id, email, name, handle, email_status, email_replies, email_mentions) VALUES ('u1', 'u1@example.test', 'U', 'u', 'off', 'immediately', 'off'), ('u2', 'u2@example.test', 'V', 'v', 'immediately', 'off', 'immediately')",
    )
    .run();
  old.prepare("INSERT INTO groups (id, slug, name) VALUES ('g1', 'one', 'One')").run();
  old.prepare("INSERT INTO boards (id, group_id, slug, name) VALUES (1, 'g1', 'a', 'A')").run();
  const idea = old.prepare("INSERT INTO ideas (group_id, board_id, number, author_id, title, body) VALUES ('g1', 1, ?, 'u1', ?, '')");
  idea.run(1, "Kept open");
  idea.run(2, "Merged before 0010");
  old.prepare("UPDATE ideas SET status = 'merged', merged_into_id = 1 WHERE number = 2").run();
  old.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (1, 'u1', 5), (1, 'u2', 6)").run();
  // Several unread notifications of one reader about one idea's discussion (replies, mentions), read and unread.
  const note = old.prepare("INSERT INTO notifications (user_id, kind, group_id, data, read_at, created_at) VALUES (?, ?, 'g1', ?, ?, ?)");
  for (let i = 0; i < 6; i++)
    note.run("u2", i % 2 ? "replied" : "mentioned", JSON.stringify({ number: "1", commentId: String(i + 1) }), i < 2 ? 100 : null, 1000 - i);
  const before = {
    users: old.prepare("SELECT id, email, name, email_status, email_replies, email_mentions FROM users ORDER BY id").all(),
    notifications: old.prepare("SELECT id, user_id, kind, group_id, data, read_at, created_at FROM notifications ORDER BY id").all(),
    ideas: old.prepare("SELECT id, status, merged_into_id, vote_count FROM ideas ORDER BY id").all(),
    votes: old.prepare("SELECT * FROM votes ORDER BY user_id").all(),
  };
  old.close();

  migrateRest();
  const db = new Database(file);
  registerFunctions(db);
  expect(db.prepare("SELECT id, email, name, email_status, email_replies, email_mentions FROM users ORDER BY id").all()).toEqual(before.users);
  expect(db.prepare("SELECT DISTINCT email_comments FROM users").pluck().all()).toEqual(["off"]);
  expect(db.prepare("SELECT id, user_id, kind, group_id, data, read_at, created_at FROM notifications ORDER BY id").all()).toEqual(before.notifications);
  expect(db.prepare("SELECT DISTINCT count || '/' || coalesce(idea_id, 'null') FROM notifications").pluck().all()).toEqual(["1/null"]);
  expect(db.prepare("SELECT id, status, merged_into_id, vote_count FROM ideas ORDER BY id").all()).toEqual(before.ideas);
  expect(db.prepare("SELECT * FROM votes ORDER BY user_id").all()).toEqual(before.votes);
  expect(db.prepare("SELECT count(*) FROM idea_merges").pluck().get()).toBe(0);
  // The partial unique index holds from now on: a second unread comment item of one reader and idea is refused.
  const comment = db.prepare("INSERT INTO notifications (user_id, kind, group_id, idea_id, data) VALUES ('u2', 'comment', 'g1', 1, '{}')");
  comment.run();
  expect(() => comment.run()).toThrow(/UNIQUE/);
  expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
  expect(db.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
  db.close();
});
