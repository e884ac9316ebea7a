import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/commands/command.server";
import type { GroupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { MODERATION_ITEM_TYPES, MODERATION_REASON_MAX, type GroupRole, type ModerationItemType, type OrgRole } from "~/domain/constants";
import type { Conn } from "~/models/types";
import { multiLine } from "~/schemas/fields";
import type { ItemRef } from "./cases.server";
import type { Person } from "./rules";

/**
 * The four kinds of item a person can report and a moderator can hide, read one way: an idea, a comment, an update
 * (group_posts) and a member's introduction (memberships.intro, item id = the member's user id). Commands re-read
 * the item with loadItem inside their transaction and hide or restore it with setHidden; the counters follow by
 * triggers (ideas and comments: `listed`).
 */

export type ItemAuthor = { id: string; name: string; orgRole: OrgRole; groupRole: GroupRole | null };

export type LoadedItem = ItemRef & {
  groupId: string;
  authorId: string | null;
  author: ItemAuthor | null;
  /** The idea's or the update's title; null for comments and introductions. */
  title: string | null;
  body: string;
  /** The idea the item is (idea) or is on (comment); null for updates and introductions. */
  ideaId: number | null;
  ideaNumber: number | null;
  ideaTitle: string | null;
  /** A comment's parent comment (replies). */
  parentId: number | null;
  hiddenAt: number | null;
  hiddenBy: string | null;
  hiddenReason: string | null;
  heldAt: number | null;
  erasedAt: number | null;
  /** Deleted, withdrawn, merged or erased (or its idea is): not reportable, nothing to decide on. */
  gone: boolean;
};

const isNumericId = (id: string) => /^[1-9][0-9]{0,15}$/.test(id);

function authorOf(tx: Conn, groupId: string, authorId: string | null): ItemAuthor | null {
  if (!authorId) return null;
  const row = tx
    .select({ id: schema.users.id, name: schema.users.name, orgRole: schema.users.role, groupRole: schema.memberships.role, state: schema.memberships.state })
    .from(schema.users)
    .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, schema.users.id)))
    .where(eq(schema.users.id, authorId))
    .get();
  if (!row) return null;
  return { id: row.id, name: row.name, orgRole: row.orgRole, groupRole: row.state === "active" ? (row.groupRole ?? null) : null };
}

const ideaGone = (i: { withdrawnAt: number | null; status: string; erasedAt: number | null }) =>
  i.withdrawnAt !== null || i.status === "merged" || i.erasedAt !== null;

/** The item in the group, or null when there is none there (another group's item is null too). */
export function loadItem(tx: Conn, groupId: string, ref: ItemRef): LoadedItem | null {
  const base = { itemType: ref.itemType, itemId: ref.itemId, groupId };
  switch (ref.itemType) {
    case "idea": {
      if (!isNumericId(ref.itemId)) return null;
      const i = tx
        .select()
        .from(schema.ideas)
        .where(and(eq(schema.ideas.id, Number(ref.itemId)), eq(schema.ideas.groupId, groupId)))
        .get();
      if (!i) return null;
      return {
        ...base,
        authorId: i.authorId,
        author: authorOf(tx, groupId, i.authorId),
        title: i.title,
        body: i.body,
        ideaId: i.id,
        ideaNumber: i.number,
        ideaTitle: i.title,
        parentId: null,
        hiddenAt: i.hiddenAt,
        hiddenBy: i.hiddenBy,
        hiddenReason: i.hiddenReason,
        heldAt: i.heldAt,
        erasedAt: i.erasedAt,
        gone: ideaGone(i),
      };
    }
    case "comment": {
      if (!isNumericId(ref.itemId)) return null;
      const row = tx
        .select({
          c: schema.comments,
          idea: {
            id: schema.ideas.id,
            number: schema.ideas.number,
            title: schema.ideas.title,
            status: schema.ideas.status,
            withdrawnAt: schema.ideas.withdrawnAt,
            erasedAt: schema.ideas.erasedAt,
          },
        })
        .from(schema.comments)
        .innerJoin(schema.ideas, eq(schema.ideas.id, schema.comments.ideaId))
        .where(and(eq(schema.comments.id, Number(ref.itemId)), eq(schema.comments.groupId, groupId), eq(schema.ideas.groupId, groupId)))
        .get();
      if (!row) return null;
      const { c, idea } = row;
      return {
        ...base,
        authorId: c.authorId,
        author: authorOf(tx, groupId, c.authorId),
        title: null,
        body: c.body,
        ideaId: idea.id,
        ideaNumber: idea.number,
        ideaTitle: idea.title,
        parentId: c.parentId,
        hiddenAt: c.hiddenAt,
        hiddenBy: c.hiddenBy,
        hiddenReason: c.hiddenReason,
        heldAt: c.heldAt,
        erasedAt: c.erasedAt,
        gone: c.deletedAt !== null || c.erasedAt !== null || ideaGone(idea),
      };
    }
    case "update": {
      const p = tx
        .select()
        .from(schema.groupPosts)
        .where(and(eq(schema.groupPosts.id, ref.itemId), eq(schema.groupPosts.groupId, groupId)))
        .get();
      if (!p) return null;
      return {
        ...base,
        authorId: p.authorId,
        author: authorOf(tx, groupId, p.authorId),
        title: p.title,
        body: p.body,
        ideaId: null,
        ideaNumber: null,
        ideaTitle: null,
        parentId: null,
        hiddenAt: p.hiddenAt,
        hiddenBy: p.hiddenBy,
        hiddenReason: p.hiddenReason,
        heldAt: null,
        erasedAt: null,
        gone: false,
      };
    }
    case "intro": {
      const m = tx
        .select()
        .from(schema.memberships)
        .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, ref.itemId)))
        .get();
      if (!m) return null;
      return {
        ...base,
        authorId: m.userId,
        author: authorOf(tx, groupId, m.userId),
        title: null,
        body: m.intro,
        ideaId: null,
        ideaNumber: null,
        ideaTitle: null,
        parentId: null,
        hiddenAt: m.introHiddenAt,
        hiddenBy: m.introHiddenBy,
        hiddenReason: m.introHiddenReason,
        heldAt: null,
        erasedAt: null,
        // An introduction of someone no longer in the group, or an empty one, is not shown anywhere.
        gone: m.state !== "active" || m.intro.trim() === "",
      };
    }
  }
}

export type Hiding = { at: number; by: string | null; reason: string | null };

/**
 * Hides the item (hidden_at, hidden_by, hidden_reason) or, with null, restores it. A plain UPDATE: the `listed`
 * columns and the counters built on them (boards.idea_count, groups.waiting_count, ideas.comment_count) follow in
 * the same statement.
 */
export function setHidden(tx: Conn, item: Pick<LoadedItem, "itemType" | "itemId" | "groupId">, hiding: Hiding | null): void {
  const h = { hiddenAt: hiding?.at ?? null, hiddenBy: hiding?.by ?? null, hiddenReason: hiding?.reason ?? null };
  switch (item.itemType) {
    case "idea":
      tx.update(schema.ideas)
        .set(h)
        .where(and(eq(schema.ideas.id, Number(item.itemId)), eq(schema.ideas.groupId, item.groupId)))
        .run();
      return;
    case "comment":
      tx.update(schema.comments)
        .set(h)
        .where(and(eq(schema.comments.id, Number(item.itemId)), eq(schema.comments.groupId, item.groupId)))
        .run();
      return;
    case "update":
      tx.update(schema.groupPosts)
        .set(h)
        .where(and(eq(schema.groupPosts.id, item.itemId), eq(schema.groupPosts.groupId, item.groupId)))
        .run();
      return;
    case "intro":
      tx.update(schema.memberships)
        .set({ introHiddenAt: h.hiddenAt, introHiddenBy: h.hiddenBy, introHiddenReason: h.hiddenReason })
        .where(and(eq(schema.memberships.groupId, item.groupId), eq(schema.memberships.userId, item.itemId)))
        .run();
      return;
  }
}

/** What the audit log names the item by: the idea's number and title (an update's title), and its author's name; never the text. */
export function auditDetailsOf(item: LoadedItem) {
  return { number: item.ideaNumber, title: item.itemType === "update" ? item.title : item.ideaTitle, authorName: item.author?.name ?? null };
}

export type { ModerationItemType };

// The inputs the moderation commands share.
export const groupIdInput = z.string().min(1).max(40);
export const itemTypeInput = z.enum(MODERATION_ITEM_TYPES);
/** An idea or comment id (digits), an update id or a user id: short, no control characters. */
export const itemIdInput = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
/** A reviewer's reason (the author sees it) or note: text of a few lines, bounded, no control characters. */
export const reasonInput = multiLine({
  min: 1,
  max: MODERATION_REASON_MAX,
  message: "moderation.decide.reasonTooLong",
  minMessage: "moderation.decide.reasonRequired",
});
export const optionalText = multiLine({ max: MODERATION_REASON_MAX, message: "moderation.decide.reasonTooLong" })
  .optional()
  .transform((v) => (v ? v : null));

/** The actor as moderation's rules see them in the group (groupRole only while an active member). */
export const personOf = (actor: Actor, scope: GroupScope): Person => ({
  id: actor.id,
  orgRole: actor.role,
  groupRole: scope.membership?.state === "active" ? scope.membership.role : null,
});
