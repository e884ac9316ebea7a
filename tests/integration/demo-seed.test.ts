// The demo data tells a consistent story: nobody joins (or asks to join) a group before their account exists.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { seedDemo } from "../../scripts/seed/demo";
import { rows } from "../support/db";

describe("demo seed", () => {
  beforeAll(async () => {
    expect(await seedDemo(db())).toBe(true);
  }, 60_000);

  it("has every membership joined, requested and changed after its account was created", () => {
    const early = rows(
      `SELECT u.email, u.created_at AS createdAt, m.joined_at AS joinedAt, m.requested_at AS requestedAt, m.state_changed_at AS changedAt
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.joined_at < u.created_at OR m.requested_at < u.created_at OR m.state_changed_at < u.created_at`,
    );
    expect(early).toEqual([]);
    expect(rows("SELECT count(*) AS n FROM memberships WHERE state = 'active'")[0].n).toBeGreaterThan(20);
  });

  it("gives each demo group exactly its own two boards (no extra first board)", () => {
    expect(rows("SELECT g.slug, count(b.id) AS boards FROM groups g JOIN boards b ON b.group_id = g.id GROUP BY g.id ORDER BY g.slug")).toEqual([
      { slug: "lipunmyynti", boards: 2 },
      { slug: "mobiilisovellus", boards: 2 },
    ]);
  });
});
