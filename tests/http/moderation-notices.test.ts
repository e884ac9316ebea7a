// Moderation notices and log entries as pages render them, over real HTTP against the built server, in English and
// Finnish: every moderation notice kind reads as words in the notification centre (no message keys, no ids), the
// reviewers' notice links to the group's review queue, and the group's log names the item and the mute's length.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const PASSWORD = "a good long password";
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("moderation notices on the pages", () => {
  for (const locale of ["en", "fi"] as const) {
    it(`reads every moderation notice and log entry in words (${locale})`, async () => {
      const modId = await insertAccount(server.dbPath, { email: `mn-mod-${locale}@example.test`, name: "Mona Moderator", password: PASSWORD, locale });
      const groupId = insertGroup(server.dbPath, { slug: `mn-${locale}`, name: `Notices ${locale}`, moderatorId: modId });
      const memberId = await insertAccount(server.dbPath, { email: `mn-member-${locale}@example.test`, name: "Emma Member", locale });
      execDb(
        server.dbPath,
        "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)",
        groupId,
        memberId,
        Date.now(),
      );
      const notices: [string, Record<string, string>, number][] = [
        ["moderationReport", { itemType: "comment", itemId: "999", itemKey: "comment:999", number: "12", title: "Bench by the lake", name: "" }, 3],
        ["moderationHeld", { itemType: "idea", itemId: "998", itemKey: "idea:998", number: "13", title: "Night trains", name: "" }, 1],
        ["reportOutcome", { itemType: "comment", itemId: "999", outcome: "kept", number: "12", title: "Bench by the lake", name: "" }, 1],
        ["reportOutcome", { itemType: "comment", itemId: "997", outcome: "hidden", title: "", name: "" }, 1],
        ["itemHidden", { itemType: "idea", itemId: "996", number: "14", title: "Free coffee", name: "", reason: "Off-topic advertising" }, 1],
        ["itemAutoHidden", { itemType: "comment", itemId: "995", number: "14", title: "Free coffee", name: "" }, 1],
        ["itemRestored", { itemType: "update", itemId: "5", title: "Timetable news", name: "" }, 1],
        ["itemEditedOut", { itemType: "intro", itemId: modId, title: "", name: "Mona Moderator" }, 1],
        ["itemApproved", { itemType: "idea", itemId: "994", number: "15", title: "Quiet car", name: "" }, 1],
        ["itemRejected", { itemType: "idea", itemId: "993", number: "16", title: "Spam idea", name: "", reason: "Advertising" }, 1],
        ["itemErased", { itemType: "comment", itemId: "992", number: "14", title: "Free coffee", name: "", reason: "Personal data" }, 1],
        ["muted", { reason: "Insults", until: String(Date.now() + 86_400_000), name: "Mona Moderator" }, 1],
        ["unmuted", { name: "Mona Moderator" }, 1],
      ];
      for (const [kind, data, count] of notices)
        execDb(
          server.dbPath,
          "INSERT INTO notifications (user_id, kind, group_id, data, count, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          modId,
          kind,
          groupId,
          JSON.stringify(data),
          count,
          Date.now(),
        );
      const audit = (action: string, targetType: string, targetId: string, details: Record<string, unknown>) =>
        execDb(
          server.dbPath,
          "INSERT INTO audit_log (actor_id, action, target_type, target_id, group_id, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          modId,
          action,
          targetType,
          targetId,
          groupId,
          JSON.stringify(details),
          Date.now(),
        );
      audit("moderation.hide", "comment", "999", { number: 12, title: "Bench by the lake", decision: "hide", reason: "Name-calling" });
      audit("moderation.restore", "idea", "996", { number: 14, title: "Free coffee", decision: "restore", reason: null });
      audit("moderation.mute", "user", memberId, { name: "Emma Member", length: "1w", reason: "Insults" });

      const cookie = await signInHttp(server.url, `mn-mod-${locale}@example.test`, PASSWORD);
      const page = await fetch(`${server.url}/notifications`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      const body = text(html);
      expect(body).not.toMatch(/moderation\.(notice|log)\./);
      if (locale === "en") {
        expect(body).toContain("3 reports on a comment on #12 “Bench by the lake”: waiting for a moderator");
        expect(body).toContain("A moderator looked at a comment you reported and took it down");
        expect(body).toContain("A moderator hid idea #14 “Free coffee”");
        expect(body).toContain("Off-topic advertising");
        expect(body).toContain("Your mute in this group was lifted");
      } else {
        expect(body).toContain("3 ilmoitusta odottaa moderaattoria: kommentti ideassa #12 ”Bench by the lake”");
        expect(body).toContain("Moderaattori piilotti kohteen: idea #14 ”Free coffee”");
      }
      // Opening the reviewers' notice leads to the group's review queue.
      const [report] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM notifications WHERE user_id = ? AND kind = 'moderationReport'", modId);
      expect(html).toContain(`name="id" value="${report.id}"`);
      const opened = await post(`${server.url}/notifications`, { intent: "open", id: String(report.id) }, { cookie });
      expect(opened.headers.get("location")).toBe(`/g/mn-${locale}/review`);

      const manage = await fetch(`${server.url}/g/mn-${locale}/manage`, { headers: { cookie } });
      expect(manage.status).toBe(200);
      const log = text(await manage.text());
      expect(log).not.toMatch(/moderation\.(notice|log)\./);
      if (locale === "en") {
        expect(log).toContain("Hid comment on #12 “Bench by the lake” — “Name-calling”");
        expect(log).toContain("Restored idea #14 “Free coffee”");
        expect(log).toContain("Muted Emma Member for 1 week");
      } else {
        expect(log).toContain("Piilotti kommentti ideassa #12 ”Bench by the lake”");
        expect(log).toContain("Hiljensi Emma Member 1 viikoksi");
      }
    });
  }
});
