import { db } from "~/db.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { notify, reachable } from "~/models/notification.server";
import { preparedOnce } from "~/models/statements.server";

const authorOf = preparedOnce((c) => c.prepare<[number], { authorId: string | null }>("SELECT author_id AS authorId FROM ideas WHERE id = ?"));

/**
 * After a merge is undone only A's author is told, in the app: the merge told everyone their idea had gone, and
 * it is back, but a second round of notices and e-mails to every voter and follower would be noise about a
 * correction (their votes are simply where they were). The author is the one who would otherwise think their idea
 * was taken. Not when the author undid it themselves, nor when they no longer see the group.
 */
export const ideaUnmerged = defineSubscriber({
  name: "loop.idea-unmerged",
  handles: ["ideas.unmerged"],
  handle(event, io) {
    const groupId = event.groupId;
    if (!groupId) return "done";
    const p = event.payload;
    const authorId = authorOf().get(p.ideaId)?.authorId ?? null;
    const recipients = authorId && authorId !== event.actorId ? reachable(db(), groupId, [authorId]) : [];
    return io.fanOut(recipients, {
      prepare: (batch) => batch,
      write(_prepared, batch) {
        notify(db(), {
          userIds: batch.map((r) => r.id),
          kind: "status",
          groupId,
          data: { name: p.actorName, title: p.title, number: String(p.number), from: "merged", status: p.status, eventId: String(p.ideaEventId) },
          now: event.createdAt,
          ideaId: p.ideaId,
        });
      },
    });
  },
});
