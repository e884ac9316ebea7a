// Fifty people open the same invitation link at the same moment: exactly one account and one membership result.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";
import { deliveredTextIn } from "../support/outbox";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("invitation redemption under concurrency", () => {
  it("lets exactly one of 50 parallel redemptions succeed", async () => {
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mod", password: "a good long password", locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug: "race", name: "Race group", moderatorId: modId });
    const cookie = await signInHttp(server.url, "mod@example.test", "a good long password");
    const invited = await post(`${server.url}/g/race/invitations`, { intent: "invite", emails: "racer@example.test" }, { cookie });
    expect(invited.status).toBe(200);
    const link = /http:\/\/\S+\/invite\/\S+/.exec(deliveredTextIn(server.dbPath, "racer@example.test"))![0].replace(/^http:\/\/[^/]+/, server.url);

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(link, { intent: "create", name: `Racer ${i}`, password: "racer password 123", confirm: "racer password 123", locale: "en" }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(49);
    const winner = responses.find((r) => r.status === 302)!;
    expect(winner.headers.get("location")).toBe("/g/race?welcome=1");
    expect(winner.headers.get("set-cookie")).toMatch(/^kaiku_session=/);

    expect(queryDb(server.dbPath, "SELECT id FROM users WHERE email = 'racer@example.test'")).toHaveLength(1);
    expect(queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM memberships WHERE group_id = ? AND state = 'active'", groupId)[0].n).toBe(2);
    expect(queryDb<{ member_count: number }>(server.dbPath, "SELECT member_count FROM groups WHERE id = ?", groupId)[0].member_count).toBe(2);
  });
});
