import { and, asc, eq, lte } from "drizzle-orm";
import nodemailer from "nodemailer";
import { db, schema } from "~/db.server";
import { startMaintenance } from "~/auth/maintenance.server";
import { kickPrimaryDispatcher, onDispatcherIdle } from "~/events/dispatcher.server";
import "~/events/subscribers.server";
import { env } from "~/env.server";
import { MODERATED_SQL } from "~/domain/predicates";
import { preparedOnce } from "~/models/statements.server";
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

// The two updates every e-mail gets, prepared once: after a fan-out thousands are sent in a row, on the event loop
// that answers pages.
const outboxStatements = preparedOnce((c) => ({
  logged: c.prepare<[number, number]>("UPDATE email_outbox SET status = 'logged', attempts = ? WHERE id = ?"),
  sent: c.prepare<[number, number, number]>(
    "UPDATE email_outbox SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL, link_secret = NULL WHERE id = ?",
  ),
  // An e-mail about an idea or comment a moderator has hidden (or held, or staff erased) since it was queued.
  moderatedAway: c
    .prepare<{ ideaId: number | null; commentId: number | null }, number>(
      `SELECT EXISTS (SELECT 1 FROM ideas WHERE id = @ideaId AND ${MODERATED_SQL}) OR EXISTS (SELECT 1 FROM comments WHERE id = @commentId AND ${MODERATED_SQL})`,
    )
    .pluck(),
  withheld: c.prepare<[number]>("UPDATE email_outbox SET status = 'withheld', link_secret = NULL WHERE id = ? AND status = 'pending'"),
}));

/**
 * Sends the emails that are due. Without a transport they are written to the log and marked "logged", so the
 * demo works offline and the admin outbox page still shows them. One dispatcher runs per process.
 *
 * A sign-in link's token is decrypted here and put into the message only on its way to the SMTP server; once
 * the server has taken it, the ciphertext is erased. The log gets the body with the link redacted: a logged
 * e-mail's link stays encrypted in the outbox, for an admin to reveal (audited) on the outbox page.
 */
export async function dispatchOutbox(options: {
  transport: Transport | null;
  now?: number;
  batch?: number;
  log?: (line: string) => void;
}): Promise<{ sent: number; failed: number; logged: number }> {
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
    if ((email.ideaId !== null || email.commentId !== null) && outboxStatements().moderatedAway.get({ ideaId: email.ideaId, commentId: email.commentId })) {
      // Hidden content goes into no e-mail that has not left yet: kept in the outbox as "withheld", never sent.
      outboxStatements().withheld.run(email.id);
      log(`[outbox] email #${email.id} to ${email.toAddress} withheld: its idea or comment was moderated away`);
      continue;
    }
    const token = email.linkSecret ? openToken(email.linkSecret, email.toAddress) : null;
    if (email.linkSecret && token === null) {
      // Sent without its link the e-mail would be useless: a changed SESSION_SECRET (which also voids the token's
      // HMAC) or a damaged row. Whoever asked for it can ask again.
      db()
        .update(schema.emailOutbox)
        .set({ status: "failed", attempts: email.attempts + 1, lastError: "the link cannot be decrypted (was SESSION_SECRET changed?)", linkSecret: null })
        .where(where)
        .run();
      log(`[outbox] email #${email.id} to ${email.toAddress} failed: its link cannot be decrypted`);
      result.failed++;
      continue;
    }
    if (!options.transport) {
      log(`[outbox] email #${email.id} to ${email.toAddress} (SMTP_URL not set, not sent)\nSubject: ${email.subject}\n\n${redactLinkToken(email.textBody)}`);
      outboxStatements().logged.run(email.attempts + 1, email.id);
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
      outboxStatements().sent.run(email.attempts + 1, Date.now(), email.id);
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

/** E-mails per outbox run while a fan-out's e-mails wait: a run is short, and the next follows soon. */
const OUTBOX_BATCH = 50;

/**
 * The process's one background job, started by server.ts: on every interval it steps the domain events (a
 * subscriber retrying, events written by another process such as a seed) and sends the e-mails that are due; the
 * purge of expired rows (auth/maintenance.server.ts) has its own timer. Commits kick the events themselves
 * (kickDispatcher), and when the events have been worked through the outbox runs at once, batch after batch with a
 * yield between, so the e-mails of a fan-out go out soon after it instead of 20 per interval. Returns a stop
 * function for all of it.
 */
export function startDispatcher(intervalMs = env.OUTBOX_INTERVAL_MS): () => void {
  const stopMaintenance = startMaintenance();
  const transport = createTransport();
  let running = false;
  let again = false;
  let stopped = false;
  const sendDue = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    const started = performance.now();
    dispatchOutbox({ transport, batch: OUTBOX_BATCH })
      .then((result) => {
        // A full batch: more may be due. Yield to the event loop first, so pages are answered between batches.
        if (result.sent + result.failed + result.logged >= OUTBOX_BATCH) again = true;
      })
      .catch((error) => console.error("[outbox] dispatcher error", error))
      .finally(() => {
        running = false;
        // Three times as long as the batch took: sending 10,000 e-mails takes a quarter of the server's time.
        if (again) setTimeout(sendDue, Math.max(5, Math.round(3 * (performance.now() - started)))).unref();
      });
  };
  const stopIdle = onDispatcherIdle(sendDue);
  const timer = setInterval(() => {
    kickPrimaryDispatcher();
    sendDue();
  }, intervalMs);
  timer.unref();
  // Events committed while no process was running (or by a crashed one) are handled at start.
  kickPrimaryDispatcher();
  return () => {
    stopped = true;
    clearInterval(timer);
    stopIdle();
    stopMaintenance();
  };
}
