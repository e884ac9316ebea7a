// Muting a member from their profile, over real HTTP without JavaScript: a moderator mutes an ordinary member for a
// day with a reason; the member sees why and until when, cannot comment (403, nothing written) and is told in Kaiku
// and by e-mail; a member cannot mute anyone (the form is not offered, a forged post is 403); the moderator lifts it.
// The same page carries the report form for a member's introduction; the updates page one for each update.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("muting a member from their profile (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "mute-pilot";
  let groupId: string;
  const ids = {} as Record<"mod" | "member" | "other", string>;
  const cookies = {} as Record<"mod" | "member" | "other", string>;
  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: res.status, body: await res.text() };
  };
  const snapshot = () =>
    JSON.stringify(["member_mutes", "comments", "audit_log", "domain_events"].map((t) => queryDb(server.dbPath, `SELECT * FROM ${t} ORDER BY rowid`)));

  beforeAll(async () => {
    server = await startServer();
    ids.mod = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "en" });
    groupId = insertGroup(server.dbPath, { slug, name: "Mute pilot", moderatorId: ids.mod });
    for (const who of ["member", "other"] as const) {
      ids[who] = await insertAccount(server.dbPath, {
        email: `${who}@example.test`,
        name: `Person ${who}`,
        password: PASSWORD,
        locale: who === "member" ? "fi" : "en",
      });
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        ids[who],
        Date.now(),
      );
    }
    for (const [who, email] of [
      ["mod", "mod@example.test"],
      ["member", "member@example.test"],
      ["other", "other@example.test"],
    ] as const)
      cookies[who] = await signInHttp(server.url, email, PASSWORD);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    const created = await post(
      `${server.url}/g/${slug}/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: "Longer opening hours", confirmed: "1" },
      { cookie: cookies.other },
    );
    expect(created.status).toBe(302);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a member is offered no mute form, and a forged mute is refused with nothing written", async () => {
    const page = await get(`/g/${slug}/members/${ids.member}`, cookies.other);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('value="mute"');
    const before = snapshot();
    const forged = await post(`${server.url}/g/${slug}/members/${ids.member}`, { intent: "mute", length: "1d", reason: "No" }, { cookie: cookies.other });
    expect(forged.status).toBe(403);
    const bad = await post(`${server.url}/g/${slug}/members/${ids.member}`, { intent: "mute", length: "1y", reason: "No" }, { cookie: cookies.mod });
    expect(bad.status).toBe(400);
    const noReason = await post(`${server.url}/g/${slug}/members/${ids.member}`, { intent: "mute", length: "1d", reason: "" }, { cookie: cookies.mod });
    expect(noReason.status).toBe(400);
    expect(snapshot()).toBe(before);
  });

  it("the moderator mutes for a day; the member sees why and until when, cannot comment, and is told by e-mail in Finnish", async () => {
    const form = await get(`/g/${slug}/members/${ids.member}`, cookies.mod);
    expect(form.body).toContain('value="mute"');
    const muted = await post(
      `${server.url}/g/${slug}/members/${ids.member}`,
      { intent: "mute", length: "1d", reason: "Cool down, please" },
      { cookie: cookies.mod },
    );
    expect(muted.status).toBe(302);
    const rows = queryDb<{ ends_at: number; starts_at: number; reason: string }>(server.dbPath, "SELECT * FROM member_mutes WHERE user_id = ?", ids.member);
    expect(rows).toHaveLength(1);
    expect(rows[0].ends_at - rows[0].starts_at).toBe(86_400_000);
    const own = await get(`/g/${slug}/members/${ids.member}`, cookies.member);
    expect(own.body).toContain("Cool down, please");
    // The new-idea page says why and until when instead of offering the form.
    const newIdea = await get(`/g/${slug}/ideas/new`, cookies.member);
    expect(newIdea.body).toContain("Cool down, please");
    expect(newIdea.body).not.toContain('name="title"');
    const before = snapshot();
    const comment = await post(`${server.url}/g/${slug}/ideas/1`, { intent: "comment", body: "Let me speak" }, { cookie: cookies.member });
    expect(comment.status).toBe(403);
    expect(snapshot()).toBe(before);
    // Told in Kaiku and by e-mail, in the member's language (the subscribers run right after the commit).
    let mails: { subject: string }[] = [];
    for (let i = 0; i < 50 && mails.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      mails = queryDb<{ subject: string }>(server.dbPath, "SELECT subject FROM email_outbox WHERE to_address = 'member@example.test'");
    }
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/hiljennetty|Hiljen/i);
    expect(queryDb(server.dbPath, "SELECT * FROM notifications WHERE user_id = ? AND kind = 'muted'", ids.member)).toHaveLength(1);
  });

  it("the moderator lifts the mute and the member can comment again", async () => {
    const lifted = await post(`${server.url}/g/${slug}/members/${ids.member}`, { intent: "unmute" }, { cookie: cookies.mod });
    expect(lifted.status).toBe(302);
    const comment = await post(`${server.url}/g/${slug}/ideas/1`, { intent: "comment", body: "Thanks" }, { cookie: cookies.member });
    expect(comment.status).toBe(302);
  });

  it("a member reports another's introduction from the profile without JavaScript, and can withdraw it", async () => {
    execDb(server.dbPath, "UPDATE memberships SET intro = 'Buy cheap watches here' WHERE user_id = ?", ids.member);
    const profile = await get(`/g/${slug}/members/${ids.member}`, cookies.other);
    expect(profile.body).toContain('name="itemType" value="intro"');
    const own = await get(`/g/${slug}/members/${ids.member}`, cookies.member);
    expect(own.body).not.toContain('name="itemType" value="intro"');
    const sent = await post(
      `${server.url}/g/${slug}/members/${ids.member}`,
      { intent: "report", itemType: "intro", itemId: ids.member, reason: "spam" },
      { cookie: cookies.other },
    );
    expect(sent.status).toBe(302);
    expect(queryDb(server.dbPath, "SELECT * FROM reports WHERE item_type = 'intro' AND item_id = ? AND withdrawn_at IS NULL", ids.member)).toHaveLength(1);
    expect((await get(`/g/${slug}/members/${ids.member}`, cookies.other)).body).toContain('value="withdraw-report"');
    const forged = await post(
      `${server.url}/g/${slug}/members/${ids.member}`,
      { intent: "report", itemType: "intro", itemId: ids.other, reason: "spam" },
      { cookie: cookies.other },
    );
    expect(forged.status).toBe(400);
    const withdrawn = await post(
      `${server.url}/g/${slug}/members/${ids.member}`,
      { intent: "withdraw-report", itemType: "intro", itemId: ids.member },
      { cookie: cookies.other },
    );
    expect(withdrawn.status).toBe(302);
    expect(queryDb(server.dbPath, "SELECT * FROM reports WHERE item_type = 'intro' AND withdrawn_at IS NULL")).toHaveLength(0);
  });

  it("a member reports a staff update from the updates page without JavaScript", async () => {
    execDb(
      server.dbPath,
      "INSERT INTO group_posts (id, group_id, author_id, title, body) VALUES ('post-1', ?, ?, 'Schedule', 'Call me at 040 123 4567')",
      groupId,
      ids.mod,
    );
    const page = await get(`/g/${slug}/updates`, cookies.other);
    expect(page.body).toContain('name="itemType" value="update"');
    const before = snapshot();
    const bad = await post(
      `${server.url}/g/${slug}/updates`,
      { intent: "report", itemType: "update", itemId: "post-1", reason: "nonsense" },
      { cookie: cookies.other },
    );
    expect(bad.status).toBe(400);
    expect(snapshot()).toBe(before);
    const sent = await post(
      `${server.url}/g/${slug}/updates`,
      { intent: "report", itemType: "update", itemId: "post-1", reason: "personal_data" },
      { cookie: cookies.other },
    );
    expect(sent.status).toBe(302);
    expect(queryDb(server.dbPath, "SELECT reason FROM reports WHERE item_type = 'update' AND item_id = 'post-1'")).toEqual([{ reason: "personal_data" }]);
    expect((await get(`/g/${slug}/updates`, cookies.other)).body).toContain('value="withdraw-report"');
  });
});
