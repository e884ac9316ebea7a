// A new group over real HTTP against the built server: created with a board and landing on its home with the
// setup checklist; the manage page offers a moderator no button it would refuse; the audit log reads as titles,
// names and translated statuses in Finnish and English and filters without JavaScript; a vote without JavaScript
// comes back to a clean address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("a new group's pages (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "uusi-pilotti";
  const TITLE = "Kausilippu lukitusnäytölle";
  const ids = {} as Record<"adminFi" | "adminEn" | "staff" | "mona" | "otto" | "mikko", string>;
  const cookies = {} as Record<keyof typeof ids, string>;
  let groupId: string;
  const get = async (path: string, who: keyof typeof ids) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookies[who] }, redirect: "manual" });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    server = await startServer();
    const accounts = [
      ["adminFi", "Aino Admin", "admin", "fi"],
      ["adminEn", "Alice Admin", "admin", "en"],
      ["staff", "Sanna Staff", "staff", "en"],
      ["mona", "Mona Moderaattori", "member", "fi"],
      ["otto", "Otto Moderaattori", "member", "fi"],
      ["mikko", "Mikko Jäsen", "member", "fi"],
    ] as const;
    for (const [key, name, role, locale] of accounts) {
      ids[key] = await insertAccount(server.dbPath, { email: `${key.toLowerCase()}@example.test`, name, role, password: PASSWORD, locale });
      cookies[key] = await signInHttp(server.url, `${key.toLowerCase()}@example.test`, PASSWORD);
    }
  });
  afterAll(() => server?.stop());

  it("creates the group with one open board and lands on its home, where managers see what to set up", async () => {
    const created = await post(
      `${server.url}/groups/new`,
      { name: "Uusi pilotti", joinPolicy: "invite", responseTargetDays: "7" },
      { cookie: cookies.adminFi },
    );
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(`/g/${slug}?created=1`);
    groupId = queryDb<{ id: string }>(server.dbPath, "SELECT id FROM groups WHERE slug = ?", slug)[0].id;
    expect(queryDb(server.dbPath, "SELECT name, closed_at AS closedAt FROM boards WHERE group_id = ?", groupId)).toEqual([{ name: "Ideat", closedAt: null }]);
    for (const [who, role] of [
      ["mona", "moderator"],
      ["otto", "moderator"],
      ["mikko", "member"],
      ["staff", "member"],
    ] as const) {
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', ?, ?)",
        groupId,
        ids[who],
        role,
        Date.now(),
      );
    }
    execDb(server.dbPath, "UPDATE groups SET member_count = 4 WHERE id = ?", groupId);

    const home = await get(`/g/${slug}?created=1`, "adminFi");
    expect(home.status).toBe(200);
    expect(home.html).toContain('data-testid="setup-checklist"');
    expect(home.html).toContain("Ryhmän käyttöönotto");
    for (const href of ["boards", "boards#tags", "settings", "invitations"]) expect(home.html).toContain(`href="/g/${slug}/${href}"`);
    const modHome = await get(`/g/${slug}`, "mona");
    expect(modHome.html).toContain('data-testid="setup-checklist"');
    expect(modHome.html).not.toContain(`href="/g/${slug}/settings"`); // the description step is the admins'
    expect((await get(`/g/${slug}`, "mikko")).html).not.toContain("setup-checklist");

    const form = await get(`/g/${slug}/ideas/new`, "mikko");
    expect(form.status).toBe(200);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    expect(form.html).toContain(`name="boardId" value="${boardId}"`); // the only board, chosen for the member
    expect(form.html).not.toContain("Mikään taulu ei juuri nyt");
    const posted = await post(
      `${server.url}/g/${slug}/ideas/new`,
      { intent: "submit", boardId: String(boardId), title: TITLE, body: "", confirmed: "1" },
      { cookie: cookies.mikko },
    );
    expect(posted.status).toBe(302);

    execDb(server.dbPath, "UPDATE boards SET name = 'Sovellus', updated_at = updated_at + 1000 WHERE group_id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO tags (group_id, name, color) VALUES (?, 'Liput', 'blue')", groupId);
    execDb(server.dbPath, "UPDATE groups SET description = 'Tervetuloa!' WHERE id = ?", groupId);
    expect((await get(`/g/${slug}`, "adminFi")).html).not.toContain("setup-checklist");
  });

  it("offers a moderator actions for ordinary members only", async () => {
    const page = await get(`/g/${slug}/manage`, "mona");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Toiminnot: Mikko Jäsen");
    for (const name of ["Otto Moderaattori", "Sanna Staff", "Mona Moderaattori"]) expect(page.html).not.toContain(`Toiminnot: ${name}`);
    const refused = await post(`${server.url}/g/${slug}/manage`, { intent: "role", userId: ids.otto, role: "member" }, { cookie: cookies.mona });
    expect(refused.status).toBe(403);
    expect(queryDb(server.dbPath, "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?", groupId, ids.otto)).toEqual([{ role: "moderator" }]);
    const staffPage = await get(`/g/${slug}/manage`, "staff");
    expect(staffPage.html).toContain("Actions for Otto Moderaattori");
  });

  it("comes back to the board's clean address after a vote without JavaScript", async () => {
    const voted = await post(
      `${server.url}/g/${slug}/ideas?index`,
      { intent: "vote", number: "1", voted: "1" },
      { cookie: cookies.mona, headers: { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", Accept: "text/html" } },
    );
    expect(voted.status).toBe(303);
    expect(voted.headers.get("location")).toBe(`/g/${slug}/ideas`);
    expect(queryDb(server.dbPath, "SELECT vote_count AS n FROM ideas WHERE group_id = ?", groupId)).toEqual([{ n: 1 }]);
  });

  it("shows the audit log as titles, names and translated statuses in Finnish and English, with filters", async () => {
    const ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE group_id = ?", groupId)[0].id;
    execDb(
      server.dbPath,
      "INSERT INTO audit_log (actor_id, action, target_type, target_id, group_id, details) VALUES (?, 'idea.status', 'idea', ?, ?, ?)",
      ids.staff,
      String(ideaId),
      groupId,
      JSON.stringify({ number: 1, from: "open", to: "planned", responded: true }),
    );
    const fi = await get("/admin/audit", "adminFi");
    expect(fi.status).toBe(200);
    expect(fi.html).toContain(`href="/g/${slug}/ideas/1">#1 ${TITLE}</a>`);
    expect(fi.html).toContain("(Avoin → Suunnitteilla)");
    expect(fi.html).toContain(`href="/g/${slug}">Uusi pilotti</a>`);
    expect(fi.html).toContain("Sanna Staff");
    expect(fi.html).not.toContain("break-all");
    expect(fi.html).not.toMatch(/idea \d+ \(/);
    const en = await get("/admin/audit", "adminEn");
    expect(en.html).toContain("(Open → Planned)");

    const onlyStatus = await get("/admin/audit?action=idea.status&actor=&group=&from=&to=", "adminEn");
    expect(onlyStatus.status).toBe(200);
    expect(onlyStatus.html).toContain("1 entry matches.");
    const bad = await get("/admin/audit?from=2026-13-45&actor=%3Cscript%3E&page=x", "adminEn");
    expect(bad.status).toBe(200);
    expect(bad.html).toContain("Some filters could not be read and were ignored.");
    const groupLog = await get(`/g/${slug}/manage?action=idea.status`, "mona");
    expect(groupLog.html).toContain(`#1 ${TITLE}</a> (Avoin → Suunnitteilla)`);
  });

  it("explains on a read-only group's new-idea page what still works", async () => {
    execDb(server.dbPath, "UPDATE groups SET ends_at = ? WHERE id = ?", Date.now() - 60_000, groupId);
    const page = await get(`/g/${slug}/ideas/new`, "mikko");
    expect(page.status).toBe(403);
    expect(page.html).toContain("Tähän ryhmään ei voi enää jakaa ideoita");
    expect(page.html).toContain('href="/my-ideas"');
  });
});
