// The demo's notification centre: seeded through the app's own models, then listed newest first by time. The seed
// writes notifications in the order of the seeding code and dates them afterwards, so their ids are out of date
// order: listing by id (as before) showed Matti a week-old status change above yesterday's comment.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { listNotifications } from "../../app/models/notification.server";
import { seedDemo } from "../../scripts/seed/demo";

describe("demo notifications", () => {
  it("are listed in date order, and followers heard of the demo's comments in grouped items", async () => {
    expect(await seedDemo(db())).toBe(true);
    const matti = db().select().from(schema.users).where(eq(schema.users.email, "member@demo.kaiku.test")).get()!;
    const { rows, total } = listNotifications({ userId: matti.id, page: 1, isStaff: false });
    expect(total).toBeGreaterThan(3);
    expect(rows.some((r) => r.readAt === null)).toBe(true);
    const times = rows.map((r) => r.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The ids are out of date order in the demo (which is what made the old order wrong).
    const all = db().select({ id: schema.notifications.id, createdAt: schema.notifications.createdAt }).from(schema.notifications).all();
    const byId = [...all].sort((a, b) => a.id - b.id).map((n) => n.createdAt);
    expect(byId).not.toEqual([...byId].sort((a, b) => a - b));
    // Comments on Matti's ideas reached him as one item per idea, dated at the latest comment.
    const comments = rows.filter((r) => r.kind === "comment");
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) {
      const latest = db()
        .select()
        .from(schema.comments)
        .where(eq(schema.comments.id, Number(c.data.latestCommentId ?? c.data.commentId)))
        .get()!;
      expect(c.createdAt).toBe(latest.createdAt);
    }
    const perIdea = db()
      .$client.prepare("SELECT user_id, idea_id, count(*) AS n FROM notifications WHERE kind = 'comment' AND read_at IS NULL GROUP BY 1, 2 HAVING n > 1")
      .all();
    expect(perIdea).toEqual([]);
  }, 120_000);
});
