import { inArray } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { LINK_TOKEN_PLACEHOLDER, linkIn } from "~/email/link-secret.server";
import { invitationEmail, type RenderedEmail } from "~/email/templates.server";
import { defineSubscriber } from "~/events/dispatcher.server";
import { findGroupById } from "~/models/group.server";
import { invitationLink } from "~/models/invitation.server";
import { getOrgSettings } from "~/models/org.server";
import { preparedOnce } from "~/models/statements.server";

// The sealed token goes into the outbox row as it is: the body has only the placeholder (app/email/link-secret.server.ts).
const insertEmail = preparedOnce((c) =>
  c.prepare<[string, string, string, string, string, number, string, number]>(
    "INSERT INTO email_outbox (kind, to_address, subject, text_body, html_body, headers, next_attempt_at, link_secret, link_expires_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?)",
  ),
);

/**
 * Once an invitation's e-mail row holds its sealed token, the log's copy goes: the outbox erases its own copy when
 * the e-mail is sent (or its link expires), and a copy kept in the event log would outlive it as a working link
 * for whoever has the database and SESSION_SECRET. Rewritten in the step's transaction, next to the delivery keys:
 * an invitation whose key exists never needs its token again (a restart leaves the delivered ones out).
 */
const eventPayload = preparedOnce((c) => ({
  get: c.prepare<[number], string>("SELECT payload FROM domain_events WHERE id = ?").pluck(),
  set: c.prepare<[string, number]>("UPDATE domain_events SET payload = ? WHERE id = ?"),
}));

function forgetTokens(eventId: number, invitationIds: Set<string>) {
  const stored = eventPayload().get.get(eventId);
  if (!stored) return;
  const payload = JSON.parse(stored) as { invitations: { id: string; sealedToken: string }[] };
  let changed = false;
  for (const inv of payload.invitations)
    if (invitationIds.has(inv.id) && inv.sealedToken !== "") {
      inv.sealedToken = "";
      changed = true;
    }
  if (changed) eventPayload().set.run(JSON.stringify(payload), eventId);
}

/**
 * The invitation e-mails of a batch (or a resend): one per invitation, in the language of the account the address
 * already has (the organisation's default otherwise), rendered outside the write lock, written with the sealed
 * link token the command put in the event, which is then erased from the log (forgetTokens).
 */
defineSubscriber({
  name: "groups.invitation-emails",
  handles: ["invitations.sent"],
  handle(event, io) {
    const { inviterName, message, invitations } = event.payload;
    return io.fanOut(invitations, {
      prepare(batch) {
        const group = findGroupById(event.groupId!);
        if (!group) return [];
        const org = getOrgSettings();
        const accounts = new Map(
          db()
            .select({ email: schema.users.email, name: schema.users.name, locale: schema.users.locale })
            .from(schema.users)
            .where(
              inArray(
                schema.users.email,
                batch.map((i) => i.email),
              ),
            )
            .all()
            .map((a) => [a.email, a]),
        );
        return batch.map((inv) => {
          const account = accounts.get(inv.email);
          const email: RenderedEmail = invitationEmail({
            locale: account?.locale ?? org.defaultLocale,
            org: org.name,
            name: account?.name ?? inv.name ?? null,
            inviter: inviterName,
            group: group.name,
            message,
            url: invitationLink(LINK_TOKEN_PLACEHOLDER),
            expiresAt: inv.expiresAt,
            timeZone: org.timeZone,
          });
          // The dispatcher puts the token only into the app's own link: a body without one would go out blanked.
          if (linkIn(email.text, LINK_TOKEN_PLACEHOLDER) === null || linkIn(email.html, LINK_TOKEN_PLACEHOLDER) === null)
            throw new Error("invitation e-mail: render the link with LINK_TOKEN_PLACEHOLDER");
          return { id: inv.id, inv, email };
        });
      },
      write(prepared, recipients) {
        const insert = insertEmail();
        const now = Date.now();
        for (const { inv, email } of prepared)
          insert.run("group-invitation", inv.email, email.subject, email.text, email.html, now, inv.sealedToken, inv.expiresAt);
        forgetTokens(event.id, new Set(recipients.map((r) => r.id)));
      },
    });
  },
});
