// The input rules of issue 11 over real HTTP against the built server, as the defects were found: a retag naming
// a tag that does not exist (or another group's) removed every tag of the idea with a 302; "into=0x10" merged an
// idea into #16; a name "a\u0000b" and titles with CR/LF were stored. Each is now a 400 with a translated message
// on the page, and the tables it could have written are exactly as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("input rules (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "input-pilot";
  const cookies = {} as Record<"member" | "moderator" | "staff", string>;
  let memberId: string;
  let boardId: number;
  let tagA: number;
  let tagB: number;
  let foreignTag: number;
  const TABLES = ["ideas", "idea_tags", "idea_events", "votes", "follows", "audit_log", "notifications", "users"];
  const snapshot = () => JSON.stringify(TABLES.map((t) => queryDb(server.dbPath, `SELECT * FROM ${t} ORDER BY rowid`)));

  /** A form post as a browser sends it: a repeated name once per value. */
  const send = (path: string, fields: Record<string, string | string[]>, cookie: string) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en", Cookie: cookie },
      body,
    });
  };
  const postIdea = async (title: string, tags: string[] = []) => {
    const res = await send(`/g/${slug}/ideas/new`, { intent: "submit", boardId: String(boardId), title, confirmed: "1", tags }, cookies.member);
    expect(res.status, title).toBe(302);
    return Number(/\/ideas\/(\d+)/.exec(res.headers.get("location") ?? "")![1]);
  };
  const tagsOf = (number: number) =>
    queryDb<{ tag_id: number }>(
      server.dbPath,
      "SELECT tag_id FROM idea_tags WHERE idea_id = (SELECT id FROM ideas WHERE number = ?) ORDER BY tag_id",
      number,
    ).map((r) => r.tag_id);

  beforeAll(async () => {
    server = await startServer();
    memberId = await insertAccount(server.dbPath, { email: "member@example.test", name: "Mia Member", password: PASSWORD, locale: "en" });
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "en" });
    await insertAccount(server.dbPath, { email: "staff@example.test", name: "Sara Staff", role: "staff", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug, name: "Input pilot", moderatorId: modId });
    const otherId = insertGroup(server.dbPath, { slug: "other-pilot", name: "Other pilot", moderatorId: modId });
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      memberId,
      Date.now(),
    );
    execDb(server.dbPath, "UPDATE groups SET member_count = 2 WHERE id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    for (const [group, name] of [
      [groupId, "Alpha"],
      [groupId, "Beta"],
      [otherId, "Foreign"],
    ])
      execDb(server.dbPath, "INSERT INTO tags (group_id, name, color, created_at) VALUES (?, ?, 'blue', ?)", group, name, Date.now());
    [tagA, tagB, foreignTag] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM tags ORDER BY id").map((r) => r.id);
    cookies.member = await signInHttp(server.url, "member@example.test", PASSWORD);
    cookies.moderator = await signInHttp(server.url, "mod@example.test", PASSWORD);
    cookies.staff = await signInHttp(server.url, "staff@example.test", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("intent=tags&tags=999 and another group's tag: 400 with the message, tags and audit log unchanged", async () => {
    const number = await postIdea("Tagged twice for the retag test", [String(tagA), String(tagB)]);
    expect(tagsOf(number)).toEqual([tagA, tagB]);
    for (const tags of [["999"], [String(foreignTag)], [String(tagA), "999"]]) {
      const before = snapshot();
      const res = await send(`/g/${slug}/ideas/${number}`, { intent: "tags", tags }, cookies.moderator);
      expect(res.status, tags.join()).toBe(400);
      expect(await res.text()).toContain("One of the chosen tags does not exist in this group any more.");
      expect(snapshot(), tags.join()).toBe(before);
    }
    expect(tagsOf(number)).toEqual([tagA, tagB]);
    expect(queryDb(server.dbPath, "SELECT * FROM audit_log WHERE action = 'idea.tags'")).toEqual([]);
  });

  it("into=0x10 is a 400 and merges nothing, although idea #16 exists", async () => {
    let last = 0;
    while (last < 16) last = await postIdea(`Filler idea number ${last + 1} for the merge test`);
    const from = await postIdea("The duplicate that must not be merged");
    const before = snapshot();
    const res = await send(`/g/${slug}/ideas/${from}`, { intent: "merge", into: "0x10" }, cookies.staff);
    expect(res.status).toBe(400);
    expect(snapshot()).toBe(before);
    expect(queryDb<{ status: string }>(server.dbPath, "SELECT status FROM ideas WHERE number = ?", from)[0].status).toBe("open");
  });

  it("a name a\\u0000b is refused with a translated field error and not stored", async () => {
    const before = snapshot();
    const res = await send("/account", { intent: "profile", name: "a\u0000b" }, cookies.member);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Keep this on one line");
    expect(snapshot()).toBe(before);
    expect(queryDb<{ name: string }>(server.dbPath, "SELECT name FROM users WHERE id = ?", memberId)[0].name).toBe("Mia Member");
  });

  it("a title with CR/LF is refused with a translated field error and no idea is stored", async () => {
    const before = snapshot();
    const res = await send(
      `/g/${slug}/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: "First line\r\nSecond line", confirmed: "1" },
      cookies.member,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Keep this on one line");
    expect(snapshot()).toBe(before);
  });
});
