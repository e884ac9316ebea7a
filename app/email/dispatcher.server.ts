import { and, asc, eq, lte } from "drizzle-orm";
import nodemailer from "nodemailer";
import { db, schema } from "~/db.server";
import { env } from "~/env.server";

export type Transport = { sendMail(message: nodemailer.SendMailOptions): Promise<unknown> };

export const MAX_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function createTransport(): Transport | null {
  return env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
}

/**
 * Sends the emails that are due. Without a transport they are written to the log and marked "logged", so the
 * demo works offline and the admin outbox page still shows them. One dispatcher runs per process.
 */
export async function dispatchOutbox(options: { transport: Transport | null; now?: number; batch?: number; log?: (line: string) => void }): Promise<{ sent: number; failed: number; logged: number }> {
  const now = options.now ?? Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const due = db()
    .select()
    .from(schema.emailOutbox)
    .where(and(eq(schema.emailOutbox.status, "pending"), lte(schema.emailOutbox.nextAttemptAt, now)))
    .orderBy(asc(schema.emailOutbox.nextAttemptAt), asc(schema.emailOutbox.id))
    .limit(options.batch ?? 20)
    .all();
  const result = { sent: 0, failed: 0, logged: 0 };
  for (const email of due) {
    const where = eq(schema.emailOutbox.id, email.id);
    if (!options.transport) {
      log(`[outbox] email #${email.id} to ${email.toAddress} (SMTP_URL not set, not sent)\nSubject: ${email.subject}\n\n${email.textBody}`);
      db().update(schema.emailOutbox).set({ status: "logged", attempts: email.attempts + 1 }).where(where).run();
      result.logged++;
      continue;
    }
    try {
      await options.transport.sendMail({
        from: env.MAIL_FROM,
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
        headers: email.headers,
      });
      db().update(schema.emailOutbox).set({ status: "sent", attempts: email.attempts + 1, sentAt: Date.now(), lastError: null }).where(where).run();
      result.sent++;
    } catch (error) {
      const attempts = email.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempts >= MAX_ATTEMPTS;
      db()
        .update(schema.emailOutbox)
        .set({ attempts, lastError: message.slice(0, 1000), status: giveUp ? "failed" : "pending", nextAttemptAt: now + backoffMs(attempts) })
        .where(where)
        .run();
      log(`[outbox] email #${email.id} to ${email.toAddress} failed (attempt ${attempts}${giveUp ? ", giving up" : ""}): ${message}`);
      result.failed++;
    }
  }
  return result;
}

/** Runs the dispatcher every interval; returns a stop function. */
export function startDispatcher(intervalMs = env.OUTBOX_INTERVAL_MS): () => void {
  const transport = createTransport();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dispatchOutbox({ transport })
      .catch((error) => console.error("[outbox] dispatcher error", error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
