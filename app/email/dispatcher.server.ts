import { and, asc, eq, lte } from "drizzle-orm";
import nodemailer from "nodemailer";
import { db, schema } from "~/db.server";
import { startMaintenance } from "~/auth/maintenance.server";
import { env } from "~/env.server";
import { openToken, redactLinkToken, withLinkToken } from "./link-secret.server";

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
 *
 * A sign-in link's token is decrypted here and put into the message only on its way to the SMTP server; once
 * the server has taken it, the ciphertext is erased. The log gets the body with the link redacted: a logged
 * e-mail's link stays encrypted in the outbox, for an admin to reveal (audited) on the outbox page.
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
    const token = email.linkSecret ? openToken(email.linkSecret, email.toAddress) : null;
    if (email.linkSecret && token === null) {
      // Sent without its link the e-mail would be useless: a changed SESSION_SECRET (which also voids the token's
      // HMAC) or a damaged row. Whoever asked for it can ask again.
      db().update(schema.emailOutbox).set({ status: "failed", attempts: email.attempts + 1, lastError: "the link cannot be decrypted (was SESSION_SECRET changed?)", linkSecret: null }).where(where).run();
      log(`[outbox] email #${email.id} to ${email.toAddress} failed: its link cannot be decrypted`);
      result.failed++;
      continue;
    }
    if (!options.transport) {
      log(`[outbox] email #${email.id} to ${email.toAddress} (SMTP_URL not set, not sent)\nSubject: ${email.subject}\n\n${redactLinkToken(email.textBody)}`);
      db().update(schema.emailOutbox).set({ status: "logged", attempts: email.attempts + 1 }).where(where).run();
      result.logged++;
      continue;
    }
    try {
      await options.transport.sendMail({
        from: env.MAIL_FROM,
        to: email.toAddress,
        subject: email.subject,
        text: withLinkToken(email.textBody, token),
        html: withLinkToken(email.htmlBody, token),
        headers: email.headers,
      });
      db().update(schema.emailOutbox).set({ status: "sent", attempts: email.attempts + 1, sentAt: Date.now(), lastError: null, linkSecret: null }).where(where).run();
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

/**
 * Runs the dispatcher every interval, and the purge of expired rows (auth/maintenance.server.ts) on its own
 * timer: server.ts starts this one background job per process. Returns a stop function for both.
 */
export function startDispatcher(intervalMs = env.OUTBOX_INTERVAL_MS): () => void {
  const stopMaintenance = startMaintenance();
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
  return () => {
    clearInterval(timer);
    stopMaintenance();
  };
}
