import { eq } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { ModerationDecision, ModerationItemType } from "~/domain/constants";
import { enqueueEmail } from "~/email/outbox.server";
import { muteEmail } from "~/email/templates.server";
import { env } from "~/env.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { findGroupById } from "~/models/group.server";
import { activeModeratorIds } from "~/models/membership.server";
import { notify, reachable, type NotificationKind } from "~/models/notification.server";
import { getOrgSettings } from "~/models/org.server";
import { preparedOnce } from "~/models/statements.server";

/**
 * What moderation tells people, after the change committed (issue 13):
 * - the group's active moderators, of a new report or a held post: one unread notice per item and moderator,
 *   whose count and time a further report updates (never the reporter, never the item's author);
 * - each reporter whose report a decision closed, once, of the outcome (kept / hidden / edited);
 * - the author, of what was decided about their item (hidden with the reason, restored, edited out, approved,
 *   rejected with the reason, erased) and of an auto-hide pending review;
 * - a member, of a mute (in the app and by e-mail, transactional, in their language) and of its lifting.
 */

/** What a notice says about the item: never its text, only where it is (an idea's number and title). */
export type ItemFacts = { ideaId: number | null; commentId: number | null; number: number | null; title: string; name: string };

const statements = preparedOnce((c) => ({
  idea: c.prepare<[number], { ideaId: number; number: number; title: string }>("SELECT id AS ideaId, number, title FROM ideas WHERE id = ?"),
  comment: c.prepare<[number], { ideaId: number; number: number; title: string }>(
    "SELECT i.id AS ideaId, i.number, i.title FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.id = ?",
  ),
  update: c.prepare<[number], { title: string }>("SELECT title FROM group_posts WHERE id = ?"),
  user: c.prepare<[string], { name: string }>("SELECT name FROM users WHERE id = ?"),
  caseAutoHidden: c.prepare<[number], number | null>("SELECT auto_hidden_at FROM moderation_cases WHERE id = ?").pluck(),
  /** Bumps each moderator's unread notice about the item; returns whose were bumped. */
  bump: c.prepare<{ userIds: string; kind: string; itemKey: string; count: number; now: number }, { userId: string }>(
    `UPDATE notifications SET count = max(count, @count), created_at = @now
     WHERE user_id IN (SELECT value FROM json_each(@userIds)) AND kind = @kind AND read_at IS NULL AND json_extract(data, '$.itemKey') = @itemKey
     RETURNING user_id AS userId`,
  ),
  setCount: c.prepare<{ userIds: string; kind: string; itemKey: string; count: number }>(
    `UPDATE notifications SET count = @count
     WHERE user_id IN (SELECT value FROM json_each(@userIds)) AND kind = @kind AND read_at IS NULL AND json_extract(data, '$.itemKey') = @itemKey`,
  ),
}));

/** Where an item is, in words a notice can carry (nothing of its text): see ItemFacts. */
export function itemFacts(itemType: ModerationItemType, itemId: string): ItemFacts {
  const s = statements();
  const id = Number(itemId);
  if (itemType === "idea") {
    const idea = s.idea.get(id);
    return { ideaId: idea?.ideaId ?? null, commentId: null, number: idea?.number ?? null, title: idea?.title ?? "", name: "" };
  }
  if (itemType === "comment") {
    const idea = s.comment.get(id);
    return { ideaId: idea?.ideaId ?? null, commentId: idea ? id : null, number: idea?.number ?? null, title: idea?.title ?? "", name: "" };
  }
  if (itemType === "update") return { ideaId: null, commentId: null, number: null, title: s.update.get(id)?.title ?? "", name: "" };
  return { ideaId: null, commentId: null, number: null, title: "", name: s.user.get(itemId)?.name ?? "" };
}

const dataOf = (itemType: ModerationItemType, itemId: string, facts: ItemFacts, extra: Record<string, string> = {}) => ({
  itemType,
  itemId,
  itemKey: `${itemType}:${itemId}`,
  ...(facts.number !== null ? { number: String(facts.number) } : {}),
  ...(facts.commentId !== null ? { commentId: String(facts.commentId) } : {}),
  title: facts.title,
  name: facts.name,
  ...extra,
});

const AUTHOR_KIND: Partial<Record<ModerationDecision, NotificationKind>> = {
  hide: "itemHidden",
  restore: "itemRestored",
  edit_out: "itemEditedOut",
  approve: "itemApproved",
  reject: "itemRejected",
  delete: "itemErased",
};

/** What a reporter hears: the item stayed, was hidden (or erased), or had a part edited out. */
const outcomeOf = (decision: ModerationDecision): string | null =>
  decision === "keep"
    ? "kept"
    : decision === "hide" || decision === "delete" || decision === "reject"
      ? "hidden"
      : decision === "edit_out"
        ? "editedOut"
        : null;

defineSubscriber({
  name: "moderation.notices",
  handles: ["report.filed", "item.held", "item.auto_hidden", "moderation.decided", "member.muted", "member.unmuted"],
  handle(event, io) {
    const groupId = event.groupId!;
    switch (event.type) {
      case "report.filed":
      case "item.held": {
        const p = event.payload;
        const kind: NotificationKind = event.type === "report.filed" ? "moderationReport" : "moderationHeld";
        const count = event.type === "report.filed" ? event.payload.reportCount : 1;
        const authorId = event.type === "item.held" ? event.payload.authorId : null;
        const facts = itemFacts(p.itemType, p.itemId);
        const data = dataOf(p.itemType, p.itemId, facts);
        // The moderators as they are now; never the reporter or the author (they do not decide on it).
        return io.fanOut(
          () =>
            activeModeratorIds(groupId)
              .filter((id) => id !== event.actorId && id !== authorId)
              .map((id) => ({ id })),
          {
            prepare: (batch) => batch,
            write(_, recipients) {
              const s = statements();
              const ids = recipients.map((r) => r.id);
              const itemKey = data.itemKey;
              // Grouped: one unread notice per item and moderator, brought to the top by each new report.
              const bumped = new Set(s.bump.all({ userIds: JSON.stringify(ids), kind, itemKey, count, now: event.createdAt }).map((r) => r.userId));
              const fresh = ids.filter((id) => !bumped.has(id));
              if (fresh.length === 0) return;
              notify(db(), { userIds: fresh, kind, groupId, data, now: event.createdAt, ideaId: facts.ideaId, commentId: facts.commentId });
              if (count !== 1) s.setCount.run({ userIds: JSON.stringify(fresh), kind, itemKey, count });
            },
          },
        );
      }
      case "item.auto_hidden": {
        const p = event.payload;
        if (!p.authorId) return "done";
        const facts = itemFacts(p.itemType, p.itemId);
        const data = dataOf(p.itemType, p.itemId, facts);
        return io.fanOut(() => reachable(db(), groupId, [p.authorId!]), {
          prepare: (batch) => batch,
          write: (_, recipients) =>
            notify(db(), {
              userIds: recipients.map((r) => r.id),
              kind: "itemAutoHidden",
              groupId,
              data,
              now: event.createdAt,
              ideaId: facts.ideaId,
              commentId: facts.commentId,
            }),
        });
      }
      case "moderation.decided": {
        const p = event.payload;
        if (p.decision === "auto_hide") return "done";
        const facts = itemFacts(p.itemType, p.itemId);
        const outcome = outcomeOf(p.decision);
        // "keep" of an auto-hidden item puts it back: its author hears it is restored.
        const authorKind =
          p.decision === "keep" ? (p.caseId !== null && statements().caseAutoHidden.get(p.caseId) ? "itemRestored" : null) : (AUTHOR_KIND[p.decision] ?? null);
        type To = { id: string; kind: NotificationKind };
        const audience = (): To[] => [
          ...(authorKind && p.authorId && p.authorId !== event.actorId
            ? reachable(db(), groupId, [p.authorId]).map((r) => ({ id: r.id, kind: authorKind }))
            : []),
          ...(outcome
            ? reachable(
                db(),
                groupId,
                p.reporterIds.filter((id) => id !== p.authorId && id !== event.actorId),
              ).map((r): To => ({ id: r.id, kind: "reportOutcome" }))
            : []),
        ];
        return io.fanOut(audience, {
          prepare: (batch) => batch,
          write(_, recipients) {
            const authors = recipients.filter((r) => r.kind !== "reportOutcome").map((r) => r.id);
            const reporters = recipients.filter((r) => r.kind === "reportOutcome").map((r) => r.id);
            if (authorKind && authors.length > 0)
              notify(db(), {
                userIds: authors,
                kind: authorKind,
                groupId,
                data: dataOf(p.itemType, p.itemId, facts, p.reason ? { reason: p.reason } : {}),
                now: event.createdAt,
                ideaId: facts.ideaId,
                commentId: facts.commentId,
              });
            // The reporter's notice names the item only while it is there to see: a hidden one is "the item".
            if (outcome && reporters.length > 0)
              notify(db(), {
                userIds: reporters,
                kind: "reportOutcome",
                groupId,
                data:
                  outcome === "hidden"
                    ? { itemType: p.itemType, itemId: p.itemId, outcome, title: "", name: "" }
                    : dataOf(p.itemType, p.itemId, facts, { outcome }),
                now: event.createdAt,
                // A kept item's notice leaves the list if the item is hidden later; a hidden one's names nothing.
                ideaId: outcome === "hidden" ? null : facts.ideaId,
                commentId: outcome === "hidden" ? null : facts.commentId,
              });
          },
        });
      }
      case "member.muted": {
        const p = event.payload;
        return io.fanOut([{ id: p.userId }], {
          // Rendered outside the write lock, in the member's language as it is now.
          prepare: (batch) =>
            batch.flatMap((r) => {
              const person = db()
                .select({ name: schema.users.name, email: schema.users.email, locale: schema.users.locale })
                .from(schema.users)
                .where(eq(schema.users.id, r.id))
                .get();
              const group = findGroupById(groupId);
              if (!person || !group) return [];
              const org = getOrgSettings();
              return [
                {
                  id: r.id,
                  to: person.email,
                  email: muteEmail({
                    locale: person.locale ?? org.defaultLocale,
                    org: org.name,
                    name: person.name,
                    group: group.name,
                    reason: p.reason,
                    endsAt: p.endsAt,
                    timeZone: org.timeZone,
                    url: `${env.APP_URL}/g/${group.slug}`,
                  }),
                },
              ];
            }),
          write(prepared) {
            for (const m of prepared) {
              enqueueEmail(db(), { kind: "moderation-muted", to: m.to, email: m.email });
              notify(db(), {
                userIds: [m.id],
                kind: "muted",
                groupId,
                data: { reason: p.reason, until: p.endsAt === null ? "" : String(p.endsAt), name: p.actorName },
                now: event.createdAt,
              });
            }
          },
        });
      }
      case "member.unmuted": {
        const p = event.payload;
        return io.fanOut([{ id: p.userId }], {
          prepare: (batch) => batch,
          write: (_, recipients) =>
            notify(db(), { userIds: recipients.map((r) => r.id), kind: "unmuted", groupId, data: { name: p.actorName }, now: event.createdAt }),
        });
      }
    }
  },
});
