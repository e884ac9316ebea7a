// Migration 0011: the trigram index is built from the ideas an install already has, and kept by triggers after.
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { registerFunctions } from "../../db/client";
import { trigramRange } from "../../db/fts";
import { migratedBefore } from "../support/migrations";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

it("0011 indexes every existing idea inside its group's range, and its triggers keep the index after", () => {
  const { dir, file, migrateRest } = migratedBefore("0011_search_trigram");
  dirs.push(dir);
  const old = new Database(file);
  registerFunctions(old); // the word index's triggers (0006) need kaiku_fts_text
  expect(old.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ideas_trigram'").pluck().get()).toBe(0);
  old.prepare("INSERT INTO users (id, email, name, handle) VALUES ('u1', 'u1@example.test', 'U', 'u')").run();
  old.prepare("INSERT INTO groups (id, slug, name) VALUES ('g-one', 'one', 'One'), ('g-two', 'two', 'Two')").run();
  old.prepare("INSERT INTO boards (id, group_id, slug, name) VALUES (1, 'g-one', 'a', 'A'), (2, 'g-two', 'a', 'A')").run();
  const insert = old.prepare("INSERT INTO ideas (group_id, board_id, number, author_id, title, body) VALUES (?, ?, ?, 'u1', ?, ?)");
  insert.run("g-one", 1, 1, "Kausilippu halvemmaksi", "");
  insert.run("g-one", 1, 2, "Muuta", "Lippuautomaattiin korttimaksu");
  insert.run("g-two", 2, 1, "Kausilippu toisessa ryhmässä", "");
  old.close();

  migrateRest();
  const db = new Database(file);
  registerFunctions(db);
  const inside = (groupId: string, text: string) => {
    const { lo, hi } = trigramRange(groupId);
    return db
      .prepare("SELECT rowid - ? FROM ideas_trigram WHERE ideas_trigram MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid")
      .pluck()
      .all(BigInt(lo), `"${text}"`, BigInt(lo), BigInt(hi));
  };
  expect(inside("g-one", "lippu")).toEqual([1, 2]); // title and body of the old ideas
  expect(inside("g-two", "lippu")).toEqual([3]);
  expect(inside("g-one", "RYHMÄSSÄ")).toEqual([]);
  expect(inside("g-two", "ryhmassa")).toEqual([3]); // case and accents folded
  // New writes go through the triggers.
  db.prepare("UPDATE ideas SET title = 'Tumma teema' WHERE id = 1").run();
  expect(inside("g-one", "lippu")).toEqual([2]);
  db.prepare("INSERT INTO ideas (group_id, board_id, number, author_id, title, body) VALUES ('g-one', 1, 3, 'u1', 'Sarjalippu', '')").run();
  expect(inside("g-one", "lippu")).toEqual([2, 4]);
  db.prepare("DELETE FROM ideas WHERE id = 2").run();
  expect(inside("g-one", "lippu")).toEqual([4]);
  expect(db.prepare("SELECT count(*) FROM ideas_trigram").pluck().get()).toBe(3);
  db.close();
});
