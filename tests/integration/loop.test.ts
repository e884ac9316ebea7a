// The staff feedback loop against a real SQLite file: status changes with official responses and their history,
// the fan-out to everyone who cared (in the app and by e-mail, each person once, in their own language, with a
// one-click unsubscribe), reply and mention e-mails, merging duplicates (counters equal to COUNT(*)), the response
// queue (model and both routes), loop metrics against hand-made timestamps, the notification centre's "open",
// and the account's e-mail preferences. Every refused change is checked to have written nothing.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { isValidUnsubscribeToken, unsubscribeUrl, type EmailKind } from "../../app/email/unsubscribe.server";
import { env } from "../../app/env.server";
import { translate, type Locale, type MessageKey } from "../../app/i18n";
import { addComment, editComment } from "../support/ideas";
import { findGroupById, setGroupArchived } from "../../app/models/group.server";
import { castVote, setFollow, withdrawIdea } from "../../app/models/idea.server";
import { leaveGroup } from "../../app/models/membership.server";
import { execute } from "../../app/commands/command.server";
import { endMembership } from "../../app/features/groups/commands/end-membership.server";
import { loopMetrics } from "../../app/features/loop/queries/metrics.server";
import { authorContext, listQueue } from "../../app/features/loop/queries/queue.server";
import { listEvents } from "../../app/features/loop/queries/timeline.server";
import { changeStatus, drainEvents, mergeIdeas } from "../support/loop";
import * as accountRoute from "../../app/routes/account";
import * as ideaRoute from "../../app/routes/g.$slug.ideas.$number/route";
import * as groupQueueRoute from "../../app/routes/g.$slug.queue";
import * as notificationsRoute from "../../app/routes/notifications";
import * as queueRoute from "../../app/routes/queue";
import type { Group, User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

// ---------------------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const HOUR = 3_600_000;
const rows = <T = Record<string, unknown>>(text: string, ...params: unknown[]) =>
  db()
    .$client.prepare(text)
    .all(...params) as T[];
const count = (text: string, ...params: unknown[]) =>
  (
    db()
      .$client.prepare(text)
      .get(...params) as { n: number }
  ).n;
const actor = (u: User) => ({ id: u.id, name: u.name, role: u.role });
const ideaById = (id: number) => db().select().from(schema.ideas).where(eq(schema.ideas.id, id)).get()!;
const userById = (id: string) => db().select().from(schema.users).where(eq(schema.users.id, id)).get()!;
const eventsOf = (ideaId: number) => db().select().from(schema.ideaEvents).where(eq(schema.ideaEvents.ideaId, ideaId)).orderBy(schema.ideaEvents.id).all();
const notesOf = (userId: string, kind?: string) =>
  db()
    .select()
    .from(schema.notifications)
    .where(and(eq(schema.notifications.userId, userId), kind ? eq(schema.notifications.kind, kind) : undefined))
    .orderBy(schema.notifications.id)
    .all();
const mailsTo = (u: { email: string }, kind?: string) =>
  db()
    .select()
    .from(schema.emailOutbox)
    .where(and(eq(schema.emailOutbox.toAddress, u.email), kind ? eq(schema.emailOutbox.kind, kind) : undefined))
    .orderBy(schema.emailOutbox.id)
    .all();

/** Everything the loop can write; a refused change must leave all of it as it was. */
const TABLES = ["ideas", "idea_events", "votes", "follows", "comments", "comment_mentions", "notifications", "email_outbox", "audit_log", "users"];
const snapshot = () => JSON.stringify(TABLES.map((t) => rows(`SELECT * FROM ${t} ORDER BY rowid`)));

const t = (locale: Locale, key: string, params?: Record<string, string | number>) => translate(locale, key as MessageKey, params);
const ideaPath = (g: Pick<Group, "slug">, n: number) => `/g/${g.slug}/ideas/${n}`;

/** The unsubscribe link written in an e-mail's text, which must equal the List-Unsubscribe header's. */
function unsubscribeLinkOf(mail: { textBody: string; headers: Record<string, string> | string }) {
  const headers = typeof mail.headers === "string" ? (JSON.parse(mail.headers) as Record<string, string>) : mail.headers;
  const base = `${env.APP_URL}/unsubscribe?`.replace(/[.?/]/g, (c) => `\\${c}`);
  const found = mail.textBody.match(new RegExp(`${base}\\S+`));
  expect(found, "an unsubscribe link in the text").not.toBeNull();
  return { url: found![0], headers };
}

/** Checks the one-click unsubscribe link and the RFC 8058 headers of a notification e-mail to `userId`. */
function expectUnsubscribable(mail: { textBody: string; headers: Record<string, string> | string }, userId: string, kind: EmailKind) {
  const { url, headers } = unsubscribeLinkOf(mail);
  const params = new URL(url).searchParams;
  expect(params.get("u")).toBe(userId);
  expect(params.get("k")).toBe(kind);
  expect(isValidUnsubscribeToken(userId, kind, params.get("t") ?? "")).toBe(true);
  expect(url).toBe(unsubscribeUrl(userId, kind));
  expect(headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
}

let nameCounter = 0;
/** A group with a board, an idea by a Finnish-speaking member, and a staff member who answers. */
async function world(options: { targetDays?: number; endsAt?: number | null; staffLocale?: Locale } = {}) {
  nameCounter += 1;
  const group = makeGroup({ name: `Lipunmyynti ${nameCounter}`, responseTargetDays: options.targetDays ?? 7, endsAt: options.endsAt ?? null });
  const board = makeBoard(group.id, { name: "Ideas" });
  const author = await createUser({ name: "Aino Author", locale: "fi" });
  addMember(group.id, author.id);
  const staff = await createUser({ role: "staff", name: "Sanna Staff", locale: options.staffLocale ?? "en" });
  const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: "Offline tickets on the phone" });
  return { group, board, author, staff, idea };
}

// ---------------------------------------------------------------------------------------------------------

describe("changing an idea's status", () => {
  it("updates the idea and appends exactly one event with from, to and the response, plus an audit entry", async () => {
    const w = await world();
    const t1 = Date.now() - 3 * DAY;
    expect(
      changeStatus({
        group: w.group,
        number: w.idea.number,
        actor: actor(w.staff),
        status: "planned",
        response: "We build this in the spring release.",
        now: t1,
      }),
    ).toEqual({ ok: true });
    expect(ideaById(w.idea.id)).toMatchObject({ status: "planned", firstResponseAt: t1, lastActivityAt: t1 });
    const events = eventsOf(w.idea.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "status",
      fromStatus: "open",
      toStatus: "planned",
      response: "We build this in the spring release.",
      actorId: w.staff.id,
      groupId: w.group.id,
      relatedIdeaId: null,
      createdAt: t1,
    });
    const audit = db()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "idea.status"), eq(schema.auditLog.targetId, String(w.idea.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: w.staff.id,
      groupId: w.group.id,
      targetType: "idea",
      details: { number: w.idea.number, from: "open", to: "planned", responded: true },
    });

    // A later change without a response is one more event; the first response time stays where it was.
    const t2 = t1 + DAY;
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "in_progress", response: null, now: t2 })).toEqual({
      ok: true,
    });
    expect(ideaById(w.idea.id)).toMatchObject({ status: "in_progress", firstResponseAt: t1, lastActivityAt: t2 });
    const after = eventsOf(w.idea.id);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ fromStatus: "planned", toStatus: "in_progress", response: null, createdAt: t2 });
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'idea.status' AND target_id = ?", String(w.idea.id))).toBe(2);
  });

  it("writes the idea, its event, the audit entry and the domain event together or not at all; the notifications follow from the event", async () => {
    const w = await world();
    const before = snapshot();
    const events = () =>
      count("SELECT count(*) AS n FROM domain_events WHERE type = 'idea.status_changed' AND json_extract(payload, '$.ideaId') = ?", w.idea.id);
    // The event log fails at the very end of the change: everything before it must roll back, and with no event
    // nobody is told (the notifications and e-mails exist if and only if the change does).
    db().$client.exec("CREATE TEMP TRIGGER loop_test_events_down BEFORE INSERT ON domain_events BEGIN SELECT RAISE(ABORT, 'events down'); END");
    try {
      expect(() => changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "planned", response: "Soon." })).toThrow(/events down/);
    } finally {
      db().$client.exec("DROP TRIGGER loop_test_events_down");
    }
    expect(snapshot()).toBe(before);
    expect(events()).toBe(0);
    expect(ideaById(w.idea.id)).toMatchObject({ status: "open", firstResponseAt: null });
    // The change that commits tells the author once the events are handled (the helper drains them).
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "planned", response: "Soon." })).toEqual({ ok: true });
    expect(events()).toBe(1);
    expect(notesOf(w.author.id, "status")).toHaveLength(1);
    expect(mailsTo(w.author, "notify-status")).toHaveLength(1);
  });

  it("requires a response for done and declined, and writes nothing without one", async () => {
    const w = await world();
    const before = snapshot();
    for (const status of ["done", "declined"] as const) {
      for (const response of [null, ""]) {
        expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status, response })).toEqual({
          ok: false,
          error: "responseRequired",
        });
      }
    }
    expect(snapshot()).toBe(before);
    expect(
      changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "declined", response: "It does not fit the roadmap." }),
    ).toEqual({ ok: true });
    expect(ideaById(w.idea.id).status).toBe("declined");
  });

  it("answers a missing response through the idea page with 400 and a message in the user's language", async () => {
    const w = await world({ staffLocale: "fi" });
    const cookie = await sessionCookie(w.staff.id);
    const path = ideaPath(w.group, w.idea.number);
    const params = { slug: w.group.slug, number: String(w.idea.number) };
    const before = snapshot();
    for (const fields of <Record<string, string>[]>[
      { intent: "status", status: "done" },
      { intent: "status", status: "done", response: "" },
      { intent: "status", status: "declined", response: "   \n  " },
    ]) {
      const res = await callAction(ideaRoute as never, postRequest(path, fields, { cookie }), params);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.data.formId).toBe("status");
      // A message key beside the response field, translated by the form into the viewer's language.
      expect(res.data.result.error.response).toEqual(["validation.responseRequired"]);
    }
    expect(t("fi", "validation.responseRequired")).toMatch(/^Kirjoita vastaus/);
    expect(t("fi", "validation.responseRequired")).not.toBe(t("en", "validation.responseRequired"));
    // "merged" is not a status anyone sets by hand.
    expect((await callAction(ideaRoute as never, postRequest(path, { intent: "status", status: "merged", response: "x" }, { cookie }), params)).status).toBe(
      400,
    );

    // Refusals decided by the model come back as a finished Finnish sentence.
    const unchanged = await callAction(ideaRoute as never, postRequest(path, { intent: "status", status: "open" }, { cookie }), params);
    expect(unchanged.status).toBe(400);
    expect(unchanged.data.result.error[""]).toEqual([t("fi", "loop.error.unchanged")]);
    expect(unchanged.data.result.error[""][0]).toMatch(/^Valitse toinen tila/);
    expect(snapshot()).toBe(before);

    const answered = await callAction(
      ideaRoute as never,
      postRequest(path, { intent: "status", status: "done", response: "Julkaistu versiossa 2.4." }, { cookie }),
      params,
    );
    expect(answered.status).toBe(302);
    expect(answered.location).toBe(`${path}?responded=1#timeline`);
    expect(ideaById(w.idea.id).status).toBe("done");

    // Members do not set statuses.
    const member = await sessionCookie(w.author.id);
    expect(
      (await callAction(ideaRoute as never, postRequest(path, { intent: "status", status: "planned", response: "Mine" }, { cookie: member }), params)).status,
    ).toBe(403);
    expect(ideaById(w.idea.id).status).toBe("done");
  });

  it("refuses the same status without a response, and records a response with the same status (from = to)", async () => {
    const w = await world();
    const act = (status: "open" | "planned", response: string | null) =>
      changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status, response });
    const before = snapshot();
    expect(act("open", null)).toEqual({ ok: false, error: "unchanged" });
    expect(snapshot()).toBe(before);

    expect(act("open", "Thanks, we are reading every idea this week.")).toEqual({ ok: true });
    const [event] = eventsOf(w.idea.id);
    expect(event).toMatchObject({ fromStatus: "open", toStatus: "open", response: "Thanks, we are reading every idea this week." });
    const idea = ideaById(w.idea.id);
    expect(idea.status).toBe("open");
    expect(idea.firstResponseAt).toEqual(expect.any(Number));
    const [note] = notesOf(w.author.id, "status");
    expect(note.data).toMatchObject({ from: "open", status: "open", eventId: String(event.id) });
    // The author (Finnish) hears that there is a response, not that the status changed.
    const [mail] = mailsTo(w.author, "notify-status");
    expect(mail.subject).toBe(t("fi", "email.response.subject", { group: w.group.name, title: "Offline tickets on the phone" }));
    expect(mail.textBody).toContain("Thanks, we are reading every idea this week.");

    expect(act("open", null)).toEqual({ ok: false, error: "unchanged" });
    expect(eventsOf(w.idea.id)).toHaveLength(1);
    // The same response again (a double submit, a retried request) tells nobody twice.
    const sent = snapshot();
    expect(act("open", "Thanks, we are reading every idea this week.")).toEqual({ ok: false, error: "unchanged" });
    expect(snapshot()).toBe(sent);
    expect(act("open", "Thanks again: we read it and discuss it on Monday.")).toEqual({ ok: true });
  });

  it("refuses withdrawn and merged ideas, archived and ended groups, and unknown numbers, writing nothing", async () => {
    const w = await world();
    const withdrawn = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Withdrawn one" });
    expect(withdrawIdea({ group: w.group, number: withdrawn.number, userId: w.author.id, readOnly: false })).toEqual({ ok: true });
    const duplicate = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Duplicate one" });
    expect(mergeIdeas({ group: w.group, fromNumber: duplicate.number, intoNumber: w.idea.number, actor: actor(w.staff), response: null }).ok).toBe(true);

    const ended = await world({ endsAt: Date.now() - DAY });
    const archived = await world();
    setGroupArchived({ actorId: archived.staff.id, groupId: archived.group.id, archived: true });
    const archivedGroup = findGroupById(archived.group.id)!;
    expect(archivedGroup.archivedAt).not.toBeNull();
    // A pilot that is still running now but has ended by the time of the change.
    const ending = await world({ endsAt: Date.now() + DAY });

    const before = snapshot();
    const attempt = (group: Group, number: number, now?: number) =>
      changeStatus({ group, number, actor: actor(w.staff), status: "planned", response: "Planned.", now });
    expect(attempt(w.group, withdrawn.number)).toEqual({ ok: false, error: "closed" });
    expect(attempt(w.group, duplicate.number)).toEqual({ ok: false, error: "closed" });
    expect(attempt(ended.group, ended.idea.number)).toEqual({ ok: false, error: "closed" });
    expect(attempt(archivedGroup, archived.idea.number)).toEqual({ ok: false, error: "closed" });
    expect(attempt(ending.group, ending.idea.number, Date.now() + 2 * DAY)).toEqual({ ok: false, error: "closed" });
    expect(attempt(w.group, 9999)).toEqual({ ok: false, error: "notFound" });
    expect(snapshot()).toBe(before);

    // Through the idea page: a withdrawn idea is 409 with a message, and so is a read-only group (staff may act,
    // the group takes no more changes).
    const cookie = await sessionCookie(w.staff.id);
    const closed = await callAction(
      ideaRoute as never,
      postRequest(ideaPath(w.group, withdrawn.number), { intent: "status", status: "planned", response: "x" }, { cookie }),
      { slug: w.group.slug, number: String(withdrawn.number) },
    );
    expect(closed.status).toBe(409);
    expect(closed.data.result.error[""]).toEqual([t("en", "loop.error.closed")]);
    const readOnly = await callAction(
      ideaRoute as never,
      postRequest(ideaPath(ended.group, ended.idea.number), { intent: "status", status: "planned", response: "x" }, { cookie }),
      { slug: ended.group.slug, number: String(ended.idea.number) },
    );
    expect(readOnly.status).toBe(409);
    expect(readOnly.data.result.error[""]).toEqual([t("en", "groups.readOnlyError")]);
    expect(snapshot()).toBe(before);
  });

  it("shows the newest event with a response as the idea page's latest official response", async () => {
    const w = await world();
    const start = Date.now() - 10 * DAY;
    const act = (status: "planned" | "in_progress" | "under_review", response: string | null, at: number) =>
      changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status, response, now: at });
    expect(act("planned", "First answer", start)).toEqual({ ok: true });
    expect(act("in_progress", null, start + DAY)).toEqual({ ok: true });
    expect(act("in_progress", "Second **answer**", start + 2 * DAY)).toEqual({ ok: true });
    expect(act("under_review", null, start + 3 * DAY)).toEqual({ ok: true });

    const res = await callLoader(ideaRoute as never, getRequest(ideaPath(w.group, w.idea.number), { cookie: await sessionCookie(w.author.id) }), {
      slug: w.group.slug,
      number: String(w.idea.number),
    });
    expect(res.status).toBe(200);
    const events = res.data.events as { id: number; fromStatus: string; toStatus: string; html: string | null; actorName: string | null }[];
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.html === null])).toEqual([
      ["open", "planned", false],
      ["planned", "in_progress", true],
      ["in_progress", "in_progress", false],
      ["in_progress", "under_review", true],
    ]);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    // What the page highlights: the newest event that carries a response (the last change had none).
    const latest = [...events].reverse().find((e) => e.html);
    expect(latest!.id).toBe(eventsOf(w.idea.id)[2].id);
    expect(latest!.html).toContain("Second <strong>answer</strong>");
    expect(latest!.actorName).toBe("Sanna Staff");
    expect(res.data.idea.status).toBe("under_review");
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("telling everyone who cared, exactly once", () => {
  async function crowd() {
    const w = await world();
    const member = async (name: string, locale: Locale | null) => {
      const u = await createUser({ name, locale });
      addMember(w.group.id, u.id);
      return u;
    };
    const vote = (u: User) => expect(castVote({ groupId: w.group.id, number: w.idea.number, userId: u.id, voted: true }).ok).toBe(true);
    const follow = (u: User, following = true) => expect(setFollow({ groupId: w.group.id, number: w.idea.number, userId: u.id, following }).ok).toBe(true);

    // The author also votes (authors can vote) and follows (automatically).
    vote(w.author);
    const voterEn = await member("Victor Voter", "en");
    vote(voterEn);
    follow(voterEn); // already following through the vote
    const voterOff = await member("Veera Quiet", "fi");
    vote(voterOff);
    db().update(schema.users).set({ emailStatus: "off" }).where(eq(schema.users.id, voterOff.id)).run();
    const followerNoLocale = await member("Fanni Follower", null);
    follow(followerNoLocale);
    const unfollowed = await member("Ulla Unfollowed", "en");
    follow(unfollowed);
    follow(unfollowed, false);
    const leaver = await member("Leevi Left", "en");
    vote(leaver);
    expect(leaveGroup({ group: w.group, userId: leaver.id })).toBe(true);
    const banned = await member("Bertta Banned", "en");
    vote(banned);
    expect(execute(endMembership, w.staff, { groupId: w.group.id, userId: banned.id, ban: true, reason: null }).ok).toBe(true);
    const bystander = await member("Bruno Bystander", "en");
    // Staff who is not a member follows; the acting staff member follows too.
    const staffFollower = await createUser({ role: "staff", name: "Stefan Staff", locale: "en" });
    follow(staffFollower);
    follow(w.staff);
    // Someone outside the group with a stale vote and follow row (e.g. from before a data fix): never told.
    const outsider = await createUser({ name: "Olli Outsider", locale: "en" });
    const otherGroup = makeGroup();
    addMember(otherGroup.id, outsider.id);
    db().$client.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)").run(w.idea.id, outsider.id, Date.now());
    db().$client.prepare("INSERT INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)").run(w.idea.id, outsider.id, Date.now());
    return { ...w, voterEn, voterOff, followerNoLocale, unfollowed, leaver, banned, bystander, staffFollower, outsider };
  }

  it("gives each eligible person one status notification and at most one e-mail, in their language, never the actor or outsiders", async () => {
    const c = await crowd();
    const response = "Offline tickets come in the **spring** release.";
    const mailsBefore = count("SELECT count(*) AS n FROM email_outbox");
    expect(changeStatus({ group: c.group, number: c.idea.number, actor: actor(c.staff), status: "planned", response })).toEqual({ ok: true });
    const [event] = eventsOf(c.idea.id);

    const told = [c.author, c.voterEn, c.voterOff, c.followerNoLocale, c.staffFollower];
    const untold = [c.staff, c.unfollowed, c.leaver, c.banned, c.bystander, c.outsider];
    for (const u of told) {
      const notes = notesOf(u.id, "status");
      expect(notes, u.name).toHaveLength(1);
      expect(notes[0]).toMatchObject({
        groupId: c.group.id,
        readAt: null,
        data: {
          name: "Sanna Staff",
          title: "Offline tickets on the phone",
          number: String(c.idea.number),
          from: "open",
          status: "planned",
          eventId: String(event.id),
        },
      });
    }
    for (const u of untold) expect(notesOf(u.id, "status"), u.name).toEqual([]);
    expect(count("SELECT count(*) AS n FROM notifications WHERE kind = 'status' AND json_extract(data, '$.eventId') = ?", String(event.id))).toBe(told.length);

    // E-mail only for those whose status e-mails are on: not Veera, who turned them off.
    const mailed = [
      { u: c.author, locale: "fi" as const, relation: "author" },
      { u: c.voterEn, locale: "en" as const, relation: "voter" },
      { u: c.followerNoLocale, locale: "fi" as const, relation: "follower" }, // no language of her own: the organisation's default
      { u: c.staffFollower, locale: "en" as const, relation: "follower" },
    ];
    expect(count("SELECT count(*) AS n FROM email_outbox") - mailsBefore).toBe(mailed.length);
    for (const u of [c.voterOff, ...untold]) expect(mailsTo(u), u.name).toEqual([]);
    for (const { u, locale, relation } of mailed) {
      const mails = mailsTo(u);
      expect(mails, u.name).toHaveLength(1);
      const [mail] = mails;
      expect(mail.kind).toBe("notify-status");
      const status = (s: string) => t(locale, `ideas.status.${s}`);
      expect(mail.subject).toBe(t(locale, "email.status.subject", { group: c.group.name, title: "Offline tickets on the phone", status: status("planned") }));
      expect(mail.textBody).toContain(t(locale, "email.greeting", { name: u.name }));
      expect(mail.textBody).toContain(
        t(locale, "email.status.intro", { actor: "Sanna Staff", title: "Offline tickets on the phone", from: status("open"), to: status("planned") }),
      );
      expect(mail.textBody).toContain(t(locale, "email.status.responseLead"));
      expect(mail.textBody).toContain(response);
      expect(mail.textBody).toContain(t(locale, `email.reason.${relation}`));
      expect(mail.textBody).toContain(`${env.APP_URL}/g/${c.group.slug}/ideas/${c.idea.number}#event-${event.id}`);
      expect(mail.htmlBody).toContain("Offline tickets on the phone");
      expectUnsubscribable(mail, u.id, "status");
    }
    // Really in different languages and with different reasons.
    expect(mailsTo(c.author)[0].subject).toContain("Suunnitteilla");
    expect(mailsTo(c.voterEn)[0].subject).toContain("Planned");
    expect(mailsTo(c.followerNoLocale)[0].textBody).toMatch(/^Hei Fanni Follower,/);
    expect(mailsTo(c.author)[0].textBody).not.toContain(t("fi", "email.reason.follower"));
  });

  it("says 'you shared', 'you voted' and 'you follow' in the same language differently", async () => {
    const w = await world();
    const voter = await createUser({ name: "Eve Voter", locale: "en" });
    const follower = await createUser({ name: "Finn Follower", locale: "en" });
    addMember(w.group.id, voter.id);
    addMember(w.group.id, follower.id);
    db().update(schema.users).set({ locale: "en" }).where(eq(schema.users.id, w.author.id)).run();
    castVote({ groupId: w.group.id, number: w.idea.number, userId: voter.id, voted: true });
    setFollow({ groupId: w.group.id, number: w.idea.number, userId: follower.id, following: true });
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "under_review", response: null })).toEqual({ ok: true });
    const reasonOf = (u: { email: string }) => mailsTo(u, "notify-status")[0].textBody;
    expect(reasonOf(w.author)).toContain(t("en", "email.reason.author"));
    expect(reasonOf(voter)).toContain(t("en", "email.reason.voter"));
    expect(reasonOf(follower)).toContain(t("en", "email.reason.follower"));
    expect(new Set([t("en", "email.reason.author"), t("en", "email.reason.voter"), t("en", "email.reason.follower")]).size).toBe(3);
    // A change without a response carries no response lead.
    expect(reasonOf(voter)).not.toContain(t("en", "email.status.responseLead"));
  });

  it("keeps in-app notifications but stops e-mails for someone who turned status e-mails off", async () => {
    const w = await world();
    db().update(schema.users).set({ emailStatus: "off" }).where(eq(schema.users.id, w.author.id)).run();
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "planned", response: "Yes." })).toEqual({ ok: true });
    expect(notesOf(w.author.id, "status")).toHaveLength(1);
    expect(mailsTo(w.author)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("replies and mentions by e-mail", () => {
  async function thread() {
    const w = await world();
    const person = async (name: string, locale: Locale | null = "en") => {
      const u = await createUser({ name, locale });
      addMember(w.group.id, u.id);
      return u;
    };
    return {
      ...w,
      writer: await person("Wilma Writer"),
      replier: await person("Risto Replier", "fi"),
      maija: await person("Maija Mentioned", "fi"),
      pekka: await person("Pekka Pouta"),
      quiet: await person("Quinn Quiet"),
    };
  }
  const comment = (w: { group: Group; idea: { number: number } }, u: User, body: string, parentId: number | null = null) => {
    const added = addComment({ group: w.group, number: w.idea.number, author: actor(u), body, parentId });
    if (!added.ok) throw new Error(added.error);
    return added.id;
  };
  const aboutComment = (userId: string, commentId: number) => notesOf(userId).filter((n) => n.data.commentId === String(commentId));
  const mailsAbout = (u: { email: string }, commentId: number) => mailsTo(u).filter((m) => new RegExp(`#comment-${commentId}(?!\\d)`).test(m.textBody));

  it("e-mails the replied-to writer and each mentioned person once, with their own unsubscribe kind", async () => {
    const w = await thread();
    const top = comment(w, w.writer, "Could the tickets work in airplane mode?");
    const reply = comment(w, w.replier, `Hyvä idea! @${w.maija.handle} @${w.maija.handle} katso tämä. Ja @${w.pekka.handle}.`, top);

    expect(aboutComment(w.writer.id, reply).map((n) => n.kind)).toEqual(["replied"]);
    expect(aboutComment(w.maija.id, reply).map((n) => n.kind)).toEqual(["mentioned"]);
    expect(aboutComment(w.pekka.id, reply).map((n) => n.kind)).toEqual(["mentioned"]);
    expect(aboutComment(w.replier.id, reply)).toEqual([]);

    const [toWriter] = mailsAbout(w.writer, reply);
    expect(mailsAbout(w.writer, reply)).toHaveLength(1);
    expect(toWriter.kind).toBe("notify-replied");
    expect(toWriter.subject).toBe(t("en", "email.replied.subject", { group: w.group.name, writer: "Risto Replier", title: "Offline tickets on the phone" }));
    expect(toWriter.textBody).toContain("Hyvä idea!");
    expect(toWriter.textBody).toContain(t("en", "email.reason.replied"));
    expectUnsubscribable(toWriter, w.writer.id, "replies");

    expect(mailsAbout(w.maija, reply)).toHaveLength(1);
    const [toMaija] = mailsAbout(w.maija, reply);
    expect(toMaija.kind).toBe("notify-mentioned");
    expect(toMaija.subject).toBe(t("fi", "email.mentioned.subject", { group: w.group.name, writer: "Risto Replier", title: "Offline tickets on the phone" }));
    expect(toMaija.textBody).toContain(t("fi", "email.reason.mentioned"));
    expectUnsubscribable(toMaija, w.maija.id, "mentions");
    expect(mailsAbout(w.pekka, reply)).toHaveLength(1);
    expect(mailsAbout(w.replier, reply)).toEqual([]);

    // Editing tells only people the comment never told: Quinn now; Maija and Pekka not again.
    expect(
      editComment({
        group: w.group,
        ideaId: w.idea.id,
        commentId: reply,
        author: actor(w.replier),
        body: `@${w.maija.handle} @${w.pekka.handle} @${w.quiet.handle}`,
      }).ok,
    ).toBe(true);
    expect(mailsAbout(w.maija, reply)).toHaveLength(1);
    expect(mailsAbout(w.pekka, reply)).toHaveLength(1);
    expect(mailsAbout(w.quiet, reply)).toHaveLength(1);
    expect(mailsAbout(w.writer, reply)).toHaveLength(1);
  });

  it("tells a replied-to writer who is also mentioned once, as a mention", async () => {
    const w = await thread();
    const top = comment(w, w.writer, "Top");
    const reply = comment(w, w.replier, `@${w.writer.handle} yes!`, top);
    expect(aboutComment(w.writer.id, reply).map((n) => n.kind)).toEqual(["mentioned"]);
    expect(mailsAbout(w.writer, reply).map((m) => m.kind)).toEqual(["notify-mentioned"]);
  });

  it("tells a replied-to writer once about a reply, even when an edit mentions them afterwards", async () => {
    const w = await thread();
    const top = comment(w, w.writer, "Top");
    const reply = comment(w, w.replier, "I agree.", top);
    expect(aboutComment(w.writer.id, reply)).toHaveLength(1);
    expect(editComment({ group: w.group, ideaId: w.idea.id, commentId: reply, author: actor(w.replier), body: `I agree, @${w.writer.handle}.` }).ok).toBe(true);
    // The reply is remembered with the mentions (comment_mentions), so a mention edited in later tells them nothing new.
    expect(aboutComment(w.writer.id, reply)).toHaveLength(1);
    expect(mailsAbout(w.writer, reply)).toHaveLength(1);
  });

  it("follows the replies and mentions preferences separately, keeping in-app notifications", async () => {
    const w = await thread();
    db().update(schema.users).set({ emailReplies: "off" }).where(eq(schema.users.id, w.writer.id)).run();
    db().update(schema.users).set({ emailMentions: "off" }).where(eq(schema.users.id, w.maija.id)).run();
    const top = comment(w, w.writer, "Top");
    const reply = comment(w, w.replier, `@${w.maija.handle} look`, top);
    expect(aboutComment(w.writer.id, reply).map((n) => n.kind)).toEqual(["replied"]);
    expect(aboutComment(w.maija.id, reply).map((n) => n.kind)).toEqual(["mentioned"]);
    expect(mailsAbout(w.writer, reply)).toEqual([]);
    expect(mailsAbout(w.maija, reply)).toEqual([]);
    // Maija's replies e-mails are still on: a reply to her comment reaches her inbox.
    const hers = comment(w, w.maija, "My comment");
    const toHer = comment(w, w.pekka, "Answer", hers);
    expect(mailsAbout(w.maija, toHer).map((m) => m.kind)).toEqual(["notify-replied"]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("merging duplicates", () => {
  async function duplicates() {
    const w = await world();
    const people: User[] = [];
    for (const name of ["One", "Two", "Three", "Four"]) {
      const u = await createUser({ name: `Voter ${name}`, locale: "en" });
      addMember(w.group.id, u.id);
      people.push(u);
    }
    const follower = await createUser({ name: "Fiona Follower", locale: "en" });
    addMember(w.group.id, follower.id);
    const bAuthor = await createUser({ name: "Bea Author", locale: "en" });
    addMember(w.group.id, bAuthor.id);
    const a = w.idea;
    const b = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: bAuthor.id, title: "Tickets without network" });
    const vote = (number: number, u: User) => expect(castVote({ groupId: w.group.id, number, userId: u.id, voted: true }).ok).toBe(true);
    for (const u of people.slice(0, 3)) vote(a.number, u);
    for (const u of people.slice(2, 4)) vote(b.number, u);
    setFollow({ groupId: w.group.id, number: a.number, userId: follower.id, following: true });
    return { ...w, people, follower, bAuthor, a, b };
  }
  const votersOf = (ideaId: number) => rows<{ user_id: string }>("SELECT user_id FROM votes WHERE idea_id = ? ORDER BY user_id", ideaId).map((r) => r.user_id);
  const followersOf = (ideaId: number) =>
    rows<{ user_id: string }>("SELECT user_id FROM follows WHERE idea_id = ? ORDER BY user_id", ideaId).map((r) => r.user_id);

  it("moves votes and follows so a member who voted for both counts once, and keeps every counter exact", async () => {
    const d = await duplicates();
    const followersBefore = new Set([...followersOf(d.a.id), ...followersOf(d.b.id)]);
    const result = mergeIdeas({
      group: d.group,
      fromNumber: d.a.number,
      intoNumber: d.b.number,
      actor: actor(d.staff),
      response: "Same as #2, let us talk there.",
    });
    expect(result).toEqual({ ok: true, intoNumber: d.b.number, movedVotes: 2, movedFollows: 4, mergeId: expect.any(Number) }); // the author, One, Two and Fiona; Three already followed B

    const a = ideaById(d.a.id);
    const b = ideaById(d.b.id);
    expect(votersOf(d.b.id)).toEqual(d.people.map((p) => p.id).sort());
    expect(b.voteCount).toBe(4);
    expect(b.voteCount).toBe(count("SELECT count(*) AS n FROM votes WHERE idea_id = ?", d.b.id));
    expect(followersOf(d.b.id)).toEqual([...followersBefore].sort());
    expect(b.followerCount).toBe(count("SELECT count(*) AS n FROM follows WHERE idea_id = ?", d.b.id));
    expect(votersOf(d.a.id)).toEqual([]);
    expect(followersOf(d.a.id)).toEqual([]);
    expect(a).toMatchObject({ status: "merged", mergedIntoId: d.b.id, voteCount: 0, followerCount: 0 });
    expect(a.firstResponseAt).toEqual(expect.any(Number));
    expect(b.status).toBe("open");

    const [onA] = eventsOf(d.a.id);
    expect(eventsOf(d.a.id)).toHaveLength(1);
    expect(onA).toMatchObject({
      kind: "status",
      fromStatus: "open",
      toStatus: "merged",
      relatedIdeaId: d.b.id,
      response: "Same as #2, let us talk there.",
      actorId: d.staff.id,
    });
    expect(eventsOf(d.b.id)).toHaveLength(1);
    expect(eventsOf(d.b.id)[0]).toMatchObject({ kind: "merged_in", relatedIdeaId: d.a.id, actorId: d.staff.id });
    expect(listEvents(d.b.id)[0].related).toEqual({ number: d.a.number, title: "Offline tickets on the phone" });
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'idea.merge' AND target_id = ?", String(d.a.id))).toBe(1);

    // A's author, voters and followers hear it once each; B's own people (its author, voter Four) do not, nor the actor.
    const told = [d.author, ...d.people.slice(0, 3), d.follower];
    for (const u of told) {
      expect(notesOf(u.id, "merged"), u.name).toHaveLength(1);
      expect(notesOf(u.id, "merged")[0].data).toMatchObject({
        title: "Offline tickets on the phone",
        intoTitle: "Tickets without network",
        number: String(d.b.number),
      });
      expect(mailsTo(u, "notify-merged"), u.name).toHaveLength(1);
      expectUnsubscribable(mailsTo(u, "notify-merged")[0], u.id, "status");
    }
    for (const u of [d.bAuthor, d.people[3], d.staff]) {
      expect(notesOf(u.id, "merged"), u.name).toEqual([]);
      expect(mailsTo(u, "notify-merged"), u.name).toEqual([]);
    }
    const [toAuthor] = mailsTo(d.author, "notify-merged");
    expect(toAuthor.subject).toBe(t("fi", "email.merged.subject", { group: d.group.name, title: "Offline tickets on the phone" }));
    expect(toAuthor.textBody).toContain("Same as #2, let us talk there.");
    expect(toAuthor.textBody).toContain(`${env.APP_URL}/g/${d.group.slug}/ideas/${d.b.number}`);
  });

  it("refuses merging into itself, into or from a withdrawn or merged idea, and unknown numbers, writing nothing", async () => {
    const d = await duplicates();
    const withdrawn = makeIdea({ groupId: d.group.id, boardId: d.board.id, authorId: d.author.id, title: "Gone" });
    expect(withdrawIdea({ group: d.group, number: withdrawn.number, userId: d.author.id, readOnly: false })).toEqual({ ok: true });
    const merged = makeIdea({ groupId: d.group.id, boardId: d.board.id, authorId: d.author.id, title: "Merged already" });
    expect(mergeIdeas({ group: d.group, fromNumber: merged.number, intoNumber: d.b.number, actor: actor(d.staff), response: null }).ok).toBe(true);
    const before = snapshot();
    const merge = (from: number, into: number) => mergeIdeas({ group: d.group, fromNumber: from, intoNumber: into, actor: actor(d.staff), response: null });
    expect(merge(d.a.number, d.a.number)).toEqual({ ok: false, error: "same" });
    expect(merge(d.a.number, withdrawn.number)).toEqual({ ok: false, error: "closed" });
    expect(merge(d.a.number, merged.number)).toEqual({ ok: false, error: "closed" });
    expect(merge(merged.number, d.a.number)).toEqual({ ok: false, error: "closed" });
    expect(merge(withdrawn.number, d.a.number)).toEqual({ ok: false, error: "closed" });
    expect(merge(d.a.number, 9999)).toEqual({ ok: false, error: "notFound" });
    // A pilot that has ended by the time of the merge is read-only.
    db()
      .$client.prepare("UPDATE groups SET ends_at = ? WHERE id = ?")
      .run(Date.now() - HOUR, d.group.id);
    expect(mergeIdeas({ group: d.group, fromNumber: d.a.number, intoNumber: d.b.number, actor: actor(d.staff), response: null })).toEqual({
      ok: false,
      error: "closed",
    });
    db().$client.prepare("UPDATE groups SET ends_at = NULL WHERE id = ?").run(d.group.id);
    expect(snapshot()).toBe(before);

    // The page says why, in the viewer's language.
    const cookie = await sessionCookie(d.staff.id);
    const same = await callAction(ideaRoute as never, postRequest(ideaPath(d.group, d.a.number), { intent: "merge", into: String(d.a.number) }, { cookie }), {
      slug: d.group.slug,
      number: String(d.a.number),
    });
    expect(same.status).toBe(400);
    expect(same.data.result.error[""]).toEqual([t("en", "loop.error.merge.same")]);
    expect(snapshot()).toBe(before);
  });

  it("takes no new followers on the merged idea (unfollowing still works), and believes ?from= only for a real merge", async () => {
    const { group, a, b, author, staff } = await duplicates();
    expect(mergeIdeas({ group, fromNumber: a.number, intoNumber: b.number, actor: actor(staff), response: null }).ok).toBe(true);
    const reader = await createUser();
    addMember(group.id, reader.id);
    expect(setFollow({ groupId: group.id, number: a.number, userId: reader.id, following: true })).toEqual({ ok: false });
    expect(count("SELECT count(*) AS n FROM follows WHERE idea_id = ?", a.id)).toBe(0);
    expect(setFollow({ groupId: group.id, number: a.number, userId: reader.id, following: false }).ok).toBe(true);
    const cookie = await sessionCookie(reader.id);
    const real = await callLoader(ideaRoute as never, getRequest(`${ideaPath(group, b.number)}?from=${a.number}`, { cookie }), {
      slug: group.slug,
      number: String(b.number),
    });
    expect(real.data.mergedFrom).toBe(a.number);
    const other = makeIdea({ groupId: group.id, boardId: ideaById(b.id).boardId, authorId: author.id, title: "Unrelated" });
    const fake = await callLoader(ideaRoute as never, getRequest(`${ideaPath(group, b.number)}?from=${other.number}`, { cookie }), {
      slug: group.slug,
      number: String(b.number),
    });
    expect(fake.data.mergedFrom).toBeNull();
  });

  it("sends the merged idea's address to the idea it went into, and keeps the original readable with ?original=1", async () => {
    const d = await duplicates();
    const cookie = await sessionCookie(d.staff.id);
    const merged = await callAction(
      ideaRoute as never,
      postRequest(ideaPath(d.group, d.a.number), { intent: "merge", into: String(d.b.number), response: "", confirm: "1" }, { cookie }),
      { slug: d.group.slug, number: String(d.a.number) },
    );
    expect(merged.status).toBe(302);
    expect(merged.location).toBe(`${ideaPath(d.group, d.b.number)}?from=${d.a.number}`);
    expect(ideaById(d.a.id).status).toBe("merged");

    const member = await sessionCookie(d.people[0].id);
    const params = { slug: d.group.slug, number: String(d.a.number) };
    const redirected = await callLoader(ideaRoute as never, getRequest(ideaPath(d.group, d.a.number), { cookie: member }), params);
    expect(redirected.status).toBe(302);
    expect(redirected.location).toBe(`${ideaPath(d.group, d.b.number)}?from=${d.a.number}`);
    const original = await callLoader(ideaRoute as never, getRequest(`${ideaPath(d.group, d.a.number)}?original=1`, { cookie: member }), params);
    expect(original.status).toBe(200);
    expect(original.data.idea).toMatchObject({ number: d.a.number, status: "merged", mergedIntoNumber: d.b.number, voteCount: 0 });
    expect(original.data.can).toMatchObject({ vote: false, comment: false, respond: false, merge: false });
    const target = await callLoader(ideaRoute as never, getRequest(`${ideaPath(d.group, d.b.number)}?from=${d.a.number}`, { cookie: member }), {
      slug: d.group.slug,
      number: String(d.b.number),
    });
    expect(target.status).toBe(200);
    expect(target.data.idea).toMatchObject({ number: d.b.number, voteCount: 4, voted: true });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("the response queue", () => {
  async function queueWorld() {
    const now = Date.now();
    const q1 = await world({ targetDays: 7 });
    const q2 = await world({ targetDays: 2 });
    const ended = await world({ endsAt: now - HOUR });
    const archived = await world();
    setGroupArchived({ actorId: archived.staff.id, groupId: archived.group.id, archived: true });
    // Most are far older than anything else in this file's database, so they lead the all-groups queue.
    const old = now - 400 * DAY;
    const idea = (w: Awaited<ReturnType<typeof world>>, title: string, age: number) =>
      makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title, now: old - age });
    const i1 = idea(q1, "Oldest, overdue", 30 * DAY);
    const i2 = idea(q1, "Newer", -396 * DAY); // created 4 days ago: inside the 7-day target
    const answered = idea(q1, "Answered", 20 * DAY);
    const withdrawn = idea(q1, "Withdrawn", 25 * DAY);
    const merged = idea(q1, "Merged", 26 * DAY);
    const j1 = idea(q2, "Other group, overdue", 10 * DAY);
    const j2 = idea(q2, "Other group, 1 day", -399 * DAY); // created 1 day ago: inside the 2-day target
    const e1 = idea(ended, "In an ended pilot", 40 * DAY);
    const a1 = idea(archived, "In an archived pilot", 40 * DAY);
    expect(changeStatus({ group: q1.group, number: answered.number, actor: actor(q1.staff), status: "under_review", response: null })).toEqual({ ok: true });
    expect(withdrawIdea({ group: q1.group, number: withdrawn.number, userId: q1.author.id, readOnly: false })).toEqual({ ok: true });
    expect(mergeIdeas({ group: q1.group, fromNumber: merged.number, intoNumber: i2.number, actor: actor(q1.staff), response: null }).ok).toBe(true);
    // The world's own first idea in each group is answered, so only the ideas above wait.
    for (const w of [q1, q2])
      expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "planned", response: "ok" }).ok).toBe(true);
    return { now, q1, q2, ended, archived, i1, i2, j1, j2, e1, a1 };
  }

  it("lists ideas without a first response, oldest first, per group or across writable groups, with overdue from each group's target", async () => {
    const s = await queueWorld();
    const one = listQueue({ groupId: s.q1.group.id, page: 1, now: s.now });
    expect(one.items.map((i) => i.title)).toEqual(["Oldest, overdue", "Newer"]);
    expect(one.items.map((i) => i.overdue)).toEqual([true, false]);
    expect(one).toMatchObject({ total: 2, overdue: 1, pages: 1 });
    expect(one.items[0]).toMatchObject({
      groupId: s.q1.group.id,
      groupSlug: s.q1.group.slug,
      targetDays: 7,
      authorName: "Aino Author",
      waitedMs: s.now - ideaById(s.i1.id).createdAt,
    });
    expect(one.items[1].waitedMs).toBe(4 * DAY);

    const two = listQueue({ groupId: s.q2.group.id, page: 1, now: s.now });
    expect(two.items.map((i) => [i.title, i.overdue])).toEqual([
      ["Other group, overdue", true],
      ["Other group, 1 day", false],
    ]);
    expect(two).toMatchObject({ total: 2, overdue: 1 });

    // Archived and ended pilots are read-only: not in their own queue, not in everyone's.
    expect(listQueue({ groupId: s.ended.group.id, page: 1, now: s.now })).toMatchObject({ items: [], total: 0, overdue: 0 });
    expect(listQueue({ groupId: s.archived.group.id, page: 1, now: s.now })).toMatchObject({ items: [], total: 0, overdue: 0 });

    const all = listQueue({ groupId: null, page: 1, now: s.now });
    const ours = new Set([s.q1.group.id, s.q2.group.id, s.ended.group.id, s.archived.group.id]);
    const mine = all.items.filter((i) => ours.has(i.groupId));
    expect(mine.map((i) => i.title)).toEqual(["Oldest, overdue", "Other group, overdue", "Newer", "Other group, 1 day"]);
    expect(mine.map((i) => i.overdue)).toEqual([true, true, false, false]);
    for (let k = 1; k < all.items.length; k++) expect(all.items[k].createdAt).toBeGreaterThanOrEqual(all.items[k - 1].createdAt);
    expect(all.items.some((i) => i.groupId === s.ended.group.id || i.groupId === s.archived.group.id)).toBe(false);
  });

  it("answers from the group's queue and from everyone's queue, and the idea leaves the queue", async () => {
    const s = await queueWorld();
    const cookie = await sessionCookie(s.q1.staff.id);
    const groupPath = `/g/${s.q1.group.slug}/queue`;
    const res = await callAction(
      groupQueueRoute as never,
      postRequest(
        groupPath,
        { intent: "status", groupId: s.q1.group.id, number: String(s.i1.number), status: "under_review", response: "We are looking at this." },
        { cookie },
      ),
      { slug: s.q1.group.slug },
    );
    expect(res.status).toBe(200);
    expect(res.data.message).toBe(t("en", "loop.answered", { number: s.i1.number, group: s.q1.group.name }));
    expect(ideaById(s.i1.id)).toMatchObject({ status: "under_review", firstResponseAt: expect.any(Number) });
    expect(eventsOf(s.i1.id)).toHaveLength(1);
    drainEvents();
    expect(notesOf(s.q1.author.id, "status").some((n) => n.data.number === String(s.i1.number))).toBe(true);
    const page = await callLoader(groupQueueRoute as never, getRequest(groupPath, { cookie }), { slug: s.q1.group.slug });
    expect(page.status).toBe(200);
    expect(page.data.items.map((i: { title: string }) => i.title)).toEqual(["Newer"]);

    // The group's queue answers only for its own group; done needs a response there too.
    const before = snapshot();
    const foreign = await callAction(
      groupQueueRoute as never,
      postRequest(groupPath, { intent: "status", groupId: s.q2.group.id, number: String(s.j1.number), status: "planned", response: "x" }, { cookie }),
      { slug: s.q1.group.slug },
    );
    expect(foreign.status).toBe(404);
    const noResponse = await callAction(
      groupQueueRoute as never,
      postRequest(groupPath, { intent: "status", groupId: s.q1.group.id, number: String(s.i2.number), status: "done", response: "" }, { cookie }),
      { slug: s.q1.group.slug },
    );
    expect(noResponse.status).toBe(400);
    expect(noResponse.data.result.error.response).toEqual(["validation.responseRequired"]);
    expect(snapshot()).toBe(before);

    // Everyone's queue answers for any group.
    const all = await callAction(
      queueRoute as never,
      postRequest(
        "/queue",
        { intent: "status", groupId: s.q2.group.id, number: String(s.j1.number), status: "declined", response: "Not for this pilot." },
        { cookie },
      ),
    );
    expect(all.status).toBe(200);
    expect(ideaById(s.j1.id).status).toBe("declined");
    const everyone = await callLoader(queueRoute as never, getRequest("/queue", { cookie }));
    expect(everyone.status).toBe(200);
    const titles = everyone.data.items
      .filter((i: { groupId: string }) => i.groupId === s.q1.group.id || i.groupId === s.q2.group.id)
      .map((i: { title: string }) => i.title);
    expect(titles).toEqual(["Newer", "Other group, 1 day"]);
  });

  it("refuses members and moderators with 403 on both queues, writing nothing", async () => {
    const s = await queueWorld();
    const moderator = await createUser({ name: "Mona Moderator" });
    addMember(s.q1.group.id, moderator.id, { role: "moderator" });
    const before = snapshot();
    for (const u of [s.q1.author, moderator]) {
      const cookie = await sessionCookie(u.id);
      const fields = { intent: "status", groupId: s.q1.group.id, number: String(s.i1.number), status: "planned", response: "Mine now" };
      expect(
        (await callLoader(groupQueueRoute as never, getRequest(`/g/${s.q1.group.slug}/queue`, { cookie }), { slug: s.q1.group.slug })).status,
        u.name,
      ).toBe(403);
      expect(
        (await callAction(groupQueueRoute as never, postRequest(`/g/${s.q1.group.slug}/queue`, fields, { cookie }), { slug: s.q1.group.slug })).status,
        u.name,
      ).toBe(403);
      expect((await callLoader(queueRoute as never, getRequest("/queue", { cookie }))).status, u.name).toBe(403);
      expect((await callAction(queueRoute as never, postRequest("/queue", fields, { cookie }))).status, u.name).toBe(403);
    }
    expect(snapshot()).toBe(before);
    expect(ideaById(s.i1.id).firstResponseAt).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("the author beside the composer", () => {
  it("shows who the author is in this group and what became of their other live ideas here, newest first", async () => {
    const w = await world();
    const old = Date.now() - 5 * DAY;
    const planned = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Planned earlier", now: old });
    expect(changeStatus({ group: w.group, number: planned.number, actor: actor(w.staff), status: "planned", response: "Yes" })).toEqual({ ok: true });
    const withdrawn = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "Taken back", now: old + DAY });
    expect(withdrawIdea({ group: w.group, number: withdrawn.number, userId: w.author.id, readOnly: false })).toEqual({ ok: true });
    const elsewhere = makeGroup();
    addMember(elsewhere.id, w.author.id);
    makeIdea({ groupId: elsewhere.id, boardId: makeBoard(elsewhere.id).id, authorId: w.author.id, title: "In another group" });
    const context = authorContext({ group: w.group, authorId: w.author.id, exceptIdeaId: w.idea.id })!;
    expect(context).toMatchObject({ id: w.author.id, name: "Aino Author", joinedAt: expect.any(Number) });
    expect(context.ideas).toEqual([{ number: planned.number, title: "Planned earlier", status: "planned", voteCount: 0 }]);
    expect(authorContext({ group: w.group, authorId: "no-such-user", exceptIdeaId: w.idea.id })).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("loop metrics", () => {
  it("computes the answered share, median first response (odd and even counts), within target, waiting, overdue and statuses", async () => {
    const w = await world({ targetDays: 2 });
    const now = Date.now();
    const base = now - 30 * DAY;
    const idea = (title: string, createdAt: number) => makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title, now: createdAt });
    const answer = (number: number, status: "planned" | "under_review" | "done" | "declined", at: number) =>
      expect(changeStatus({ group: w.group, number, actor: actor(w.staff), status, response: "Answer", now: at })).toEqual({ ok: true });
    // The world's own idea is withdrawn: it counts nowhere.
    expect(withdrawIdea({ group: w.group, number: w.idea.number, userId: w.author.id, readOnly: false })).toEqual({ ok: true });
    const a = idea("A, one day", base);
    const b = idea("B, three days", base + HOUR);
    const c = idea("C, five days", base + 2 * HOUR);
    answer(a.number, "planned", base + DAY);
    answer(b.number, "under_review", base + HOUR + 3 * DAY);
    answer(c.number, "done", base + 2 * HOUR + 5 * DAY);
    idea("D, waiting one day", now - DAY);
    idea("E, waiting four days", now - 4 * DAY);
    const merged = idea("F, merged", base);
    expect(
      mergeIdeas({ group: w.group, fromNumber: merged.number, intoNumber: a.number, actor: actor(w.staff), response: null, now: base + 3 * HOUR }).ok,
    ).toBe(true);

    const odd = loopMetrics({ group: w.group, now });
    expect(odd).toMatchObject({ total: 5, responded: 3, waiting: 2, overdue: 1, share: 3 / 5, medianMs: 3 * DAY, withinTarget: 1 });
    expect(odd.byStatus).toEqual({ planned: 1, under_review: 1, done: 1, open: 2, merged: 1 });

    // A fourth answer exactly at the target counts as within it; the median of four is the mean of the middle two.
    const h = idea("H, two days", base + 3 * HOUR);
    answer(h.number, "declined", base + 3 * HOUR + 2 * DAY);
    const even = loopMetrics({ group: w.group, now });
    expect(even).toMatchObject({ total: 6, responded: 4, waiting: 2, overdue: 1, share: 4 / 6, medianMs: 2.5 * DAY, withinTarget: 2 });
    expect(even.byStatus).toEqual({ planned: 1, under_review: 1, done: 1, declined: 1, open: 2, merged: 1 });

    // Another group's ideas do not count; an empty group has no share and no median.
    const empty = makeGroup();
    expect(loopMetrics({ group: empty, now })).toMatchObject({
      total: 0,
      responded: 0,
      waiting: 0,
      overdue: 0,
      share: null,
      medianMs: null,
      withinTarget: 0,
      byStatus: {},
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("the notification centre", () => {
  const open = async (userId: string, id: number) =>
    callAction(notificationsRoute as never, postRequest("/notifications", { intent: "open", id: String(id) }, { cookie: await sessionCookie(userId) }));
  const noteById = (id: number) => db().select().from(schema.notifications).where(eq(schema.notifications.id, id)).get()!;

  it("opens a notification: marks it read and leads to the event or the comment; another person's is 404", async () => {
    const w = await world();
    const other = await createUser({ name: "Otto Other" });
    addMember(w.group.id, other.id);
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "planned", response: "Yes" })).toEqual({ ok: true });
    const [event] = eventsOf(w.idea.id);
    const top = addComment({ group: w.group, number: w.idea.number, author: actor(w.author), body: "Thanks!", parentId: null });
    if (!top.ok) throw new Error(top.error);
    const reply = addComment({ group: w.group, number: w.idea.number, author: actor(other), body: "Agreed", parentId: top.id });
    if (!reply.ok) throw new Error(reply.error);
    const [statusNote] = notesOf(w.author.id, "status");
    const [replyNote] = notesOf(w.author.id, "replied");

    const refused = await open(other.id, statusNote.id);
    expect(refused.status).toBe(404);
    expect(noteById(statusNote.id).readAt).toBeNull();

    const first = await open(w.author.id, statusNote.id);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/g/${w.group.slug}/ideas/${w.idea.number}#event-${event.id}`);
    expect(noteById(statusNote.id).readAt).toEqual(expect.any(Number));
    expect(noteById(replyNote.id).readAt).toBeNull();
    const second = await open(w.author.id, replyNote.id);
    expect(second.status).toBe(302);
    expect(second.location).toBe(`/g/${w.group.slug}/ideas/${w.idea.number}?comment=${reply.id}#comment-${reply.id}`);
    expect(noteById(replyNote.id).readAt).toEqual(expect.any(Number));
    // Opening again still leads there.
    expect((await open(w.author.id, statusNote.id)).location).toBe(first.location);
    expect((await open(w.author.id, 2_000_000_000)).status).toBe(404);

    // The list gives the same addresses.
    const list = await callLoader(notificationsRoute as never, getRequest("/notifications", { cookie: await sessionCookie(w.author.id) }));
    const hrefs = (list.data.rows as { id: number; href: string }[]).map((r) => [r.id, r.href]);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        [statusNote.id, first.location],
        [replyNote.id, second.location],
      ]),
    );
  });

  it("leads a merge notification to the idea it went into, at an event shown on that page", async () => {
    const w = await world();
    const into = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.author.id, title: "The original" });
    const voter = await createUser({ name: "Vilma Voter" });
    addMember(w.group.id, voter.id);
    castVote({ groupId: w.group.id, number: w.idea.number, userId: voter.id, voted: true });
    expect(mergeIdeas({ group: w.group, fromNumber: w.idea.number, intoNumber: into.number, actor: actor(w.staff), response: null }).ok).toBe(true);
    const [note] = notesOf(voter.id, "merged");
    const res = await open(voter.id, note.id);
    expect(res.status).toBe(302);
    const location = new URL(res.location!, "http://x");
    expect(location.pathname).toBe(`/g/${w.group.slug}/ideas/${into.number}`);
    // The link opens the idea it went into, at a line that page shows (its "merged in" event).
    const shownThere = listEvents(into.id).map((e) => `#event-${e.id}`);
    expect(["", ...shownThere]).toContain(location.hash);
  });

  it("still marks one or all notifications read", async () => {
    const w = await world();
    for (const status of ["under_review", "planned", "in_progress"] as const)
      expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status, response: null }).ok).toBe(true);
    const [n1, n2, n3] = notesOf(w.author.id, "status");
    const cookie = await sessionCookie(w.author.id);
    const read = await callAction(notificationsRoute as never, postRequest("/notifications", { intent: "read", id: String(n2.id) }, { cookie }));
    expect(read.status).toBe(200);
    expect(notesOf(w.author.id, "status").map((n) => n.readAt !== null)).toEqual([false, true, false]);
    // Someone else's id is not touched.
    const stranger = await createUser();
    await callAction(
      notificationsRoute as never,
      postRequest("/notifications", { intent: "read", id: String(n1.id) }, { cookie: await sessionCookie(stranger.id) }),
    );
    expect(notesOf(w.author.id, "status")[0].readAt).toBeNull();
    const all = await callAction(notificationsRoute as never, postRequest("/notifications", { intent: "readAll" }, { cookie }));
    expect(all.status).toBe(200);
    expect(notesOf(w.author.id).every((n) => n.readAt !== null)).toBe(true);
    expect([n1, n2, n3].map((n) => noteById(n.id).readAt !== null)).toEqual([true, true, true]);
    expect((await callAction(notificationsRoute as never, postRequest("/notifications", { intent: "open" }, { cookie }))).status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("e-mail preferences on the account page", () => {
  const save = async (userId: string, fields: Record<string, string>) =>
    callAction(accountRoute as never, postRequest("/account", { intent: "emails", ...fields }, { cookie: await sessionCookie(userId) }));
  const prefs = (id: string) => {
    const u = userById(id);
    return { status: u.emailStatus, replies: u.emailReplies, mentions: u.emailMentions, comments: u.emailComments };
  };

  it("saves each kind, shows them on the page, and refuses bad values with 400 and no change", async () => {
    const user = await createUser();
    // New comments on followed ideas start "only in Kaiku": a busy discussion must not flood anyone's inbox.
    expect(prefs(user.id)).toEqual({ status: "immediately", replies: "immediately", mentions: "immediately", comments: "off" });
    const saved = await save(user.id, { status: "off", replies: "immediately", mentions: "off", comments: "immediately" });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ intent: "emails", saved: true });
    expect(prefs(user.id)).toEqual({ status: "off", replies: "immediately", mentions: "off", comments: "immediately" });
    const page = await callLoader(accountRoute as never, getRequest("/account", { cookie: await sessionCookie(user.id) }));
    expect(page.data.emails).toEqual({ status: "off", replies: "immediately", mentions: "off", comments: "immediately" });

    for (const fields of <Record<string, string>[]>[
      { status: "weekly", replies: "off", mentions: "off", comments: "off" },
      { status: "off", replies: "OFF", mentions: "off", comments: "off" },
      { status: "off", replies: "off", comments: "off" },
      { status: "off", replies: "off", mentions: "off" },
      { status: "off", replies: "off", mentions: "off", comments: "daily" },
      { status: "off", replies: "off", mentions: "off", comments: "off", digest: "daily" },
      { status: "", replies: "off", mentions: "off", comments: "off" },
    ]) {
      const res = await save(user.id, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.data).toMatchObject({ intent: "emails", saved: false });
    }
    expect(prefs(user.id)).toEqual({ status: "off", replies: "immediately", mentions: "off", comments: "immediately" });
  });

  it("turning status e-mails off stops them but not the in-app notifications, and turning them on again restarts them", async () => {
    const w = await world();
    expect((await save(w.author.id, { status: "off", replies: "immediately", mentions: "immediately", comments: "off" })).status).toBe(200);
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "planned", response: "Planned" })).toEqual({ ok: true });
    expect(notesOf(w.author.id, "status")).toHaveLength(1);
    expect(mailsTo(w.author)).toEqual([]);
    // The replies preference was left on: a reply still e-mails.
    const other = await createUser();
    addMember(w.group.id, other.id);
    const top = addComment({ group: w.group, number: w.idea.number, author: actor(w.author), body: "Top", parentId: null });
    if (!top.ok) throw new Error(top.error);
    expect(addComment({ group: w.group, number: w.idea.number, author: actor(other), body: "Reply", parentId: top.id }).ok).toBe(true);
    expect(mailsTo(w.author).map((m) => m.kind)).toEqual(["notify-replied"]);

    expect((await save(w.author.id, { status: "immediately", replies: "immediately", mentions: "immediately", comments: "off" })).status).toBe(200);
    expect(changeStatus({ group: w.group, number: w.idea.number, actor: actor(w.staff), status: "in_progress", response: null })).toEqual({ ok: true });
    expect(notesOf(w.author.id, "status")).toHaveLength(2);
    expect(mailsTo(w.author, "notify-status")).toHaveLength(1);
  });
});
