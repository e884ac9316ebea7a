// Forty members vote and unvote the same idea at the same moment over real HTTP: the maintained counters
// stay equal to the rows they count, and each member's last intended state is what remains.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const MEMBERS = 40;
const PASSWORD = "a good long password";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A fixed shuffle, so the interleaving differs from the creation order but every run sends the same requests. */
function shuffle<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("votes under concurrency", () => {
  it("keeps vote_count and follower_count exact through parallel votes and unvotes", async () => {
    const modId = await insertAccount(server.dbPath, { email: "vote-mod@example.test", name: "Vote Mod", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug: "vote-race", name: "Vote race", moderatorId: modId });
    const members: { id: string; email: string }[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const email = `voter${i}@example.test`;
      const id = await insertAccount(server.dbPath, { email, name: `Voter ${i}`, password: PASSWORD, locale: "en" });
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        id,
        Date.now(),
      );
      members.push({ id, email });
    }
    execDb(server.dbPath, "UPDATE groups SET member_count = ? WHERE id = ?", MEMBERS + 1, groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const [{ id: boardId }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO ideas (group_id, board_id, number, title) VALUES (?, ?, 1, 'Race idea')", groupId, boardId);
    const [{ id: ideaId }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE group_id = ? AND number = 1", groupId);

    const cookies = await Promise.all(members.map((m) => signInHttp(server.url, m.email, PASSWORD)));
    const url = `${server.url}/g/vote-race/ideas/1`;
    const send = async (member: number, voted: boolean) => {
      const res = await post(url, { intent: "vote", number: "1", voted: voted ? "1" : "0" }, { cookie: cookies[member] });
      await res.arrayBuffer();
      return { member, voted, status: res.status };
    };

    // Wave 1: every member votes twice; a third of them also unvote twice and another third once, all interleaved.
    const unvotes = (i: number) => (i % 3 === 0 ? 2 : i % 3 === 1 ? 1 : 0);
    const wave1 = shuffle(members.flatMap((_, i) => [[i, true], [i, true], ...Array.from({ length: unvotes(i) }, () => [i, false])] as [number, boolean][]));
    expect(wave1.length).toBeGreaterThanOrEqual(3 * MEMBERS);
    const first = await Promise.all(wave1.map(([i, v]) => send(i, v)));
    expect(first.filter((r) => r.status !== 200)).toEqual([]);
    const afterFirst = queryDb<{ vote_count: number; votes: number; follower_count: number; follows: number }>(
      server.dbPath,
      "SELECT vote_count, (SELECT count(*) FROM votes WHERE idea_id = ideas.id) AS votes, follower_count, (SELECT count(*) FROM follows WHERE idea_id = ideas.id) AS follows FROM ideas WHERE id = ?",
      ideaId,
    )[0];
    expect(afterFirst.vote_count).toBe(afterFirst.votes);
    expect(afterFirst.follower_count).toBe(afterFirst.follows);

    // Wave 2: each member states its final wish twice in parallel; members whose index is divisible by 4 unvote.
    const finalState = (i: number) => i % 4 !== 0;
    const wave2 = shuffle(
      members.flatMap(
        (_, i) =>
          [
            [i, finalState(i)],
            [i, finalState(i)],
          ] as [number, boolean][],
      ),
      7,
    );
    const second = await Promise.all(wave2.map(([i, v]) => send(i, v)));
    expect(second.filter((r) => r.status !== 200)).toEqual([]);

    const expectedVoters = members
      .filter((_, i) => finalState(i))
      .map((m) => m.id)
      .sort();
    const [idea] = queryDb<{ vote_count: number; follower_count: number }>(server.dbPath, "SELECT vote_count, follower_count FROM ideas WHERE id = ?", ideaId);
    const votes = queryDb<{ user_id: string }>(server.dbPath, "SELECT user_id FROM votes WHERE idea_id = ?", ideaId)
      .map((v) => v.user_id)
      .sort();
    const follows = queryDb<{ user_id: string }>(server.dbPath, "SELECT user_id FROM follows WHERE idea_id = ?", ideaId)
      .map((f) => f.user_id)
      .sort();
    expect(votes).toEqual(expectedVoters);
    expect(idea.vote_count).toBe(votes.length);
    expect(idea.vote_count).toBe(expectedVoters.length);
    // Everyone voted at least once, and unvoting does not unfollow.
    expect(follows).toEqual(members.map((m) => m.id).sort());
    expect(idea.follower_count).toBe(follows.length);
  });
});
