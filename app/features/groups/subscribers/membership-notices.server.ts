import { eq } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { joinDecisionEmail } from "~/email/templates.server";
import { enqueueEmail } from "~/email/outbox.server";
import { env } from "~/env.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { findGroupById } from "~/models/group.server";
import { activeModeratorIds } from "~/models/membership.server";
import { notify } from "~/models/notification.server";
import { getOrgSettings } from "~/models/org.server";

/**
 * What members hear about their memberships, after the change committed: moderators of a new join request, the
 * requester of the decision (in-app and by e-mail, in their language), and a member of a new role or of being
 * removed. One recipient per event except the request, which goes to every active moderator as they are now.
 */
defineSubscriber({
  name: "groups.membership-notices",
  handles: ["member.join_requested", "join_request.decided", "member.role_changed", "member.removed"],
  handle(event, io) {
    const groupId = event.groupId!;
    switch (event.type) {
      case "member.join_requested": {
        const data = { name: event.payload.name };
        // The moderators as they are when the notice goes out (read once per event, not per step).
        return io.fanOut(() => activeModeratorIds(groupId).map((id) => ({ id })), {
          prepare: (batch) => batch,
          write: (_, recipients) => notify(db(), { userIds: recipients.map((r) => r.id), kind: "joinRequested", groupId, data, now: event.createdAt }),
        });
      }
      case "join_request.decided": {
        const { userId, approved, message } = event.payload;
        return io.fanOut([{ id: userId }], {
          // Rendered outside the write lock, in the requester's language as it is now.
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
              const url = approved ? `${env.APP_URL}/g/${group.slug}` : `${env.APP_URL}/`;
              return [
                {
                  id: r.id,
                  to: person.email,
                  email: joinDecisionEmail({
                    locale: person.locale ?? org.defaultLocale,
                    org: org.name,
                    name: person.name,
                    group: group.name,
                    approved,
                    message,
                    url,
                  }),
                },
              ];
            }),
          write(prepared) {
            for (const p of prepared) {
              enqueueEmail(db(), { kind: approved ? "join-approved" : "join-declined", to: p.to, email: p.email });
              notify(db(), {
                userIds: [p.id],
                kind: approved ? "joinApproved" : "joinDeclined",
                groupId,
                data: { message: message ?? "" },
                now: event.createdAt,
              });
            }
          },
        });
      }
      case "member.role_changed": {
        const data = { role: event.payload.to };
        return io.fanOut([{ id: event.payload.userId }], {
          prepare: (batch) => batch,
          write: (_, recipients) => notify(db(), { userIds: recipients.map((r) => r.id), kind: "roleChanged", groupId, data, now: event.createdAt }),
        });
      }
      case "member.removed": {
        // Someone banned before they ever joined (a request, an old exit) has no membership to be told about.
        if (!event.payload.wasActive) return "done";
        return io.fanOut([{ id: event.payload.userId }], {
          prepare: (batch) => batch,
          write: (_, recipients) => notify(db(), { userIds: recipients.map((r) => r.id), kind: "removed", groupId, data: {}, now: event.createdAt }),
        });
      }
    }
  },
});
