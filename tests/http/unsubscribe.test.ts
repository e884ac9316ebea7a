// One-click unsubscribe over real HTTP against the built server: the link in a real notification e-mail (made by a
// staff member answering an idea over HTTP) opens a confirmation page that changes nothing (link checkers open
// links); our own button and a mail client's RFC 8058 one-click POST (no Origin, no Sec-Fetch-Site) turn that kind
// of e-mail off; tampered links are 400 and change nothing.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execDb, insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const PASSWORD = "a good long password";
const RESPONSE = "Offline tickets are planned for the spring release.";

let server: RunningServer;
let staffCookie: string;
let author: { id: string; email: string };
let voter: { id: string; email: string };
let bystander: { id: string; email: string };

type Prefs = { email_status: string; email_replies: string; email_mentions: string };
const prefs = (id: string) => queryDb<Prefs>(server.dbPath, "SELECT email_status, email_replies, email_mentions FROM users WHERE id = ?", id)[0];
const ALL_ON: Prefs = { email_status: "immediately", email_replies: "immediately", email_mentions: "immediately" };
type Mail = { id: number; kind: string; subject: string; text_body: string; headers: string };
const mailsTo = (email: string) =>
  queryDb<Mail>(server.dbPath, "SELECT id, kind, subject, text_body, headers FROM email_outbox WHERE to_address = ? ORDER BY id", email);

/** The unsubscribe link of a notification e-mail, checked against its List-Unsubscribe headers. */
function linkOf(mail: Mail): string {
  const headers = JSON.parse(mail.headers) as Record<string, string>;
  const inText = mail.text_body.match(/http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?\S+/)?.[0];
  expect(inText, "an unsubscribe link in the text").toBeDefined();
  expect(headers["List-Unsubscribe"]).toBe(`<${inText}>`);
  expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  return inText!;
}

/** A mail client's RFC 8058 one-click POST: form-encoded body, and no Origin or Sec-Fetch-Site header at all. */
function oneClick(url: string, body = "List-Unsubscribe=One-Click"): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body), "User-Agent": "MailClient/1.0" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The same URL with one query parameter changed. */
function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}

async function changeStatus(status: string, response: string) {
  const res = await post(`${server.url}/g/unsub/ideas/1`, { intent: "status", status, response }, { cookie: staffCookie });
  await res.arrayBuffer();
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/g/unsub/ideas/1?responded=1#timeline");
  await eventsHandled();
}

/** Notifications and e-mails are written by subscribers within a second after the commit: wait for every cursor. */
async function eventsHandled() {
  const pending = () =>
    queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM event_cursors WHERE event_id < (SELECT coalesce(max(id), 0) FROM domain_events)")[0].n;
  const until = Date.now() + 10_000;
  while (pending() > 0 || queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM event_cursors")[0].n === 0) {
    if (Date.now() > until) throw new Error("the events were not handled within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  server = await startServer();
  await insertAccount(server.dbPath, { email: "unsub-staff@example.test", name: "Sanna Staff", role: "staff", password: PASSWORD, locale: "en" });
  author = {
    id: await insertAccount(server.dbPath, { email: "unsub-author@example.test", name: "Aino Author", password: PASSWORD, locale: "fi" }),
    email: "unsub-author@example.test",
  };
  voter = {
    id: await insertAccount(server.dbPath, { email: "unsub-voter@example.test", name: "Victor Voter", password: PASSWORD, locale: "en" }),
    email: "unsub-voter@example.test",
  };
  bystander = {
    id: await insertAccount(server.dbPath, { email: "unsub-other@example.test", name: "Olli Other", password: PASSWORD, locale: "en" }),
    email: "unsub-other@example.test",
  };
  const groupId = insertGroup(server.dbPath, { slug: "unsub", name: "Unsubscribe pilot", moderatorId: author.id });
  for (const id of [voter.id, bystander.id])
    execDb(server.dbPath, "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'member', ?)", groupId, id, Date.now());
  execDb(server.dbPath, "UPDATE groups SET member_count = 3 WHERE id = ?", groupId);
  execDb(server.dbPath, "INSERT INTO boards (group_id, slug, name) VALUES (?, 'b', 'Board')", groupId);
  const [{ id: boardId }] = queryDb<{ id: number }>(server.dbPath, "SELECT id FROM boards WHERE group_id = ?", groupId);
  execDb(server.dbPath, "INSERT INTO ideas (group_id, board_id, number, title, author_id) VALUES (?, ?, 1, 'Offline tickets', ?)", groupId, boardId, author.id);

  // The voter votes over HTTP (which follows the idea); then staff answer it over HTTP.
  const voterCookie = await signInHttp(server.url, voter.email, PASSWORD);
  const voted = await post(`${server.url}/g/unsub/ideas/1`, { intent: "vote", number: "1", voted: "1" }, { cookie: voterCookie });
  await voted.arrayBuffer();
  expect(voted.status).toBe(200);
  staffCookie = await signInHttp(server.url, "unsub-staff@example.test", PASSWORD);
  await changeStatus("planned", RESPONSE);
});

afterAll(async () => {
  await server?.stop();
});

describe("one-click unsubscribe", () => {
  it("puts a working link and the List-Unsubscribe headers into the real notification e-mails", () => {
    const [toAuthor] = mailsTo(author.email);
    const [toVoter] = mailsTo(voter.email);
    expect(mailsTo(author.email)).toHaveLength(1);
    expect(mailsTo(voter.email)).toHaveLength(1);
    expect(mailsTo(bystander.email)).toEqual([]);
    expect(mailsTo("unsub-staff@example.test")).toEqual([]);
    for (const [mail, who] of [
      [toAuthor, author],
      [toVoter, voter],
    ] as const) {
      expect(mail.kind).toBe("notify-status");
      expect(mail.text_body).toContain(RESPONSE);
      const link = new URL(linkOf(mail));
      expect(link.origin).toBe(server.url);
      expect(link.pathname).toBe("/unsubscribe");
      expect(link.searchParams.get("u")).toBe(who.id);
      expect(link.searchParams.get("k")).toBe("status");
      expect(link.searchParams.get("t")).toMatch(/^[0-9a-f]{32}$/);
    }
    // The author reads Finnish, the voter English.
    expect(toAuthor.subject).toContain("Suunnitteilla");
    expect(toVoter.subject).toContain("Planned");
  });

  it("shows a confirmation page on GET and changes nothing, however often the link is opened", async () => {
    const link = linkOf(mailsTo(author.email)[0]);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(link, { redirect: "manual" });
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain("unsub-author@example.test");
      // A form that posts back to this very link, so the button works without JavaScript.
      const actions = [...html.matchAll(/<form[^>]*method="post"[^>]*action="(\/unsubscribe[^"]*)"/gi)].map((m) => m[1].replace(/&amp;/g, "&"));
      expect(actions.map((a) => new URL(a, server.url).toString())).toEqual([link]);
    }
    const head = await fetch(link, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(prefs(author.id)).toEqual(ALL_ON);
  });

  it("answers tampered links with 400 on GET and POST, and changes nothing", async () => {
    const link = linkOf(mailsTo(author.email)[0]);
    const token = new URL(link).searchParams.get("t")!;
    const flipped = token.slice(0, -1) + (token.endsWith("0") ? "1" : "0");
    const tampered = [
      withParam(link, "t", flipped),
      withParam(link, "t", token.slice(0, 31)),
      withParam(link, "t", ""),
      withParam(link, "k", "replies"),
      withParam(link, "k", "mentions"),
      withParam(link, "k", "everything"),
      withParam(link, "u", voter.id),
      withParam(link, "u", "u_nobody1234"),
      `${server.url}/unsubscribe`,
    ];
    for (const url of tampered) {
      const got = await fetch(url, { redirect: "manual" });
      await got.arrayBuffer();
      expect(got.status, `GET ${url}`).toBe(400);
      const posted = await post(url, {});
      await posted.arrayBuffer();
      expect(posted.status, `POST ${url}`).toBe(400);
      const clicked = await oneClick(url);
      expect(clicked.status, `one-click ${url}`).toBe(400);
    }
    expect(prefs(author.id)).toEqual(ALL_ON);
    expect(prefs(voter.id)).toEqual(ALL_ON);
    // A body that is neither our button's (empty) nor a mail client's one-click is refused too.
    const odd = await oneClick(link, "List-Unsubscribe=Everything");
    expect(odd.status).toBe(400);
    expect(prefs(author.id)).toEqual(ALL_ON);
  });

  it("turns status e-mails off from our own page's button (a same-origin POST), and only those", async () => {
    const link = linkOf(mailsTo(author.email)[0]);
    const res = await post(link, {});
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("/account#emails");
    expect(prefs(author.id)).toEqual({ ...ALL_ON, email_status: "off" });
    expect(prefs(voter.id)).toEqual(ALL_ON);
    // Doing it again is harmless.
    const again = await post(link, {});
    await again.arrayBuffer();
    expect(again.status).toBe(200);
    expect(prefs(author.id)).toEqual({ ...ALL_ON, email_status: "off" });
  });

  it("turns status e-mails off from a mail client's one-click POST without Origin or Sec-Fetch-Site", async () => {
    const link = linkOf(mailsTo(voter.email)[0]);
    expect(prefs(voter.id)).toEqual(ALL_ON);
    const res = await oneClick(link);
    expect(res.status).toBe(200);
    expect(prefs(voter.id)).toEqual({ ...ALL_ON, email_status: "off" });
    expect(prefs(bystander.id)).toEqual(ALL_ON);
  });

  it("still refuses a cross-site POST to the link (CSRF), changing nothing", async () => {
    // The bystander gets a link of their own by following the idea and hearing of the next change.
    const cookie = await signInHttp(server.url, bystander.email, PASSWORD);
    const followed = await post(`${server.url}/g/unsub/ideas/1`, { intent: "follow", following: "1" }, { cookie });
    await followed.arrayBuffer();
    expect(followed.status).toBe(200);
    await changeStatus("in_progress", "Work has started.");
    const mails = mailsTo(bystander.email);
    expect(mails).toHaveLength(1);
    const link = linkOf(mails[0]);
    const res = await post(link, {}, { headers: { Origin: "https://evil.example" } });
    await res.arrayBuffer();
    expect(res.status).toBe(403);
    expect(prefs(bystander.id)).toEqual(ALL_ON);
  });

  it("keeps in-app notifications after unsubscribing, but sends no more status e-mails", async () => {
    // By now the author and the voter have unsubscribed; the last change (above) e-mailed neither.
    const notes = (id: string) =>
      queryDb<{ n: number }>(server.dbPath, "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND kind = 'status'", id)[0].n;
    expect(notes(author.id)).toBe(2);
    expect(notes(voter.id)).toBe(2);
    expect(mailsTo(author.email)).toHaveLength(1);
    expect(mailsTo(voter.email)).toHaveLength(1);
    // The idea page shows the newest official response.
    const page = await fetch(`${server.url}/g/unsub/ideas/1`, { headers: { Cookie: staffCookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    const official = html.match(/<section aria-labelledby="official-title"[\s\S]*?<\/section>/)?.[0] ?? "";
    expect(official).toContain("Work has started.");
    expect(official).not.toContain(RESPONSE);
  });
});
