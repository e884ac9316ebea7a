// Internal notes never reach members, over real HTTP against the built server: a staff member's note on an idea
// is on the staff's idea page, and nowhere a member or a moderator can look (the idea page's HTML and its
// single-fetch loader data, the board, the group home, the member's profile, the loop metrics, notifications,
// "my ideas"), nor in any e-mail the loop sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("internal notes stay with staff (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "notes-pilot";
  const MARKER = `InternalNoteMarker${Math.random().toString(36).slice(2, 10)}`;
  const TITLE = "Offline tickets in the app";
  const cookies = {} as Record<"member" | "moderator" | "staff", string>;
  let memberId: string;

  beforeAll(async () => {
    server = await startServer();
    memberId = await insertAccount(server.dbPath, { email: "member@example.test", name: "Mia Member", password: PASSWORD, locale: "en" });
    const modId = await insertAccount(server.dbPath, { email: "mod@example.test", name: "Mo Moderator", password: PASSWORD, locale: "fi" });
    await insertAccount(server.dbPath, { email: "staff@example.test", name: "Sara Staff", role: "staff", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug, name: "Notes pilot", moderatorId: modId });
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
      groupId,
      memberId,
      Date.now(),
    );
    execDb(server.dbPath, "UPDATE groups SET member_count = 2 WHERE id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    cookies.member = await signInHttp(server.url, "member@example.test", PASSWORD);
    cookies.moderator = await signInHttp(server.url, "mod@example.test", PASSWORD);
    cookies.staff = await signInHttp(server.url, "staff@example.test", PASSWORD);

    const created = await post(
      `${server.url}/g/${slug}/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: TITLE, body: "Tickets should open without a network.", confirmed: "1" },
      { cookie: cookies.member },
    );
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toMatch(new RegExp(`/g/${slug}/ideas/1\\?posted=1$`));
    // The moderator follows by voting, so the loop's e-mails go to the author and a voter.
    const voted = await post(`${server.url}/g/${slug}/ideas/1`, { intent: "vote", number: "1", voted: "1" }, { cookie: cookies.moderator });
    expect(voted.status).toBe(200);

    const noted = await post(
      `${server.url}/g/${slug}/ideas/1`,
      { intent: "note", body: `Customer call: **${MARKER}** wants this before June.` },
      { cookie: cookies.staff },
    );
    expect(noted.status).toBe(302);
    expect(noted.headers.get("location")).toBe(`/g/${slug}/ideas/1#notes`);
    expect(queryDb<{ body: string }>(server.dbPath, "SELECT body FROM idea_notes")).toEqual([{ body: `Customer call: **${MARKER}** wants this before June.` }]);

    // Then the loop goes on: an official response with a status change, and a staff comment mentioning the author.
    const handle = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE id = ?", memberId)[0].handle;
    const responded = await post(
      `${server.url}/g/${slug}/ideas/1`,
      { intent: "status", status: "planned", response: "Hi Mia, thank you! We will build this next." },
      { cookie: cookies.staff },
    );
    expect(responded.status).toBe(302);
    const commented = await post(`${server.url}/g/${slug}/ideas/1`, { intent: "comment", body: `@${handle} we are on it.` }, { cookie: cookies.staff });
    expect(commented.status).toBe(302);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: res.status, body: await res.text() };
  };

  it("staff see the note on the idea page, in its HTML and its loader data", async () => {
    for (const path of [`/g/${slug}/ideas/1`, `/g/${slug}/ideas/1.data`]) {
      const page = await get(path, cookies.staff);
      expect(page.status, path).toBe(200);
      expect(page.body, path).toContain(MARKER);
    }
  });

  for (const who of ["member", "moderator"] as const) {
    it(`a ${who} finds the note nowhere: idea page and its data, board, group home, profile, notifications, my ideas`, async () => {
      const paths = [
        `/g/${slug}/ideas/1`,
        `/g/${slug}/ideas/1?reply=1`,
        `/g/${slug}/ideas/1?original=1`,
        `/g/${slug}/ideas/1.data`,
        `/g/${slug}/ideas`,
        `/g/${slug}/ideas.data`,
        `/g/${slug}`,
        `/g/${slug}/members/${memberId}`,
        "/notifications",
        "/notifications.data",
        "/my-ideas",
        "/my-ideas.data",
        ...(who === "moderator" ? [`/g/${slug}/loop`] : []),
      ];
      const seen: Record<string, { status: number; leaked: boolean }> = {};
      for (const path of paths) {
        const page = await get(path, cookies[who]);
        seen[path] = { status: page.status, leaked: page.body.includes(MARKER) };
        // The pages really carry the idea, so the absence of the note means something.
        if (/ideas|my-ideas/.test(path)) expect(page.body, path).toContain(TITLE);
      }
      expect(seen).toEqual(Object.fromEntries(paths.map((p) => [p, { status: 200, leaked: false }])));
    });
  }

  it("the moderator's group log does not even say that a note was written (staff see it)", async () => {
    const moderators = await get(`/g/${slug}/manage`, cookies.moderator);
    expect(moderators.status).toBe(200);
    expect(moderators.body).toContain("Moderointiloki"); // the moderator reads Finnish
    expect(moderators.body).toContain("muutti idean tilaa"); // the status change is in the log
    expect(moderators.body).not.toContain("kirjoitti sisäisen muistiinpanon");
    const staffs = await get(`/g/${slug}/manage`, cookies.staff);
    expect(staffs.body).toContain("wrote an internal note");
  });

  it("no e-mail the loop sent carries the note", async () => {
    const emails = queryDb<{ kind: string; to_address: string; subject: string; text_body: string; html_body: string }>(
      server.dbPath,
      "SELECT kind, to_address, subject, text_body, html_body FROM email_outbox",
    );
    // The author and the voting moderator heard of the status change, the author of the mention: the check is not vacuous.
    expect(emails.map((e) => `${e.kind} ${e.to_address}`).sort()).toEqual([
      "notify-mentioned member@example.test",
      "notify-status member@example.test",
      "notify-status mod@example.test",
    ]);
    for (const e of emails) {
      expect(`${e.subject}\n${e.text_body}\n${e.html_body}`, `${e.kind} to ${e.to_address}`).not.toContain(MARKER);
    }
    expect(emails.some((e) => e.text_body.includes("We will build this next."))).toBe(true);
  });
});
