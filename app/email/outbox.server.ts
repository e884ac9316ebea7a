import { desc, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { Conn } from "~/models/types";
import type { RenderedEmail } from "./templates.server";

/** Queues an email inside the caller's transaction: it exists exactly when the change that caused it does. */
export function enqueueEmail(conn: Conn, input: { kind: string; to: string; email: RenderedEmail; headers?: Record<string, string> }): void {
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
  const total = db().select({ n: sql<number>`count(*)` }).from(schema.emailOutbox).get()?.n ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) };
}
