// Demo moderation (issue 13): a reported comment waiting in the queue, a comment auto-hidden by three reports, a
// new member's first idea held for approval in a group that holds first posts, and a mute that has expired. Through
// the app's own commands where they exist (reports, mutes), so cases, reports, decisions, counters, the audit log
// and the moderators' notices are what real use produces; the held post is written as the hold would write it.
import { and, asc, eq, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { executeOrThrow } from "../../app/commands/command.server";
import { appendEvent } from "../../app/events/store.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import { ensureOpenCase } from "../../app/features/moderation/cases.server";
import { muteMember } from "../../app/features/moderation/commands/mute-member.server";
import { reportItem } from "../../app/features/moderation/commands/report-item.server";
import { activateMembership } from "../../app/models/membership.server";
import { uniqueHandle } from "../../app/models/user.server";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";

const DAY = 86_400_000;

export const DEMO_NEWCOMER = { email: "niina@demo.kaiku.test", name: "Niina Uusitalo", locale: "fi" as const };

export function seedModeration(db: Db): void {
  const user = (email: string) => db.select().from(schema.users).where(eq(schema.users.email, email)).get()!;
  const groupOf = (slug: string) => db.select().from(schema.groups).where(eq(schema.groups.slug, slug)).get()!;
  const mobile = groupOf("mobiilisovellus");
  const tickets = groupOf("lipunmyynti");
  const now = Date.now();

  // Two comments by ordinary members (not moderators, not staff) on different ideas of the mobile group.
  const comments = db.all<{ id: number; ideaId: number; authorId: string }>(sql`
    SELECT c.id, c.idea_id AS ideaId, c.author_id AS authorId FROM comments c
    JOIN ideas i ON i.id = c.idea_id JOIN users u ON u.id = c.author_id
    JOIN memberships m ON m.group_id = i.group_id AND m.user_id = u.id
    WHERE i.group_id = ${mobile.id} AND i.listed = 1 AND c.listed = 1 AND u.role = 'member' AND m.role = 'member' AND m.state = 'active'
    ORDER BY c.id`);
  const waiting = comments[0];
  const hidden = comments.find((c) => c.ideaId !== waiting?.ideaId && c.authorId !== waiting?.authorId);
  // Reporters: active ordinary members of the group, none the author of either comment.
  const reporters = db
    .select({ id: schema.users.id, email: schema.users.email })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(
      and(
        eq(schema.memberships.groupId, mobile.id),
        eq(schema.memberships.state, "active"),
        eq(schema.memberships.role, "member"),
        eq(schema.users.role, "member"),
      ),
    )
    .orderBy(asc(schema.users.email))
    .all()
    .filter((u) => u.id !== waiting?.authorId && u.id !== hidden?.authorId);
  const report = (email: string, itemId: number, reason: "spam" | "offensive" | "off_topic", note?: string) =>
    executeOrThrow(reportItem, user(email), { groupId: mobile.id, itemType: "comment", itemId: String(itemId), reason, ...(note ? { note } : {}) });
  if (waiting && reporters.length >= 1) report(reporters[0].email, waiting.id, "off_topic", "Tämä ei liity ideaan, vaan hinnoitteluun yleensä.");
  if (hidden && reporters.length >= 4) {
    report(reporters[1].email, hidden.id, "offensive");
    report(reporters[2].email, hidden.id, "offensive", "Name-calling another member.");
    report(reporters[3].email, hidden.id, "spam");
  }

  // A mute that has expired: a week in the tickets group, a month ago (the member has posted freely since).
  const moderator = user("member@demo.kaiku.test");
  const muted = db
    .select({ id: schema.users.id })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(
      and(
        eq(schema.memberships.groupId, mobile.id),
        eq(schema.memberships.state, "active"),
        eq(schema.memberships.role, "member"),
        eq(schema.users.role, "member"),
      ),
    )
    .orderBy(schema.users.email)
    .all()
    .find((u) => u.id !== moderator.id && !reporters.slice(0, 4).some((r) => r.id === u.id));
  const mutedAt = now - 30 * DAY;
  const moderatorOfMobile = db
    .select({ id: schema.memberships.userId })
    .from(schema.memberships)
    .where(and(eq(schema.memberships.groupId, mobile.id), eq(schema.memberships.role, "moderator"), eq(schema.memberships.state, "active")))
    .get();
  if (muted && moderatorOfMobile) {
    executeOrThrow(
      muteMember,
      user(db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, moderatorOfMobile.id)).get()!.email),
      {
        groupId: mobile.id,
        userId: muted.id,
        length: "1w",
        reason: "Toistuvia loukkaavia kommentteja toisista jäsenistä. / Repeated insults towards other members.",
      },
      { now: mutedAt },
    );
  }

  // A newcomer's first idea, held for a moderator's approval: the tickets group holds each new member's first post.
  db.update(schema.groups).set({ holdFirstPosts: 1 }).where(eq(schema.groups.id, tickets.id)).run();
  const passwordHash = user("member@demo.kaiku.test").passwordHash;
  db.insert(schema.users)
    .values({
      id: generateIdFromEntropySize(10),
      ...DEMO_NEWCOMER,
      role: "member",
      handle: uniqueHandle(db, DEMO_NEWCOMER.name),
      passwordHash,
      createdAt: now - 2 * DAY,
    })
    .run();
  const newcomer = user(DEMO_NEWCOMER.email);
  db.transaction((tx) => activateMembership(tx, { groupId: tickets.id, userId: newcomer.id, now: now - DAY }), { behavior: "immediate" });
  const board = db.select().from(schema.boards).where(eq(schema.boards.groupId, tickets.id)).orderBy(schema.boards.id).get()!;
  const idea = executeOrThrow(submitIdea, newcomer, {
    groupId: tickets.id,
    boardId: board.id,
    title: "Lippuautomaattiin kosketukseton maksu",
    body: "Asemien lippuautomaateissa pitäisi voida maksaa lähimaksulla ja puhelimella. Nyt jono kasvaa, kun kortin kanssa näpertää.",
  });
  const ideaId = idea.id;
  const row = db.select({ heldAt: schema.ideas.heldAt }).from(schema.ideas).where(eq(schema.ideas.id, ideaId)).get();
  if (row && row.heldAt === null) {
    // The hold as the submit command writes it once it holds first posts itself: held_at (the counters follow by
    // triggers), an open case of origin "held", and item.held for the moderators' notice.
    db.transaction(
      (tx) => {
        tx.update(schema.ideas).set({ heldAt: now }).where(eq(schema.ideas.id, ideaId)).run();
        const opened = ensureOpenCase(tx, { groupId: tickets.id, itemType: "idea", itemId: String(ideaId), authorId: newcomer.id, origin: "held", now });
        appendEvent(
          { type: "item.held", groupId: tickets.id, payload: { caseId: opened.row.id, itemType: "idea", itemId: String(ideaId), authorId: newcomer.id } },
          newcomer.id,
          now,
        );
      },
      { behavior: "immediate" },
    );
  }
  drainEvents();
}
