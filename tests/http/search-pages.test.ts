// Search over real HTTP against the built server, in Finnish and English: compounds found below whole words, an
// overlong query answered with a translated message (the query kept in the box, no ideas listed), and the member
// directory found by @handle and by a word of an introduction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("search pages (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "lippupilotti";
  const cookies = {} as Record<"fi" | "en", string>;
  const TITLES = { whole: "Lippu halvemmaksi", prefix: "Lippuautomaattiin korttimaksu", inside: "Kausilippu junaan", other: "Tumma teema" };
  const get = async (path: string, who: "fi" | "en") => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookies[who] }, redirect: "manual" });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    server = await startServer();
    const fi = await insertAccount(server.dbPath, { email: "fi@example.test", name: "Aino Mäkinen", password: PASSWORD, locale: "fi" });
    const en = await insertAccount(server.dbPath, { email: "en@example.test", name: "Emma Smith", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug, name: "Lippupilotti", moderatorId: fi });
    execDb(
      server.dbPath,
      "INSERT INTO memberships (group_id, user_id, state, role, joined_at, intro) VALUES (?, ?, 'active', 'member', ?, ?)",
      groupId,
      en,
      Date.now(),
      "I commute by tram and want a cheaper kausilippu.",
    );
    execDb(server.dbPath, "UPDATE groups SET member_count = 2 WHERE id = ?", groupId);
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'ideat', 'Ideat')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    Object.values(TITLES).forEach((title, k) =>
      execDb(
        server.dbPath,
        "INSERT INTO ideas (group_id, board_id, number, author_id, title, body) VALUES (?, ?, ?, ?, ?, '')",
        groupId,
        boardId,
        k + 1,
        fi,
        title,
      ),
    );
    cookies.fi = await signInHttp(server.url, "fi@example.test", PASSWORD);
    cookies.en = await signInHttp(server.url, "en@example.test", PASSWORD);
  });
  afterAll(() => server?.stop());

  it("finds a word inside compounds, below the whole word and the prefix", async () => {
    const { status, html } = await get(`/g/${slug}/ideas?q=lippu`, "fi");
    expect(status).toBe(200);
    const at = (t: string) => html.indexOf(t);
    expect(at(TITLES.whole)).toBeGreaterThan(0);
    expect(at(TITLES.prefix)).toBeGreaterThan(at(TITLES.whole));
    expect(at(TITLES.inside)).toBeGreaterThan(at(TITLES.prefix));
    expect(html).not.toContain(TITLES.other);
  });

  it("answers a 300-character search with a translated message, the query in the box, and no ideas", async () => {
    const q = `${"lippu ".repeat(50)}`.trim().padEnd(300, "x");
    for (const [who, message] of [
      ["fi", "Haku voi olla enintään 200 merkkiä pitkä."],
      ["en", "A search can be at most 200 characters long."],
    ] as const) {
      const { status, html } = await get(`/g/${slug}/ideas?q=${encodeURIComponent(q)}`, who);
      expect(status, who).toBe(400);
      expect(html, who).toContain(message);
      expect(html, who).toContain(`value="${q}"`);
      expect(html, who).toContain('aria-describedby="ideas-q-error"');
      for (const title of Object.values(TITLES)) expect(html, `${who}: ${title}`).not.toContain(title);
    }
  });

  it("finds members by @handle and by a word of their introduction", async () => {
    const handle = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE email = 'fi@example.test'")[0].handle;
    const byHandle = await get(`/g/${slug}/members?q=${encodeURIComponent(`@${handle}`)}`, "en");
    expect(byHandle.status).toBe(200);
    expect(byHandle.html).toContain("Aino Mäkinen");
    expect(byHandle.html).not.toContain("Emma Smith</a>");
    const byIntro = await get(`/g/${slug}/members?q=tram`, "fi");
    expect(byIntro.html).toContain("Emma Smith");
    expect(byIntro.html).not.toContain("Aino Mäkinen</a>");
    expect(byIntro.html).toContain("Hae jäseniä nimen, @tunnuksen tai esittelyn sanoilla");
  });
});
