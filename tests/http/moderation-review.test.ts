// The review queue over real HTTP against the built server: who may open /g/<slug>/review and /review (the eight
// personas; refusals write nothing), the auto-hidden case listed before an older one, and a decision made with a
// plain form post (no JavaScript): the item restored, the case decided, a second decision refused as "already
// decided", and the decided tab saying who decided.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectPhoneReady, launchBrowser, newContext } from "../support/browser";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const PERSONAS = ["anonymous", "nonMember", "otherGroup", "banned", "member", "moderator", "staff", "admin"] as const;
type Persona = (typeof PERSONAS)[number];

describe("the review queue (the built server)", () => {
  let server: RunningServer;
  const PASSWORD = "a good long password";
  const slug = "review-pilot";
  const cookies = {} as Record<Persona | "author" | "otherMod", string>;
  const ids = {} as Record<Exclude<Persona, "anonymous"> | "author" | "otherMod", string>;
  let groupId: string;
  let ideaId: number;
  let commentId: number;
  let hiddenCaseId: number;
  let commentCaseId: number;
  let withdrawnCaseId: number;

  const get = async (path: string, who: Persona | "author" | "otherMod") => {
    const res = await fetch(`${server.url}${path}`, { headers: cookies[who] ? { Cookie: cookies[who] } : {}, redirect: "manual" });
    return { status: res.status, html: await res.text() };
  };
  const snapshot = () =>
    JSON.stringify([
      queryDb(server.dbPath, "SELECT * FROM moderation_cases ORDER BY id"),
      queryDb(server.dbPath, "SELECT * FROM moderation_decisions ORDER BY id"),
      queryDb(server.dbPath, "SELECT * FROM reports ORDER BY id"),
      queryDb(server.dbPath, "SELECT id, hidden_at, hidden_by, hidden_reason FROM ideas ORDER BY id"),
      queryDb(server.dbPath, "SELECT id, hidden_at, body FROM comments ORDER BY id"),
      queryDb(server.dbPath, "SELECT * FROM audit_log ORDER BY id"),
    ]);

  beforeAll(async () => {
    server = await startServer();
    for (const who of ["nonMember", "otherGroup", "banned", "member", "moderator", "staff", "admin", "author", "otherMod"] as const) {
      const role = who === "staff" || who === "admin" ? who : "member";
      ids[who] = await insertAccount(server.dbPath, {
        email: `${who.toLowerCase()}@example.test`,
        name: `Persona ${who}`,
        role,
        password: PASSWORD,
        locale: "en",
      });
      cookies[who] = await signInHttp(server.url, `${who.toLowerCase()}@example.test`, PASSWORD);
    }
    cookies.anonymous = "";
    groupId = insertGroup(server.dbPath, { slug, name: "Review pilot", moderatorId: ids.moderator });
    const otherId = insertGroup(server.dbPath, { slug: "other-pilot", name: "Other pilot", moderatorId: ids.otherMod });
    const join = (g: string, who: keyof typeof ids, state = "active") =>
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, ?, 'member', ?)",
        g,
        ids[who],
        state,
        Date.now(),
      );
    join(groupId, "member");
    join(groupId, "author");
    join(groupId, "banned", "banned");
    // otherGroup is a member of the other group; otherMod moderates only it: /review shows them that group alone.
    join(otherId, "otherGroup");
    execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
    const boardId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId)[0].id;
    const t0 = Date.now() - 3 * 86_400_000;
    execDb(
      server.dbPath,
      "INSERT INTO ideas (group_id, board_id, author_id, number, title, body, created_at, last_activity_at) VALUES (?, ?, ?, 1, 'Night buses on weekdays', 'Please run them.', ?, ?)",
      groupId,
      boardId,
      ids.author,
      t0,
      t0,
    );
    ideaId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE group_id = ?", groupId)[0].id;
    execDb(
      server.dbPath,
      "INSERT INTO comments (idea_id, group_id, author_id, body, created_at) VALUES (?, ?, ?, 'OlderReportedCommentText', ?)",
      ideaId,
      groupId,
      ids.author,
      t0,
    );
    commentId = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments WHERE idea_id = ?", ideaId)[0].id;

    // The older case: one report of the comment. The newer case: the idea, hidden by the threshold.
    const openCase = (itemType: string, itemId: string, openedAt: number, autoHiddenAt: number | null, reporters: (keyof typeof ids)[]) => {
      execDb(
        server.dbPath,
        "INSERT INTO moderation_cases (group_id, item_type, item_id, author_id, origin, report_count, auto_hidden_at, opened_at) VALUES (?, ?, ?, ?, 'reports', ?, ?, ?)",
        groupId,
        itemType,
        itemId,
        ids.author,
        reporters.length,
        autoHiddenAt,
        openedAt,
      );
      const caseId = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM moderation_cases")[0].id;
      for (const who of reporters)
        execDb(
          server.dbPath,
          "INSERT INTO reports (case_id, group_id, item_type, item_id, reporter_id, reason, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'spam', 'ReporterNoteMarker', ?, ?)",
          caseId,
          groupId,
          itemType,
          itemId,
          ids[who],
          openedAt,
          openedAt,
        );
      return caseId;
    };
    commentCaseId = openCase("comment", String(commentId), t0 + 1000, null, ["member"]);
    // A case whose only report was withdrawn: nothing to review, so not in the open queue.
    execDb(
      server.dbPath,
      "INSERT INTO comments (idea_id, group_id, author_id, body, created_at) VALUES (?, ?, ?, 'WithdrawnOnlyCommentText', ?)",
      ideaId,
      groupId,
      ids.author,
      t0,
    );
    const withdrawnComment = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM comments")[0].id;
    withdrawnCaseId = openCase("comment", String(withdrawnComment), t0 + 500, null, []);
    execDb(
      server.dbPath,
      "INSERT INTO reports (case_id, group_id, item_type, item_id, reporter_id, reason, created_at, updated_at, withdrawn_at) VALUES (?, ?, 'comment', ?, ?, 'other', ?, ?, ?)",
      withdrawnCaseId,
      groupId,
      String(withdrawnComment),
      ids.member,
      t0,
      t0,
      t0 + 600,
    );
    const t1 = Date.now() - 86_400_000;
    hiddenCaseId = openCase("idea", String(ideaId), t1, t1, ["member", "staff", "admin"]);
    execDb(server.dbPath, "UPDATE ideas SET hidden_at = ? WHERE id = ?", t1, ideaId);
    execDb(
      server.dbPath,
      "INSERT INTO moderation_decisions (case_id, group_id, item_type, item_id, author_id, actor_id, decision, created_at) VALUES (?, ?, 'idea', ?, ?, NULL, 'auto_hide', ?)",
      hiddenCaseId,
      groupId,
      String(ideaId),
      ids.author,
      t1,
    );
  });
  afterAll(() => server?.stop());

  it("opens the group's review page for its moderator, staff and admins only; everyone else gets 404", async () => {
    const expected: Record<Persona, number> = {
      anonymous: 404,
      nonMember: 404,
      otherGroup: 404,
      banned: 404,
      member: 404,
      moderator: 200,
      staff: 200,
      admin: 200,
    };
    const got: Record<string, number> = {};
    for (const who of PERSONAS) got[who] = (await get(`/g/${slug}/review`, who)).status;
    expect(got).toEqual(expected);
    // The author of the reported items is an ordinary member too.
    expect((await get(`/g/${slug}/review`, "author")).status).toBe(404);
  });

  it("opens /review for staff and admins (every group) and for moderators (their own groups only)", async () => {
    const got: Record<string, number> = {};
    for (const who of PERSONAS) got[who] = (await get("/review", who)).status;
    expect(got).toEqual({ anonymous: 404, nonMember: 404, otherGroup: 404, banned: 404, member: 404, moderator: 200, staff: 200, admin: 200 });
    const others = await get("/review", "otherMod");
    expect(others.status).toBe(200);
    expect(others.html).not.toContain("Night buses on weekdays");
    expect(others.html).not.toContain("OlderReportedCommentText");
    for (const who of ["moderator", "staff"] as const) {
      const page = await get("/review", who);
      expect(page.html).toContain("Night buses on weekdays");
      expect(page.html).toContain("Review pilot");
    }
  });

  it("refuses a decision from anyone who is not a reviewer of the group, writing nothing", async () => {
    const before = snapshot();
    const fields = { intent: "decide", groupId, itemType: "idea", itemId: String(ideaId), caseId: String(hiddenCaseId), decision: "restore" };
    for (const who of ["anonymous", "nonMember", "otherGroup", "banned", "member", "author", "otherMod"] as const) {
      const res = await post(`${server.url}/g/${slug}/review`, fields, { cookie: cookies[who] || undefined });
      expect(res.status, who).toBe(404);
      const across = await post(`${server.url}/review`, fields, { cookie: cookies[who] || undefined });
      expect(across.status, who).toBe(404);
    }
    expect(snapshot()).toBe(before);
  });

  it("lists the auto-hidden case first, then the older one, with the reports, reporters and the item in context", async () => {
    const { html } = await get(`/g/${slug}/review`, "moderator");
    const first = html.indexOf(`data-case="${hiddenCaseId}"`);
    const second = html.indexOf(`data-case="${commentCaseId}"`);
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(html).toContain("Hidden after reports, pending review");
    expect(html).toContain("2 items.");
    expect(html).not.toContain(`data-case="${withdrawnCaseId}"`);
    expect(html).not.toContain("WithdrawnOnlyCommentText");
    expect(html).toContain("3 reporters");
    expect(html).toContain("1 reporter");
    expect(html).toContain("Persona staff");
    expect(html).toContain("ReporterNoteMarker");
    expect(html).toContain("OlderReportedCommentText");
    expect(html).toContain("On #1 Night buses on weekdays");
    expect(html).toContain("Author: Persona author");
    // Filters as a GET form: only comments.
    const comments = await get(`/g/${slug}/review?type=comment`, "moderator");
    expect(comments.html).toContain(`data-case="${commentCaseId}"`);
    expect(comments.html).not.toContain(`data-case="${hiddenCaseId}"`);
    const bad = await get(`/g/${slug}/review?state=nonsense&type=%00&reason=x&page=-4`, "moderator");
    expect(bad.status).toBe(200);
  });

  it("restores the auto-hidden idea with a plain form post; a second decision on the case is 'already decided'", async () => {
    const fields = {
      intent: "decide",
      groupId,
      itemType: "idea",
      itemId: String(ideaId),
      caseId: String(hiddenCaseId),
      decision: "restore",
      reason: "",
      note: "Reports were mistaken.",
    };
    const res = await post(`${server.url}/g/${slug}/review`, fields, { cookie: cookies.moderator });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Decision saved.");
    expect(queryDb(server.dbPath, "SELECT state, decision, decided_by AS decidedBy FROM moderation_cases WHERE id = ?", hiddenCaseId)).toEqual([
      { state: "decided", decision: "restore", decidedBy: ids.moderator },
    ]);
    expect(queryDb(server.dbPath, "SELECT hidden_at AS hiddenAt FROM ideas WHERE id = ?", ideaId)).toEqual([{ hiddenAt: null }]);
    // The open queue no longer has it; the decided tab says who decided.
    const open = await get(`/g/${slug}/review`, "moderator");
    expect(open.html).not.toContain(`data-case="${hiddenCaseId}"`);
    const decided = await get(`/g/${slug}/review?state=decided`, "staff");
    expect(decided.html).toContain(`data-case="${hiddenCaseId}"`);
    expect(decided.html).toContain("Restored by Persona moderator");

    const before = snapshot();
    const again = await post(`${server.url}/review`, { ...fields, decision: "keep" }, { cookie: cookies.staff });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Persona moderator");
    expect(snapshot()).toBe(before);
  });

  it("answers bad input with a translated 400 and writes nothing", async () => {
    const before = snapshot();
    const base = { intent: "decide", groupId, itemType: "comment", itemId: String(commentId), caseId: String(commentCaseId) };
    for (const fields of [
      { ...base, decision: "explode" },
      { ...base, decision: "hide", reason: "x".repeat(1001) },
      { ...base, itemType: "poem", decision: "keep" },
    ]) {
      const res = await post(`${server.url}/g/${slug}/review`, fields, { cookie: cookies.moderator });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Check the decision");
    }
    expect(snapshot()).toBe(before);
  });
  it("passes axe and fits a 375 px phone, filters and decision forms open (English and Finnish)", async () => {
    const browser: Browser = await launchBrowser();
    try {
      for (const pageLanguage of ["en", "fi"] as const) {
        execDb(server.dbPath, "UPDATE users SET locale = ? WHERE id = ?", pageLanguage, ids.staff);
        const context = await newContext(browser, { viewport: { width: 375, height: 800 }, pageLanguage });
        const [name, value] = cookies.staff.split("=");
        await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/" }]);
        const page = await context.newPage();
        await expectPhoneReady(page, `${server.url}/g/${slug}/review`);
        expect(await page.locator(`[data-case="${commentCaseId}"] form[method="post"]`).count()).toBe(3); // decide, edit out and delete (staff)
        await expectPhoneReady(page, `${server.url}/review?state=decided`);
        if (pageLanguage === "fi") expect(await page.locator("h1").first().textContent()).toContain("Tarkistusjono");
        expect(context.problems).toEqual([]);
        await context.close();
      }
    } finally {
      execDb(server.dbPath, "UPDATE users SET locale = 'en' WHERE id = ?", ids.staff);
      await browser.close();
    }
  }, 60_000);

  it("hides the comment only with a reason the author sees; the case leaves the open queue", async () => {
    const base = { intent: "decide", groupId, itemType: "comment", itemId: String(commentId), caseId: String(commentCaseId), decision: "hide" };
    const before = snapshot();
    const missing = await post(`${server.url}/g/${slug}/review`, { ...base, reason: "  " }, { cookie: cookies.moderator });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Give a reason");
    expect(snapshot()).toBe(before);

    const hidden = await post(`${server.url}/g/${slug}/review`, { ...base, reason: "Advertising." }, { cookie: cookies.moderator });
    expect(hidden.status).toBe(200);
    expect(queryDb(server.dbPath, "SELECT hidden_by AS hiddenBy, hidden_reason AS hiddenReason FROM comments WHERE id = ?", commentId)).toEqual([
      { hiddenBy: ids.moderator, hiddenReason: "Advertising." },
    ]);
    const open = await get(`/g/${slug}/review`, "moderator");
    expect(open.html).toContain("Nothing to review here.");
    // The author's history now counts it (for a later case) and the decided tab lists it, with the reporters.
    const decided = await get(`/g/${slug}/review?state=decided&type=comment&reason=spam`, "moderator");
    expect(decided.html).toContain(`data-case="${commentCaseId}"`);
    expect(decided.html).toContain("Hidden by Persona moderator");
  });

  it("shows the author's history in the group: earlier hidden items, mutes and the mute in force", async () => {
    const now = Date.now();
    execDb(
      server.dbPath,
      "INSERT INTO comments (idea_id, group_id, author_id, body, created_at) VALUES (?, ?, ?, 'ThirdCommentText', ?)",
      ideaId,
      groupId,
      ids.author,
      now,
    );
    const third = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM comments")[0].id;
    execDb(
      server.dbPath,
      "INSERT INTO moderation_cases (group_id, item_type, item_id, author_id, origin, report_count, opened_at) VALUES (?, 'comment', ?, ?, 'reports', 1, ?)",
      groupId,
      String(third),
      ids.author,
      now + 1000,
    );
    const caseId = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM moderation_cases")[0].id;
    execDb(
      server.dbPath,
      "INSERT INTO reports (case_id, group_id, item_type, item_id, reporter_id, reason, created_at, updated_at) VALUES (?, ?, 'comment', ?, ?, 'offensive', ?, ?)",
      caseId,
      groupId,
      String(third),
      ids.member,
      now,
      now,
    );
    // An expired mute and one in force (a week).
    for (const [startsAt, endsAt] of [
      [now - 10 * 86_400_000, now - 9 * 86_400_000],
      [now - 1000, now + 7 * 86_400_000],
    ])
      execDb(
        server.dbPath,
        "INSERT INTO member_mutes (group_id, user_id, muted_by, reason, length, starts_at, ends_at) VALUES (?, ?, ?, 'Rude', '1w', ?, ?)",
        groupId,
        ids.author,
        ids.moderator,
        startsAt,
        endsAt,
      );
    const { html } = await get(`/g/${slug}/review?reason=offensive`, "moderator");
    expect(html).toContain(`data-case="${caseId}"`);
    // The idea (auto-hidden earlier) and the comment hidden a moment ago; the restore does not undo the history.
    expect(html).toContain("Earlier hidden items: 2 · mutes: 2");
    expect(html).toContain("Muted until");
    expect(html).toContain("Offensive or harassing: 1");
  });

  it("offers only 'keep' for an item that is gone (its writer deleted it), and keeping closes the case", async () => {
    const [{ id: third }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments WHERE body = 'ThirdCommentText'");
    const [{ id: caseId }] = queryDb<{ id: number }>(
      server.dbPath,
      "SELECT id FROM moderation_cases WHERE item_id = ? AND item_type = 'comment'",
      String(third),
    );
    execDb(server.dbPath, "UPDATE comments SET deleted_at = ? WHERE id = ?", Date.now(), third);
    const { html } = await get(`/g/${slug}/review`, "moderator");
    const card = html.slice(html.indexOf(`data-case="${caseId}"`));
    expect(card).toContain("The item no longer exists");
    expect(card.slice(0, card.indexOf("</li>"))).not.toContain('value="hide"');
    const kept = await post(
      `${server.url}/g/${slug}/review`,
      { intent: "decide", groupId, itemType: "comment", itemId: String(third), caseId: String(caseId), decision: "keep" },
      { cookie: cookies.moderator },
    );
    expect(kept.status).toBe(200);
    expect(queryDb(server.dbPath, "SELECT state, decision FROM moderation_cases WHERE id = ?", caseId)).toEqual([{ state: "decided", decision: "keep" }]);
  });

  it("lets staff edit personal data out (the original kept for the audit); a moderator gets 403 and nothing changes", async () => {
    const now = Date.now();
    execDb(
      server.dbPath,
      "INSERT INTO comments (idea_id, group_id, author_id, body, created_at) VALUES (?, ?, ?, 'Call me at 040-1234567 please', ?)",
      ideaId,
      groupId,
      ids.author,
      now,
    );
    const [{ id: phone }] = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM comments");
    execDb(
      server.dbPath,
      "INSERT INTO moderation_cases (group_id, item_type, item_id, author_id, origin, report_count, opened_at) VALUES (?, 'comment', ?, ?, 'reports', 1, ?)",
      groupId,
      String(phone),
      ids.author,
      now,
    );
    const [{ id: caseId }] = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM moderation_cases");
    execDb(
      server.dbPath,
      "INSERT INTO reports (case_id, group_id, item_type, item_id, reporter_id, reason, created_at, updated_at) VALUES (?, ?, 'comment', ?, ?, 'personal_data', ?, ?)",
      caseId,
      groupId,
      String(phone),
      ids.member,
      now,
      now,
    );
    const fields = { intent: "decide", groupId, itemType: "comment", itemId: String(phone), caseId: String(caseId), decision: "edit_out", find: "040-1234567" };
    // The moderator's page has no edit-out form, and a hand-made post is refused.
    const modPage = await get(`/g/${slug}/review`, "moderator");
    expect(modPage.html).not.toContain('value="edit_out"');
    const before = snapshot();
    const refused = await post(`${server.url}/g/${slug}/review`, fields, { cookie: cookies.moderator });
    expect(refused.status).toBe(403);
    expect(snapshot()).toBe(before);

    const edited = await post(`${server.url}/review`, fields, { cookie: cookies.staff });
    expect(edited.status).toBe(200);
    expect(queryDb(server.dbPath, "SELECT body FROM comments WHERE id = ?", phone)).toEqual([{ body: "Call me at [removed] please" }]);
    const [decision] = queryDb<{ originalText: string }>(
      server.dbPath,
      "SELECT original_text AS originalText FROM moderation_decisions WHERE case_id = ?",
      caseId,
    );
    expect(decision.originalText).toContain("040-1234567");
  });

  it("lets staff delete a comment for good; a moderator gets 403; no reason is a translated 400", async () => {
    const [{ id: phone }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM comments WHERE body LIKE 'Call me at%'");
    const fields = { intent: "erase", groupId, itemType: "comment", itemId: String(phone), reason: "Personal data, on request." };
    const before = snapshot();
    expect((await post(`${server.url}/g/${slug}/review`, fields, { cookie: cookies.moderator })).status).toBe(403);
    const noReason = await post(`${server.url}/g/${slug}/review`, { ...fields, reason: "" }, { cookie: cookies.staff });
    expect(noReason.status).toBe(400);
    expect(snapshot()).toBe(before);
    const erased = await post(`${server.url}/g/${slug}/review`, fields, { cookie: cookies.staff });
    expect(erased.status).toBe(200);
    expect(queryDb(server.dbPath, "SELECT body, erased_at IS NOT NULL AS erased FROM comments WHERE id = ?", phone)).toEqual([{ body: "", erased: 1 }]);
  });

  it("approves a newcomer's held idea with a plain form post (reject needs a reason)", async () => {
    const now = Date.now();
    const [{ boardId }] = queryDb<{ boardId: number }>(server.dbPath, "SELECT board_id AS boardId FROM ideas WHERE id = ?", ideaId);
    execDb(
      server.dbPath,
      "INSERT INTO ideas (group_id, board_id, author_id, number, title, body, held_at, created_at, last_activity_at) VALUES (?, ?, ?, 2, 'HeldIdeaTitle', 'Held body.', ?, ?, ?)",
      groupId,
      boardId,
      ids.author,
      now,
      now,
      now,
    );
    const [{ id: held }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM ideas WHERE number = 2 AND group_id = ?", groupId);
    execDb(
      server.dbPath,
      "INSERT INTO moderation_cases (group_id, item_type, item_id, author_id, origin, opened_at) VALUES (?, 'idea', ?, ?, 'held', ?)",
      groupId,
      String(held),
      ids.author,
      now,
    );
    const [{ id: caseId }] = queryDb<{ id: number }>(server.dbPath, "SELECT max(id) AS id FROM moderation_cases");
    const page = await get(`/g/${slug}/review`, "moderator");
    const card = page.html.slice(page.html.indexOf(`data-case="${caseId}"`));
    expect(card).toContain("Waiting for approval");
    expect(card.slice(0, card.indexOf("</li>"))).toContain('value="approve"');
    const base = { intent: "held", groupId, caseId: String(caseId) };
    const before = snapshot();
    const noReason = await post(`${server.url}/g/${slug}/review`, { ...base, decision: "reject" }, { cookie: cookies.moderator });
    expect(noReason.status).toBe(400);
    expect(snapshot()).toBe(before);
    const approved = await post(`${server.url}/g/${slug}/review`, { ...base, decision: "approve" }, { cookie: cookies.moderator });
    expect(approved.status).toBe(200);
    expect(queryDb(server.dbPath, "SELECT held_at AS heldAt FROM ideas WHERE id = ?", held)).toEqual([{ heldAt: null }]);
    expect(queryDb(server.dbPath, "SELECT state, decision FROM moderation_cases WHERE id = ?", caseId)).toEqual([{ state: "decided", decision: "approve" }]);
  });
});
