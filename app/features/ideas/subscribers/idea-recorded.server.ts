import { db } from "~/db.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { notify, reachable } from "~/models/notification.server";

/**
 * The member hears that their words from the phone call or the event are now an idea they can follow (staff recorded
 * it for them), if they still see the group when this runs (they may have left since the commit).
 */
export const ideaRecorded = defineSubscriber({
  name: "ideas.recorded",
  handles: ["idea.submitted"],
  handle(event, io) {
    const p = event.payload;
    if (!p.recorded || !p.authorId || !event.groupId) return "done";
    const groupId = event.groupId;
    const recorded = p.recorded;
    const authorId = p.authorId;
    return io.fanOut(() => reachable(db(), groupId, [authorId]), {
      prepare: (batch) => batch,
      write: (_prepared, recipients) =>
        notify(db(), {
          userIds: recipients.map((r) => r.id),
          kind: "recorded",
          groupId,
          data: { name: recorded.byName, title: p.title, number: String(p.number), source: recorded.source },
          now: event.createdAt,
          ideaId: p.ideaId,
        }),
    });
  },
});
