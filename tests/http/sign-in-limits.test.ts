// Issue 11 item 13 over real HTTP: a parallel burst of wrong passwords cannot get more password checks than the
// limit allows (the attempt is counted before the check, in one step with it), requests the per-IP reset limit
// refuses create no per-account rows, and every 429 says when to retry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
beforeAll(async () => {
  // The bursts below come from one address: above the default cap of connections per IP (item 18).
  server = await startServer({ env: { MAX_CONNECTIONS_PER_IP: "1000" } });
});
afterAll(async () => {
  await server?.stop();
});

const retryAfter = (res: Response) => Number(res.headers.get("retry-after"));

describe("sign-in limits under parallel requests", () => {
  it("100 parallel wrong passwords on one account: 10 checked, 90 refused with 429 and Retry-After", async () => {
    await insertAccount(server.dbPath, { email: "target@example.test", password: "the right password 1" });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => post(`${server.url}/login`, { email: "target@example.test", password: "a wrong guess!" })),
    );
    const statuses = responses.map((r) => r.status);
    const checked = statuses.filter((s) => s === 400).length;
    const refused = responses.filter((r) => r.status === 429);
    expect({ checked, refused: refused.length, other: statuses.length - checked - refused.length }).toEqual({ checked: 10, refused: 90, other: 0 });
    for (const res of refused) {
      // 15 minutes from the first attempt, in whole seconds.
      expect(retryAfter(res)).toBeGreaterThan(800);
      expect(retryAfter(res)).toBeLessThanOrEqual(900);
    }
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    const [row] = queryDb<{ count: number }>(server.dbPath, "SELECT count FROM rate_limits WHERE key = 'login:account:target@example.test'");
    expect(row.count).toBe(10);
    // The right password is refused too while the account is blocked.
    const right = await post(`${server.url}/login`, { email: "target@example.test", password: "the right password 1" });
    expect(right.status).toBe(429);
    expect(retryAfter(right)).toBeGreaterThan(0);
  });

  it("a data request's 429 carries Retry-After too", async () => {
    const res = await post(`${server.url}/login.data`, { email: "target@example.test", password: "another guess" });
    expect(res.status).toBe(429);
    expect(retryAfter(res)).toBeGreaterThan(0);
  });

  it("a right password takes its attempt back: sign-ins from one address are not limited, failures are", async () => {
    await insertAccount(server.dbPath, { email: "office@example.test", password: "the right password 2" });
    for (let i = 0; i < 12; i++)
      expect((await post(`${server.url}/login`, { email: "office@example.test", password: "the right password 2" })).status).toBe(302);
    const rows = queryDb<{ key: string; count: number }>(
      server.dbPath,
      "SELECT key, count FROM rate_limits WHERE key IN ('login:account:office@example.test', 'login:ip:127.0.0.1')",
    );
    expect(rows.find((r) => r.key === "login:account:office@example.test")).toBeUndefined();
    // The IP counts only the burst's 10 failures (the 90 refused and the 12 right ones count nothing).
    expect(rows.find((r) => r.key === "login:ip:127.0.0.1")?.count).toBe(10);
  });
});

describe("password reset limits", () => {
  it("requests refused by the per-IP limit create no per-account rows, and their 429 carries Retry-After", async () => {
    const before = queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'reset:account:%'")[0].n;
    for (let i = 0; i < 20; i++) expect((await post(`${server.url}/forgot-password`, { email: `allowed${i}@example.test` })).status).toBe(200);
    const refused: Response[] = [];
    for (let batch = 0; batch < 4; batch++) {
      refused.push(
        ...(await Promise.all(Array.from({ length: 50 }, (_, i) => post(`${server.url}/forgot-password`, { email: `refused${batch * 50 + i}@example.test` })))),
      );
    }
    expect(refused.map((r) => r.status).filter((s) => s !== 429)).toEqual([]);
    for (const res of refused) {
      expect(retryAfter(res)).toBeGreaterThan(3000); // an hour's window
      expect(retryAfter(res)).toBeLessThanOrEqual(3600);
    }
    await Promise.all(refused.map((r) => r.arrayBuffer()));
    const after = queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'reset:account:%'")[0].n;
    expect(after - before).toBe(20);
    expect(queryDb<{ count: number }>(server.dbPath, "SELECT count FROM rate_limits WHERE key = 'reset:ip:127.0.0.1'")[0].count).toBe(20);
  });
});

describe("the other rate-limited forms", () => {
  it("answer 429 with Retry-After: comments, ideas, updates, invitations and join requests", async () => {
    const PASSWORD = "a good long password";
    const memberId = await insertAccount(server.dbPath, { email: "poster@example.test", password: PASSWORD, locale: "en" });
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", password: PASSWORD, locale: "en" });
    const staffId = await insertAccount(server.dbPath, { email: "staff@example.test", role: "staff", password: PASSWORD, locale: "en" });
    const outsiderId = await insertAccount(server.dbPath, { email: "outsider@example.test", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug: "limits", name: "Limits pilot", moderatorId: modId, joinPolicy: "request" });
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      memberId,
      Date.now(),
    );
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    const member = await signInHttp(server.url, "poster@example.test", PASSWORD);
    const created = await post(
      `${server.url}/g/limits/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: "Limits idea", body: "Body", confirmed: "1" },
      { cookie: member },
    );
    expect(created.status).toBe(302);
    // Each person's limit used up, as after a burst.
    const now = Date.now();
    for (const key of [`comment:user:${memberId}`, `idea:user:${memberId}`, `post:user:${staffId}`, `invite:user:${modId}`, `join:user:${outsiderId}`]) {
      execDb(server.dbPath, "INSERT OR REPLACE INTO rate_limits (key, window_start, count, expires_at) VALUES (?, ?, 1000, ?)", key, now, now + 3_600_000);
    }
    const cases = [
      { what: "comment", res: await post(`${server.url}/g/limits/ideas/1`, { intent: "comment", body: "One more" }, { cookie: member }) },
      {
        what: "idea",
        res: await post(
          `${server.url}/g/limits/ideas/new`,
          { intent: "submit", boardId: String(boardId), title: "Another idea", body: "Body", confirmed: "1" },
          { cookie: member },
        ),
      },
      {
        what: "update",
        res: await post(
          `${server.url}/g/limits/updates`,
          { intent: "create", title: "An update", body: "Text" },
          { cookie: await signInHttp(server.url, "staff@example.test", PASSWORD) },
        ),
      },
      {
        what: "invitation",
        res: await post(
          `${server.url}/g/limits/invitations`,
          { intent: "invite", emails: "someone@example.test" },
          { cookie: await signInHttp(server.url, "mod@example.test", PASSWORD) },
        ),
      },
      {
        what: "join",
        res: await post(`${server.url}/join/limits`, { answer: "Please" }, { cookie: await signInHttp(server.url, "outsider@example.test", PASSWORD) }),
      },
    ];
    for (const { what, res } of cases) {
      expect(res.status, what).toBe(429);
      expect(retryAfter(res), what).toBeGreaterThan(3000);
      expect(retryAfter(res), what).toBeLessThanOrEqual(3600);
    }
  });
});
