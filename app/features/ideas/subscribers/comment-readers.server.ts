import { CAN_VIEW_GROUP_SQL } from "~/domain/visibility.server";
import { commentEmail, type RenderedEmail } from "~/email/templates.server";
import { unsubscribeHeaders, unsubscribeUrl, type EmailKind } from "~/email/unsubscribe.server";
import { env } from "~/env.server";
import type { StoredEvent } from "~/events/catalogue";
import { defineSubscriber } from "~/events/dispatcher.server";
import { mentionable } from "~/models/comment.server";
import { db } from "~/db.server";
import { findGroupById } from "~/models/group.server";
import { notify, notifyCommentReaders, reachable, type Recipient } from "~/models/notification.server";
import { getOrgSettings } from "~/models/org.server";
import { preparedOnce } from "~/models/statements.server";

/**
 * Who hears of a comment, after the commit (the command only records `comment.added` / `comment.edited`):
 *
 * - the people it @mentions, and for a reply the writer of the comment it answers unless the reply mentions them
 *   too: a notification each, and an e-mail for those who want mentions or replies by e-mail;
 * - for a new comment, then the idea's author and followers: one grouped, unread item per idea in the app
 *   (notifyCommentReaders) and an e-mail per comment for those who chose "at once" for new comments, saying
 *   whether it is their idea or one they follow.
 *
 * Each person is told about a comment once: comment_mentions remembers who was (mentioned or replied to), so
 * editing a mention out and back in, or into a reply, tells nobody twice, and a mentioned follower gets the
 * mention, not the follower item too. Never the writer, only people who can see the group when this runs.
 * One subscriber for both event types, so an edit is always handled after the comment it edits. A comment deleted
 * before the event is handled tells nobody (more).
 */

type Kind = "mentioned" | "replied" | "comment";
type Reader = Recipient & { kind: Kind; isAuthor: boolean };
type Prepared = { id: string; email: { to: string; subject: string; text: string; html: string; headers: string; kind: Kind } | null };

const statements = preparedOnce((c) => ({
  /**
   * The idea's author and those who followed it when the comment was written (followsUpTo), each once, who can see
   * the group now; never the writer, never someone the comment already told.
   */
  readers: c.prepare<
    { ideaId: number; groupId: string; writerId: string; commentId: number; followsUpTo: number; at: number },
    Recipient & { isAuthor: number }
  >(
    `SELECT u.id, u.name, u.email, u.locale, u.email_status AS emailStatus, u.email_replies AS emailReplies, u.email_mentions AS emailMentions,
       u.email_comments AS emailComments, r.is_author AS isAuthor
     FROM (
       SELECT user_id, max(is_author) AS is_author FROM (
         SELECT author_id AS user_id, 1 AS is_author FROM ideas WHERE id = @ideaId AND author_id IS NOT NULL
         UNION ALL SELECT user_id, 0 FROM follows WHERE idea_id = @ideaId AND rowid <= @followsUpTo
         -- Followers a merge committed after the comment (and before this ran) has moved away from the idea.
         UNION ALL SELECT mm.user_id, 0 FROM idea_merges g JOIN idea_merge_moves mm ON mm.merge_id = g.id
           WHERE g.from_idea_id = @ideaId AND g.created_at >= @at AND mm.kind = 'follow' AND mm.created_at <= @at
       ) GROUP BY user_id
     ) r
     JOIN users u ON u.id = r.user_id
     LEFT JOIN memberships m ON m.group_id = @groupId AND m.user_id = u.id
     WHERE u.id <> @writerId
       AND ${CAN_VIEW_GROUP_SQL}
       AND NOT EXISTS (SELECT 1 FROM comment_mentions cm WHERE cm.comment_id = @commentId AND cm.user_id = u.id)
     ORDER BY u.id`,
  ),
  live: c.prepare<[number], number>("SELECT 1 FROM comments WHERE id = ? AND listed = 1").pluck(),
  told: c.prepare<[number], { userId: string }>("SELECT user_id AS userId FROM comment_mentions WHERE comment_id = ?"),
  remember: c.prepare<[number, string]>("INSERT INTO comment_mentions (comment_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING"),
  outbox: c.prepare<[string, string, string, string, string, string, number, number, number]>(
    "INSERT INTO email_outbox (kind, to_address, subject, text_body, html_body, headers, next_attempt_at, idea_id, comment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ),
}));

const PREFERENCE: Record<Kind, { emailKind: EmailKind; wants: (r: Recipient) => boolean }> = {
  mentioned: { emailKind: "mentions", wants: (r) => r.emailMentions === "immediately" },
  replied: { emailKind: "replies", wants: (r) => r.emailReplies === "immediately" },
  comment: { emailKind: "comments", wants: (r) => r.emailComments === "immediately" },
};

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everyone this event may tell (mentions, the reply, then the idea's readers), each once; the dispatcher orders them by id. */
function readersOf(event: StoredEvent<"comment.added" | "comment.edited">): Reader[] {
  const writerId = event.actorId ?? "";
  const groupId = event.groupId!;
  const p = event.payload;
  const told = new Set(
    statements()
      .told.all(p.commentId)
      .map((r) => r.userId),
  );
  const mentionedIds = mentionable(db(), groupId, p.mentioned)
    .map((u) => u.id)
    .filter((id) => id !== writerId);
  // An edit tells only people the comment never told; a new comment has told nobody yet.
  const mentionIds = mentionedIds.filter((id) => !told.has(id) || event.type === "comment.added");
  const replyTo =
    event.type === "comment.added" && event.payload.replyTo && event.payload.replyTo !== writerId && !mentionedIds.includes(event.payload.replyTo)
      ? event.payload.replyTo
      : null;
  const direct = reachable(db(), groupId, mentionIds)
    .map((r): Reader => ({ ...r, kind: "mentioned", isAuthor: false }))
    .sort(byId);
  const reply = replyTo ? reachable(db(), groupId, [replyTo]).map((r): Reader => ({ ...r, kind: "replied", isAuthor: false })) : [];
  if (event.type !== "comment.added") return direct;
  const directIds = new Set([...mentionedIds, ...(replyTo ? [replyTo] : [])]);
  const readers = statements()
    .readers.all({ ideaId: p.ideaId, groupId, writerId, commentId: p.commentId, followsUpTo: event.payload.followsUpTo, at: event.createdAt })
    .filter((r) => !directIds.has(r.id))
    .map(({ isAuthor, ...r }): Reader => ({ ...r, kind: "comment", isAuthor: Boolean(isAuthor) }));
  return [...direct, ...reply, ...readers];
}

export const commentReaders = defineSubscriber({
  name: "ideas.comment-readers",
  handles: ["comment.added", "comment.edited"],
  handle(event, io) {
    const group = event.groupId ? findGroupById(event.groupId) : null;
    if (!group) return "done";
    const p = event.payload;
    // Deleted by its writer, hidden, held or erased by a moderator before everyone was told (the dispatcher may run seconds after the commit): nobody else
    // hears of it, and its text goes into no further e-mail. Asked on every step, so a deletion stops a fan-out too.
    if (!statements().live.get(p.commentId)) return "done";
    const org = getOrgSettings();
    const url = `${env.APP_URL}/g/${group.slug}/ideas/${p.number}?comment=${p.commentId}#comment-${p.commentId}`;
    const data = { name: p.authorName, title: p.title, number: String(p.number), commentId: String(p.commentId) };
    // The audience is computed once per event (the dispatcher keeps the rest between steps), not once per batch.
    return io.fanOut(() => readersOf(event), {
      // Rendering and the unsubscribe HMAC happen here, outside any transaction.
      prepare: (batch) =>
        batch.map((r): Prepared => {
          const preference = PREFERENCE[r.kind];
          if (!preference.wants(r)) return { id: r.id, email: null };
          const unsubscribe = unsubscribeUrl(r.id, preference.emailKind);
          const base = {
            locale: r.locale ?? org.defaultLocale,
            org: org.name,
            name: r.name,
            group: group.name,
            title: p.title,
            url,
            unsubscribeUrl: unsubscribe,
            writer: p.authorName,
            excerpt: p.excerpt,
          };
          const email: RenderedEmail =
            r.kind === "comment"
              ? commentEmail({ ...base, kind: "comment", relation: r.isAuthor ? "author" : "follower" })
              : commentEmail({ ...base, kind: r.kind });
          return {
            id: r.id,
            email: {
              to: r.email,
              subject: email.subject,
              text: email.text,
              html: email.html,
              headers: JSON.stringify(unsubscribeHeaders(unsubscribe)),
              kind: r.kind,
            },
          };
        }),
      write(prepared, recipients) {
        const s = statements();
        const send = new Set<string>();
        const kinds = new Map(recipients.map((r) => [r.id, r.kind]));
        const byKind: Record<Kind, string[]> = { mentioned: [], replied: [], comment: [] };
        for (const r of recipients) {
          // A mention is told once per comment, whatever edits come; the replied-to writer counts as told too.
          if (r.kind === "mentioned" && s.remember.run(p.commentId, r.id).changes === 0) continue;
          if (r.kind === "replied") s.remember.run(p.commentId, r.id);
          byKind[r.kind].push(r.id);
          send.add(r.id);
        }
        if (byKind.mentioned.length > 0)
          notify(db(), { userIds: byKind.mentioned, kind: "mentioned", groupId: group.id, data, ideaId: p.ideaId, commentId: p.commentId });
        if (byKind.replied.length > 0)
          notify(db(), { userIds: byKind.replied, kind: "replied", groupId: group.id, data, ideaId: p.ideaId, commentId: p.commentId });
        if (byKind.comment.length > 0) notifyCommentReaders({ userIds: byKind.comment, groupId: group.id, ideaId: p.ideaId, data, now: event.createdAt });
        const now = Date.now();
        for (const item of prepared) {
          if (!item.email || !send.has(item.id) || kinds.get(item.id) !== item.email.kind) continue;
          s.outbox.run(
            `notify-${item.email.kind}`,
            item.email.to,
            item.email.subject,
            item.email.text,
            item.email.html,
            item.email.headers,
            now,
            p.ideaId,
            p.commentId,
          );
        }
      },
    });
  },
});
