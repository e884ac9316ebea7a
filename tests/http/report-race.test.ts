// Fifty members report the same comment at the same moment over real HTTP, with the group's threshold at 10: the
// comment is hidden exactly once (one item.auto_hidden event, one auto_hide decision), the first ten reports are
// recorded and the rest are refused with 409 ("already hidden"), never a 5xx; the counters equal what they count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const MEMBERS = 50;
const THRESHOLD = 10;
const PASSWORD = "a good long password";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("auto-hide under concurrency", () => {
  it("50 parallel reporters hide a comment once", async () => {
    const modId = await insertAccount(server.dbPath, { email: "race-mod@example.test", name: "Race Mod", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug: "report-race", name: "Report race", moderatorId: modId });
    execDb(server.dbPath, "UPDATE groups SET auto_hide_threshold = ? WHERE id = ?", THRESHOLD, groupId);
    const emails: string[] = [];
    for (let i = 0; i <= MEMBERS; i++) {
      const email = `reporter${i}@example.test`;
      const id = await insertAccount(server.dbPath, { email, name: `Reporter ${i}`, password: PASSWORD, locale: "en" });
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        id,
        Date.now(),
      );
      emails.push(email);
    }
    execDb(server.dbPath, "UPDATE groups SET member_count = ? WHERE id = ?", MEMBERS + 2, groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const [{ id: boardId }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId);
    // 51 sign-ins from one address: more than the per-IP sign-in limit (50 per 15 min), so the window is reset halfway.
    const first = await Promise.all(emails.slice(0, 25).map((e) => signInHttp(server.url, e, PASSWORD)));
    execDb(server.dbPath, "DELETE FROM rate_limits");
    const [author, ...reporters] = [...first, ...(await Promise.all(emails.slice(25).map((e) => signInHttp(server.url, e, PASSWORD))))];
    const page = `${server.url}/g/report-race/ideas/1`;
    expect(
      (
        await post(
          `${server.url}/g/report-race/ideas/new`,
          { intent: "submit", boardId: String(boardId), title: "Race idea", confirmed: "1" },
          { cookie: author },
        )
      ).status,
    ).toBe(302);
    expect((await post(page, { intent: "comment", body: "A comment to report" }, { cookie: author })).status).toBe(302);
    const [{ id: commentId, idea_id: ideaId }] = queryDb<{ id: number; idea_id: number }>(server.dbPath, "SELECT id, idea_id FROM comments");

    const statuses = await Promise.all(
      reporters.map((cookie) =>
        post(page, { intent: "report", itemType: "comment", itemId: String(commentId), reason: "spam" }, { cookie }).then((r) => r.status),
      ),
    );
    const tally = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
    expect(tally).toEqual({ 302: THRESHOLD, 409: MEMBERS - THRESHOLD });
    const one = <T>(sql: string, ...p: unknown[]) => queryDb<T>(server.dbPath, sql, ...p)[0];
    expect(one<{ n: number }>("SELECT count(*) AS n FROM domain_events WHERE type = 'item.auto_hidden'").n).toBe(1);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM moderation_decisions WHERE decision = 'auto_hide'").n).toBe(1);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM reports").n).toBe(THRESHOLD);
    expect(one<{ report_count: number; auto_hidden_at: number | null }>("SELECT report_count, auto_hidden_at FROM moderation_cases").report_count).toBe(
      THRESHOLD,
    );
    expect(one<{ hidden: number }>("SELECT hidden_at IS NOT NULL AS hidden FROM comments WHERE id = ?", commentId).hidden).toBe(1);
    expect(one<{ n: number }>("SELECT comment_count AS n FROM ideas WHERE id = ?", ideaId).n).toBe(
      one<{ n: number }>("SELECT count(*) AS n FROM comments WHERE idea_id = ? AND listed = 1", ideaId).n,
    );
  });
});
