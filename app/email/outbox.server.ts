import { desc, eq, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import type { Conn } from "~/models/types";
import type { OutboxStatus } from "../../db/schema";
import { LINK_TOKEN_PLACEHOLDER, linkIn, openToken, sealToken } from "./link-secret.server";
import type { RenderedEmail } from "./templates.server";

/**
 * Queues an email inside the caller's transaction: it exists exactly when the change that caused it does.
 * An e-mail that carries a sign-in link is rendered with LINK_TOKEN_PLACEHOLDER in place of the token and
 * passes the token as `link`: it is stored encrypted, never in the body (see link-secret.server.ts).
 */
export function enqueueEmail(
  conn: Conn,
  input: { kind: string; to: string; email: RenderedEmail; headers?: Record<string, string>; link?: { token: string; expiresAt: number } },
): void {
  if (input.link) {
    const { text, html } = input.email;
    // The dispatcher puts the token only into the app's own link (see withLinkToken): a body without one would go
    // out with its link blanked.
    if (
      text.includes(input.link.token) ||
      html.includes(input.link.token) ||
      linkIn(text, LINK_TOKEN_PLACEHOLDER) === null ||
      linkIn(html, LINK_TOKEN_PLACEHOLDER) === null
    ) {
      throw new Error(`${input.kind} e-mail: render the link with LINK_TOKEN_PLACEHOLDER, not the token`);
    }
  }
  conn
    .insert(schema.emailOutbox)
    .values({
      kind: input.kind,
      toAddress: input.to,
      subject: input.email.subject,
      textBody: input.email.text,
      htmlBody: input.email.html,
      headers: input.headers ?? {},
      nextAttemptAt: Date.now(),
      linkSecret: input.link ? sealToken(input.link.token, input.to) : null,
      linkExpiresAt: input.link?.expiresAt ?? null,
    })
    .run();
}

export const OUTBOX_PAGE_SIZE = 50;

export function listOutbox({ page }: { page: number }) {
  const rows = db()
    .select()
    .from(schema.emailOutbox)
    .orderBy(desc(schema.emailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .all();
  const total =
    db()
      .select({ n: sql<number>`count(*)` })
      .from(schema.emailOutbox)
      .get()?.n ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) };
}

/** Only e-mails no SMTP server has taken: with SMTP configured a link reaches its recipient by mail. */
export const REVEALABLE: readonly OutboxStatus[] = ["logged", "failed"];

export function canRevealLink(row: { status: OutboxStatus; linkSecret: string | null; linkExpiresAt: number | null }, now = Date.now()): boolean {
  return row.linkSecret !== null && REVEALABLE.includes(row.status) && (row.linkExpiresAt ?? 0) > now;
}

/**
 * Decrypts the sign-in link of an e-mail that was logged instead of sent (no SMTP configured) or that failed,
 * so an admin can hand it over; every reveal is in the audit log with who, which e-mail and to whom.
 */
export function revealOutboxLink({ actorId, emailId, now = Date.now() }: { actorId: string; emailId: number; now?: number }): string | null {
  return db().transaction(
    (tx) => {
      const row = tx.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, emailId)).get();
      if (!row || !canRevealLink(row, now)) return null;
      const token = openToken(row.linkSecret!, row.toAddress);
      const link = token ? linkIn(row.textBody, token) : null;
      if (!link) return null;
      recordAudit(tx, { actorId, action: "outbox.reveal", targetType: "email", targetId: String(row.id), details: { email: row.toAddress, kind: row.kind } });
      return link;
    },
    { behavior: "immediate" },
  );
}
