// What moderation tells people (issue 13), against a real SQLite file: reviewers' notices grouped per item (three
// reports -> one unread notice per moderator, with the count), each reporter told the outcome once, a mute told in
// the app and by e-mail in the member's language, a pending e-mail about a comment hidden before it went out
// withheld, and notices about a hidden comment left out of a member's notification centre (not the author's).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { execute } from "../../app/commands/command.server";
import { db, schema } from "../../app/db.server";
import { dispatchOutbox } from "../../app/email/dispatcher.server";
import type { NewEvent } from "../../app/events/catalogue";
import { appendEvent } from "../../app/events/store.server";
import { reportItem } from "../../app/features/moderation/commands/report-item.server";
import { isMessageKey, translate, type Locale, type MessageKey } from "../../app/i18n";
import { MODERATION_DECISIONS, MODERATION_ITEM_TYPES, MUTE_LENGTHS } from "../../app/domain/constants";
import { MODERATION_KINDS } from "../../app/models/notification.server";
import { countUnread, listNotifications } from "../../app/models/notification.server";
import type { User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea } from "../support/factories";
import { actorFor, addComment, drainEvents } from "../support/ideas";
import { rows, value } from "../support/db";
import { seedDemo } from "../../scripts/seed/demo";
import { listAudit } from "../../app/models/audit.server";

const t = (locale: Locale, key: string, params?: Record<string, string | number>) => translate(locale, key as MessageKey, params);
const notesOf = (u: User, kind?: string) =>
  db()
    .select()
    .from(schema.notifications)
    .where(and(eq(schema.notifications.userId, u.id), kind ? eq(schema.notifications.kind, kind) : undefined))
    .orderBy(schema.notifications.id)
    .all();
const emit = (event: NewEvent, actorId: string | null) => {
  db().transaction(() => appendEvent(event, actorId, Date.now()), { behavior: "immediate" });
  drainEvents();
};
const quiet = () => {};

let counter = 0;
async function world() {
  counter += 1;
  const group = makeGroup({ name: `Moderation notices ${counter}` });
  const board = makeBoard(group.id, { name: "Ideas" });
  const member = async (name: string, locale: Locale | null = "en", role: "member" | "moderator" = "member") => {
    const u = await createUser({ name: `${name} ${counter}`, locale });
    addMember(group.id, u.id, { role });
    return u;
  };
  const author = await member("Aino Author", "fi");
  const mod1 = await member("Mona Moderator", "en", "moderator");
  const mod2 = await member("Mikko Moderaattori", "fi", "moderator");
  const reporters = [await member("Reija Reporter"), await member("Rauno Reporter"), await member("Riku Reporter")];
  const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id, title: `Bench by the lake ${counter}` });
  const comment = addComment({ group, number: idea.number, author, body: "A comment someone finds offensive.", parentId: null });
  if (!comment.ok) throw new Error("comment not added");
  return { group, board, author, mod1, mod2, reporters, idea, commentId: comment.id, member };
}

// First: the demo seeds only an empty database.
describe("the demo's moderation", () => {
  beforeAll(async () => {
    expect(await seedDemo(db())).toBe(true);
  }, 60_000);

  it("has a reported comment waiting, one auto-hidden by three reports, a held first post and an expired mute", () => {
    const cases = rows("SELECT item_type AS type, origin, state, report_count AS n, auto_hidden_at IS NOT NULL AS auto FROM moderation_cases ORDER BY id");
    expect(cases).toEqual([
      { type: "comment", origin: "reports", state: "open", n: 1, auto: 0 },
      { type: "comment", origin: "reports", state: "open", n: 3, auto: 1 },
      { type: "idea", origin: "held", state: "open", n: 0, auto: 0 },
    ]);
    expect(
      value(
        "SELECT count(*) FROM comments c JOIN moderation_cases k ON k.item_id = CAST(c.id AS TEXT) AND k.item_type = 'comment' WHERE c.hidden_at IS NOT NULL",
      ),
    ).toBe(1);
    expect(value("SELECT count(*) FROM ideas WHERE held_at IS NOT NULL AND listed = 0")).toBe(1);
    // The counters followed (triggers): every idea's comment_count is its listed comments.
    expect(rows("SELECT i.id FROM ideas i WHERE i.comment_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id AND c.listed = 1)")).toEqual([]);
    const mute = rows("SELECT ends_at AS endsAt, lifted_at AS liftedAt FROM member_mutes");
    expect(mute).toHaveLength(1);
    expect(mute[0].endsAt as number).toBeLessThan(Date.now());
    // Moderators were told of each item once; the log says what happened in words (details, not ids).
    expect(value("SELECT count(*) FROM notifications WHERE kind = 'moderationReport' AND count = 3")).toBeGreaterThan(0);
    expect(value("SELECT count(*) FROM notifications WHERE kind = 'moderationHeld'")).toBeGreaterThan(0);
    const log = listAudit({ page: 1, pageSize: 200 }).rows.filter((r) => r.action.startsWith("moderation."));
    const mutes = log.filter((r) => r.action === "moderation.mute");
    expect(mutes).toHaveLength(1);
    expect(mutes[0].subject).toMatchObject({ type: "moderation", itemType: "user", length: "1w" });
    const autoHide = log.find((r) => r.action === "moderation.auto_hide");
    expect(autoHide?.subject).toMatchObject({ type: "moderation", itemType: "comment" });
    expect((autoHide?.subject as { number: number | null }).number).toEqual(expect.any(Number));
  });
});

describe("moderation notices", () => {
  it("groups reviewers' notices: three reports of one comment make one unread notice per moderator, with the count", async () => {
    const w = await world();
    for (const r of w.reporters) {
      const result = execute(reportItem, actorFor(r), { groupId: w.group.id, itemType: "comment", itemId: String(w.commentId), reason: "offensive" });
      expect(result.ok).toBe(true);
      drainEvents();
    }
    for (const m of [w.mod1, w.mod2]) {
      const notes = notesOf(m, "moderationReport");
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ count: 3, readAt: null, commentId: w.commentId, ideaId: w.idea.id });
      // Shown although the comment is now hidden (auto-hidden at three): it is what the moderator must review.
      const listed = listNotifications({ userId: m.id, page: 1, isStaff: false }).rows.filter((n) => n.kind === "moderationReport");
      expect(listed).toHaveLength(1);
      expect(listed[0].href).toBe(`/g/${w.group.slug}/review`);
    }
    expect(countUnread(w.mod1.id)).toBe(1);
    // A reporter is never told of their own report; the author hears the comment is hidden pending review.
    expect(w.reporters.flatMap((r) => notesOf(r, "moderationReport"))).toHaveLength(0);
    expect(notesOf(w.author, "itemAutoHidden")).toHaveLength(1);
    // Read, then a fourth report: a new unread notice (the read one stays as it was).
    db().update(schema.notifications).set({ readAt: Date.now() }).where(eq(schema.notifications.userId, w.mod1.id)).run();
    const fourth = await w.member("Fiona Fourth");
    db().update(schema.comments).set({ hiddenAt: null }).where(eq(schema.comments.id, w.commentId)).run();
    const again = execute(reportItem, actorFor(fourth), { groupId: w.group.id, itemType: "comment", itemId: String(w.commentId), reason: "spam" });
    expect(again.ok).toBe(true);
    drainEvents();
    expect(notesOf(w.mod1, "moderationReport").map((n) => [n.count, n.readAt === null])).toEqual([
      [3, false],
      [4, true],
    ]);
    expect(notesOf(w.mod2, "moderationReport").map((n) => n.count)).toEqual([4]);
  });

  it("tells each reporter the outcome once, and the author of a hidden item why", async () => {
    const w = await world();
    const [r1, r2, r3] = w.reporters;
    emit(
      {
        type: "moderation.decided",
        groupId: w.group.id,
        payload: {
          caseId: null,
          decisionId: 1,
          itemType: "comment",
          itemId: String(w.commentId),
          authorId: w.author.id,
          decision: "hide",
          reason: "Name-calling",
          reporterIds: [r1.id, r2.id, r1.id],
          actorName: w.mod1.name,
        },
      },
      w.mod1.id,
    );
    expect(notesOf(r1, "reportOutcome")).toHaveLength(1);
    expect(notesOf(r2, "reportOutcome")).toHaveLength(1);
    expect(notesOf(r3, "reportOutcome")).toHaveLength(0);
    // The outcome of a hidden item does not carry its idea's title.
    expect(notesOf(r1, "reportOutcome")[0].data).toMatchObject({ outcome: "hidden", title: "" });
    const authorNotes = notesOf(w.author, "itemHidden");
    expect(authorNotes).toHaveLength(1);
    expect(authorNotes[0].data).toMatchObject({ reason: "Name-calling", number: String(w.idea.number) });
    // The author still sees it in their list, though the comment is hidden (the decision is about their own item).
    db().update(schema.comments).set({ hiddenAt: Date.now(), hiddenReason: "Name-calling" }).where(eq(schema.comments.id, w.commentId)).run();
    expect(listNotifications({ userId: w.author.id, page: 1, isStaff: false }).rows.map((n) => n.kind)).toContain("itemHidden");
    // Handled once: running the dispatcher again tells nobody twice.
    drainEvents();
    expect(notesOf(r1, "reportOutcome")).toHaveLength(1);
  });

  it("tells a muted member in the app and by e-mail in their language", async () => {
    const w = await world();
    const endsAt = Date.now() + 7 * 86_400_000;
    emit(
      { type: "member.muted", groupId: w.group.id, payload: { muteId: 1, userId: w.author.id, reason: "Repeated insults", endsAt, actorName: w.mod1.name } },
      w.mod1.id,
    );
    const mails = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, w.author.email)).all();
    const mute = mails.filter((m) => m.kind === "moderation-muted");
    expect(mute).toHaveLength(1);
    // Finnish, as the member chose: the subject and the reason, with no unsubscribe link (transactional).
    expect(mute[0].subject).toBe(t("fi", "moderation.email.muted.subject", { group: w.group.name }));
    expect(mute[0].textBody).toContain("Repeated insults");
    expect(mute[0].textBody).toContain(t("fi", "moderation.email.muted.read"));
    expect(mute[0].headers).toEqual({});
    expect(notesOf(w.author, "muted")).toHaveLength(1);
    emit({ type: "member.unmuted", groupId: w.group.id, payload: { muteId: 1, userId: w.author.id, actorName: w.mod1.name } }, w.mod1.id);
    expect(notesOf(w.author, "unmuted")).toHaveLength(1);
    expect(db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, w.author.email)).all()).toHaveLength(mails.length);
  });

  it("withholds a pending e-mail about a comment hidden before it was sent, and sends the others", async () => {
    const w = await world();
    const reader = w.reporters[0];
    db().update(schema.users).set({ emailComments: "immediately" }).where(eq(schema.users.id, w.author.id)).run();
    const handle = db().select({ handle: schema.users.handle }).from(schema.users).where(eq(schema.users.id, w.mod2.id)).get()!.handle;
    const hidden = addComment({ group: w.group, number: w.idea.number, author: reader, body: `Rude words for @${handle}.`, parentId: null });
    if (!hidden.ok) throw new Error("not added");
    const mails = db()
      .select()
      .from(schema.emailOutbox)
      .where(and(eq(schema.emailOutbox.commentId, hidden.id), eq(schema.emailOutbox.status, "pending")))
      .all();
    expect(mails.map((m) => m.kind).sort()).toEqual(["notify-comment", "notify-mentioned"]);
    expect(mails.every((m) => m.ideaId === w.idea.id)).toBe(true);
    // The mentioned moderator's notice names the comment: hidden, it leaves the list of anyone but its author.
    expect(notesOf(w.mod2, "mentioned")[0].commentId).toBe(hidden.id);
    db().update(schema.comments).set({ hiddenAt: Date.now(), hiddenReason: "Rude" }).where(eq(schema.comments.id, hidden.id)).run();
    const other = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.status, "pending")).all();
    await dispatchOutbox({ transport: null, log: quiet, batch: 1000 });
    const after = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.commentId, hidden.id)).all();
    expect(after.map((m) => m.status)).toEqual(["withheld", "withheld"]);
    // Every other pending e-mail went on (logged: no SMTP in tests).
    const rest = other
      .filter((m) => m.commentId !== hidden.id)
      .map((m) => db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, m.id)).get()!.status);
    expect(rest.every((s) => s === "logged")).toBe(true);
    expect(listNotifications({ userId: w.mod2.id, page: 1, isStaff: false }).rows.map((n) => n.kind)).not.toContain("mentioned");
    expect(countUnread(w.mod2.id)).toBe(notesOf(w.mod2).filter((n) => n.kind !== "mentioned" && n.readAt === null).length);
    // Restored, it is back.
    db().update(schema.comments).set({ hiddenAt: null, hiddenReason: null }).where(eq(schema.comments.id, hidden.id)).run();
    expect(listNotifications({ userId: w.mod2.id, page: 1, isStaff: false }).rows.map((n) => n.kind)).toContain("mentioned");
  });

  it("tells nobody of a comment hidden before its event was handled", async () => {
    const w = await world();
    db().update(schema.users).set({ emailComments: "immediately" }).where(eq(schema.users.id, w.author.id)).run();
    const before = notesOf(w.author).length;
    const result = execute((await import("../../app/features/ideas/commands/add-comment.server")).addComment, actorFor(w.reporters[1]), {
      groupId: w.group.id,
      number: w.idea.number,
      body: "Something to hide.",
      parentId: null,
    });
    if (!result.ok) throw new Error("not added");
    db().update(schema.comments).set({ hiddenAt: Date.now() }).where(eq(schema.comments.id, result.value.id)).run();
    drainEvents();
    expect(notesOf(w.author).length).toBe(before);
    expect(db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.commentId, result.value.id)).all()).toHaveLength(0);
  });

  it("has words for every moderation notice and log entry in both languages", () => {
    const keys = [
      ...MODERATION_KINDS.filter((k) => k !== "moderationReport").map((k) => `moderation.notice.${k}`),
      "moderation.notice.moderationReport",
      "moderation.notice.moderationReport.one",
      ...["kept", "hidden", "editedOut"].map((o) => `moderation.notice.reportOutcome.${o}`),
      "moderation.notice.muted",
      "moderation.notice.mutedLifted",
      "moderation.notice.unmuted",
      ...MODERATION_ITEM_TYPES.flatMap((t) => [`moderation.notice.item.${t}`, `moderation.notice.itemBare.${t}`, `moderation.log.item.${t}`]),
      ...MODERATION_DECISIONS.map((d) => `moderation.log.action.${d}`),
      ...["mute", "unmute", "settings"].map((a) => `moderation.log.action.${a}`),
      ...MUTE_LENGTHS.map((l) => `moderation.log.mute.${l}`),
    ];
    for (const key of keys) {
      expect(isMessageKey(key), key).toBe(true);
      for (const locale of ["en", "fi"] as const)
        expect(t(locale, key, { item: "X", name: "N", number: 1, title: "T", count: 2, date: "d" }), `${locale} ${key}`).not.toBe(key);
    }
    expect(t("en", "moderation.notice.moderationReport", { item: t("en", "moderation.notice.item.comment", { number: 12, title: "Title" }), count: 3 })).toBe(
      "3 reports on a comment on #12 “Title”: waiting for a moderator",
    );
    expect(t("en", "moderation.log.mute.1w", { name: "Emma" })).toBe("Emma for 1 week");
  });
});
