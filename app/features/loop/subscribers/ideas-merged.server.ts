import { db } from "~/db.server";
import { mergedEmail } from "~/email/templates.server";
import { env } from "~/env.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { findGroupById } from "~/models/group.server";
import { insertEmails, notify, prepareEmails, wantsEmail, type PreparedEmail } from "~/models/notification.server";
import { getOrgSettings } from "~/models/org.server";
import { preparedOnce } from "~/models/statements.server";
import { withRelations, type CaringRecipient, type Relation } from "../queries/people-who-cared.server";

/**
 * Who cared about the merged idea A: its author and everyone whose vote or follow the merge recorded (A has none of
 * its own left by now; idea_merge_moves keeps every one of them, moved or not), the closest relation each.
 */
const audience = preparedOnce((c) =>
  c.prepare<{ mergeId: number; ideaId: number }, { userId: string; relation: Relation }>(
    `SELECT user_id AS userId, CASE min(rank) WHEN 0 THEN 'author' WHEN 1 THEN 'voter' ELSE 'follower' END AS relation
     FROM (
       SELECT author_id AS user_id, 0 AS rank FROM ideas WHERE id = @ideaId AND author_id IS NOT NULL
       UNION ALL SELECT user_id, CASE kind WHEN 'vote' THEN 1 ELSE 2 END FROM idea_merge_moves WHERE merge_id = @mergeId
     )
     GROUP BY user_id`,
  ),
);

/**
 * Tells A's author, voters and followers (each once, never the actor, only people who still see the group) that
 * A was merged into B, where their votes now are: a notification leading to B's "merged in" line, and an e-mail
 * to those who keep status e-mails on. After the merge's commit, in io.fanOut's steps (rendered in `prepare`).
 */
export const ideasMerged = defineSubscriber({
  name: "loop.ideas-merged",
  handles: ["ideas.merged"],
  handle(event, io) {
    const group = event.groupId ? findGroupById(event.groupId) : null;
    if (!group) return "done";
    const p = event.payload;
    const url = `${env.APP_URL}/g/${group.slug}/ideas/${p.intoNumber}`;
    const data = { name: p.actorName, title: p.fromTitle, number: String(p.intoNumber), intoTitle: p.intoTitle, eventId: String(p.mergedInEventId) };
    const recipients = () =>
      withRelations(
        db(),
        group.id,
        new Map(
          audience()
            .all({ mergeId: p.mergeId, ideaId: p.fromIdeaId })
            .map((r) => [r.userId, r.relation]),
        ),
        event.actorId,
      );
    return io.fanOut(recipients, {
      prepare(batch: CaringRecipient[]) {
        const org = getOrgSettings();
        return prepareEmails({
          recipients: batch.filter((r) => wantsEmail(r, "status")),
          kind: "merged",
          emailKind: "status",
          ideaId: p.intoIdeaId,
          render: (r, unsubscribeUrl) =>
            mergedEmail({
              locale: r.locale ?? org.defaultLocale,
              org: org.name,
              name: r.name,
              group: group.name,
              title: p.fromTitle,
              intoTitle: p.intoTitle,
              url,
              unsubscribeUrl,
              actor: p.actorName,
              response: p.response,
              relation: r.relation,
            }),
        });
      },
      write(emails: PreparedEmail[], batch) {
        notify(db(), { userIds: batch.map((r) => r.id), kind: "merged", groupId: group.id, data, now: event.createdAt, ideaId: p.intoIdeaId });
        insertEmails(emails);
      },
    });
  },
});
