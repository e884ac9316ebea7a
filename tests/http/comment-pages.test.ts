// Over real HTTP against the built server (issue 11, items 14, 4 and 11): a discussion of about 2,300 comments is
// served in bounded pages (old `?comments=all` links included), every comment reachable exactly once by following
// the pages' own "earlier" links without JavaScript, a link to an old comment shows it; the time and size of the
// largest page are printed. Also: a merge without JavaScript answers with its confirmation page and changes nothing
// until confirmed, a withdrawn idea's pill says "Withdrawn", and staff who record an idea for a member are told it
// is the member's.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../app/i18n";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const CONVERSATIONS = 765;
const PAGE_CONVERSATIONS = 100;

describe("long discussions, merges and pills on the built server", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "pages-pilot";
  const cookies = {} as Record<"member" | "staff", string>;
  let memberId: string;
  let total = 0;
  const oldIds: number[] = [];

  beforeAll(async () => {
    server = await startServer();
    memberId = await insertAccount(server.dbPath, { email: "member@example.test", name: "Mia Member", password: PASSWORD, locale: "en" });
    await insertAccount(server.dbPath, { email: "staff@example.test", name: "Sara Staff", role: "staff", password: PASSWORD, locale: "en" });
    const groupId = insertGroup(server.dbPath, { slug, name: "Pages pilot", moderatorId: memberId });
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    cookies.member = await signInHttp(server.url, "member@example.test", PASSWORD);
    cookies.staff = await signInHttp(server.url, "staff@example.test", PASSWORD);
    for (const title of ["A very long discussion", "Tickets without network", "Offline tickets on the phone", "An idea taken back"]) {
      const created = await post(
        `${server.url}/g/${slug}/ideas/new`,
        { intent: "submit", boardId: String(boardId), title, body: "Body text.", confirmed: "1" },
        { cookie: cookies.member },
      );
      expect(created.status).toBe(302);
    }
    // About 2,300 comments in 765 conversations (every other one with four replies), like the discussion that froze the server.
    const db = new Database(server.dbPath);
    db.pragma("busy_timeout = 5000");
    const ideaId = (db.prepare("SELECT id FROM ideas WHERE group_id = ? AND number = 1").get(groupId) as { id: number }).id;
    const insert = db.prepare("INSERT INTO comments (idea_id, group_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    let at = Date.now() - 10_000_000;
    db.transaction(() => {
      for (let i = 0; i < CONVERSATIONS; i++) {
        const top = (
          insert.get(
            ideaId,
            groupId,
            null,
            memberId,
            `Conversation **${i}** with a [link](https://example.com/${i}) and some words to render.`,
            (at += 1000),
          ) as { id: number }
        ).id;
        total++;
        if (i < 5) oldIds.push(top);
        if (i % 2 === 0) {
          for (let r = 0; r < 4; r++) {
            const reply = (insert.get(ideaId, groupId, top, memberId, `Reply ${r} to ${i}: _agreed_.`, (at += 10)) as { id: number }).id;
            if (i < 5) oldIds.push(reply);
            total++;
          }
        }
      }
      db.prepare("UPDATE ideas SET comment_count = ? WHERE id = ?").run(total, ideaId);
    })();
    db.close();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const get = async (path: string, cookie = cookies.member) => {
    const started = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - started, bytes: Buffer.byteLength(body) };
  };
  const commentIds = (html: string) => [...html.matchAll(/<article id="comment-(\d+)"/g)].map((m) => Number(m[1]));
  // Conversations: the comments left once the reply lists are taken out.
  const topLevel = (html: string) => commentIds(html.replace(/<ol class="ml-4[^"]*"[^>]*>[\s\S]*?<\/ol>/g, "")).length;

  it("serves every comment exactly once across bounded pages, following the pages' own links", async () => {
    expect(total).toBeGreaterThan(2_200);
    const base = `/g/${slug}/ideas/1`;
    const seen: number[] = [];
    const sizes: { path: string; ms: number; bytes: number; conversations: number }[] = [];
    let path: string | null = base;
    while (path) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      const conversations = topLevel(page.body);
      expect(conversations, path).toBeLessThanOrEqual(PAGE_CONVERSATIONS);
      seen.push(...commentIds(page.body));
      sizes.push({ path, ms: Math.round(page.ms), bytes: page.bytes, conversations });
      const earlier = page.body.match(/href="(\/g\/[^"]*\?before=\d+)#comments"/);
      path = earlier ? earlier[1].replaceAll("&amp;", "&") : null;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    // Old links to "all comments" get one bounded page (the first), with a way on.
    const legacy = await get(`${base}?comments=all`);
    expect(legacy.status).toBe(200);
    expect(topLevel(legacy.body)).toBeLessThanOrEqual(PAGE_CONVERSATIONS);
    expect(commentIds(legacy.body)[0]).toBe(oldIds[0]);
    expect(legacy.body).toMatch(/\?comments=all&amp;after=\d+#comments|\?after=\d+#comments/);
    console.log(
      `comment pages: ${sizes.length} pages for ${total} comments; largest ${largest.path} ${largest.bytes} bytes in ${largest.ms} ms (${largest.conversations} conversations); ?comments=all ${legacy.bytes} bytes in ${Math.round(legacy.ms)} ms`,
    );
  });

  it("shows an old comment from a link to it", async () => {
    const reply = oldIds[3];
    const page = await get(`/g/${slug}/ideas/1?comment=${reply}#comment-${reply}`);
    expect(page.status).toBe(200);
    expect(commentIds(page.body)).toContain(reply);
    expect(topLevel(page.body)).toBeLessThanOrEqual(PAGE_CONVERSATIONS);
  });

  it("merges only after the confirmation page, without JavaScript", async () => {
    const before = queryDb(server.dbPath, "SELECT id, status, vote_count, merged_into_id FROM ideas ORDER BY id");
    const asked = await post(`${server.url}/g/${slug}/ideas/3`, { intent: "merge", into: "2", response: "" }, { cookie: cookies.staff });
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain(translate("en", "loop.mergeCheck.title", { from: 3, into: 2 }));
    expect(html).toContain('name="confirm" value="1"');
    expect(html).toContain("Offline tickets on the phone");
    expect(html).toContain("Tickets without network");
    expect(queryDb(server.dbPath, "SELECT id, status, vote_count, merged_into_id FROM ideas ORDER BY id")).toEqual(before);
    const confirmed = await post(`${server.url}/g/${slug}/ideas/3`, { intent: "merge", into: "2", response: "", confirm: "1" }, { cookie: cookies.staff });
    expect(confirmed.status).toBe(302);
    expect(queryDb<{ status: string }>(server.dbPath, "SELECT status FROM ideas WHERE number = 3")[0].status).toBe("merged");
    // Staff can undo it from the merged idea's own page.
    const own = await get(`/g/${slug}/ideas/3?original=1`, cookies.staff);
    expect(own.body).toContain(translate("en", "loop.unmergeConfirm", { number: 3 }));
    const undone = await post(`${server.url}/g/${slug}/ideas/3?original=1`, { intent: "unmerge" }, { cookie: cookies.staff });
    expect(undone.status).toBe(302);
    expect(queryDb<{ status: string }>(server.dbPath, "SELECT status FROM ideas WHERE number = 3")[0].status).toBe("open");
  });

  it("shows a withdrawn idea as withdrawn, not open", async () => {
    const withdrawn = await post(`${server.url}/g/${slug}/ideas/4`, { intent: "withdraw" }, { cookie: cookies.member });
    expect(withdrawn.status).toBe(302);
    const page = await get(`/g/${slug}/ideas/4`);
    expect(page.body).toContain(`>${translate("en", "ideas.status.withdrawn")}</span>`);
    expect(page.body).not.toContain(`>${translate("en", "ideas.status.open")}</span>`);
  });

  it("tells staff who recorded an idea that it is the member's, not theirs", async () => {
    const handle = queryDb<{ handle: string }>(server.dbPath, "SELECT handle FROM users WHERE id = ?", memberId)[0].handle;
    const boardId = String(queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards")[0].id);
    const recorded = await post(
      `${server.url}/g/${slug}/ideas/new`,
      { intent: "submit", boardId, title: "Heard on the phone", body: "", confirmed: "1", onBehalfOf: `@${handle}`, source: "phone" },
      { cookie: cookies.staff },
    );
    expect(recorded.status).toBe(302);
    const page = await get(recorded.headers.get("location")!, cookies.staff);
    expect(page.body).toContain(translate("en", "loop.record.posted", { name: "Mia Member" }));
    expect(page.body).not.toContain(translate("en", "ideas.posted"));
    const own = await get(recorded.headers.get("location")!, cookies.member);
    expect(own.body).toContain(translate("en", "ideas.posted"));
  });
});
