import type { IdeaStatus } from "~/domain/constants";
import { statusEmail } from "~/email/templates.server";
import { env } from "~/env.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { translate } from "~/i18n";
import { findGroupById } from "~/models/group.server";
import { insertEmails, notify, prepareEmails, wantsEmail, type PreparedEmail } from "~/models/notification.server";
import { getOrgSettings } from "~/models/org.server";
import { db } from "~/db.server";
import { preparedOnce } from "~/models/statements.server";
import { peopleWhoCared, withRelations, type CaringRecipient, type Relation } from "../queries/people-who-cared.server";

/**
 * Who had voted for or followed the idea when its status changed and has since been moved away by a merge made
 * after the change (idea_merge_moves keeps every one, moved or not): the merge can commit before this subscriber
 * runs, and the idea's own votes and follows are gone by then.
 */
const movedAway = preparedOnce((c) =>
  c.prepare<{ ideaId: number; at: number }, { userId: string; rank: number }>(
    `SELECT mm.user_id AS userId, min(CASE mm.kind WHEN 'vote' THEN 1 ELSE 2 END) AS rank
     FROM idea_merges g JOIN idea_merge_moves mm ON mm.merge_id = g.id
     WHERE g.from_idea_id = @ideaId AND g.created_at >= @at AND mm.created_at <= @at
     GROUP BY mm.user_id`,
  ),
);
const RANK: Record<Relation, number> = { author: 0, voter: 1, follower: 2 };

/** peopleWhoCared as it was at the change: with those a later merge has moved away from the idea. */
function audienceOf(groupId: string, ideaId: number, at: number, actorId: string | null): CaringRecipient[] {
  const now = peopleWhoCared(db(), groupId, ideaId, actorId);
  const moved = movedAway().all({ ideaId, at });
  if (moved.length === 0) return now;
  const relations = new Map<string, Relation>(now.map((r) => [r.id, r.relation]));
  for (const m of moved) {
    const relation: Relation = m.rank === 1 ? "voter" : "follower";
    const known = relations.get(m.userId);
    if (!known || RANK[relation] < RANK[known]) relations.set(m.userId, relation);
  }
  return withRelations(db(), groupId, relations, actorId);
}

/**
 * Tells everyone who cared about an idea (its author, voters and followers, each once, never the actor, only
 * people who can still see the group) that staff changed its status or responded: a notification each, and an
 * e-mail in their own language, with the unsubscribe link and headers, to those who keep status e-mails on (the
 * default).
 *
 * Runs after the change's commit, in steps of DEFAULT_BATCH recipients (io.fanOut): the e-mails are rendered
 * and their unsubscribe links signed in `prepare`, outside any transaction; `write` inserts the batch's
 * notifications and e-mails with prepared multi-row statements in one short transaction, with the batch's
 * delivery keys, so nobody is told twice or missed across a crash. The audience is read once per event (when the
 * first step runs), in user-id order, as it was at the change: a merge committed before this runs has moved the
 * idea's votes and follows away, and their people are still told (audienceOf).
 */
export const statusChanged = defineSubscriber({
  name: "loop.status-changed",
  handles: ["idea.status_changed"],
  handle(event, io) {
    const group = event.groupId ? findGroupById(event.groupId) : null;
    if (!group) return "done";
    const p = event.payload;
    const url = `${env.APP_URL}/g/${group.slug}/ideas/${p.number}#event-${p.ideaEventId}`;
    const data = { name: p.actorName, title: p.title, number: String(p.number), from: p.from, status: p.to, eventId: String(p.ideaEventId) };
    return io.fanOut(() => audienceOf(group.id, p.ideaId, event.createdAt, event.actorId), {
      prepare(batch: CaringRecipient[]) {
        const org = getOrgSettings();
        return prepareEmails({
          recipients: batch.filter((r) => wantsEmail(r, "status")),
          kind: "status",
          emailKind: "status",
          ideaId: p.ideaId,
          render: (r, unsubscribeUrl) => {
            const locale = r.locale ?? org.defaultLocale;
            const status = (s: IdeaStatus) => translate(locale, `ideas.status.${s}`);
            return statusEmail({
              locale,
              org: org.name,
              name: r.name,
              group: group.name,
              title: p.title,
              url,
              unsubscribeUrl,
              actor: p.actorName,
              from: status(p.from),
              to: status(p.to),
              response: p.response,
              relation: r.relation,
            });
          },
        });
      },
      write(emails: PreparedEmail[], recipients) {
        // The notification carries the change's time, not the time this step ran.
        notify(db(), { userIds: recipients.map((r) => r.id), kind: "status", groupId: group.id, data, now: event.createdAt, ideaId: p.ideaId });
        insertEmails(emails);
      },
    });
  },
});
