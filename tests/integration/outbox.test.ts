import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { MAX_ATTEMPTS, backoffMs, dispatchOutbox } from "../../app/email/dispatcher.server";
import { enqueueEmail } from "../../app/email/outbox.server";
import { passwordResetEmail } from "../../app/email/templates.server";
import { smtpReceiver } from "../support/smtp";

let rejectNext = 0;
const { received, transport } = smtpReceiver({
  onRcptTo(address, _session, callback) {
    if (rejectNext > 0) {
      rejectNext--;
      const err = new Error("Mailbox temporarily unavailable") as Error & { responseCode: number };
      err.responseCode = 451;
      return callback(err);
    }
    callback();
  },
});
const queue = (to: string) => {
  enqueueEmail(db(), {
    kind: "test",
    to,
    email: passwordResetEmail({ locale: "en", org: "Test Org", name: "Emma", url: "http://localhost/reset?token=abc" }),
    headers: { "X-Kaiku-Test": "1" },
  });
  return db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, to)).get()!;
};
const row = (id: number) => db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, id)).get()!;
const quiet = () => {};

describe("outbox dispatcher", () => {
  it("delivers pending emails over SMTP with text, HTML and headers, and marks them sent", async () => {
    const email = queue("emma@example.test");
    const result = await dispatchOutbox({ transport: transport(), log: quiet });
    expect(result.sent).toBe(1);
    expect(row(email.id)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    const got = received.find((r) => r.to.includes("emma@example.test"))!;
    expect(got.raw).toContain("Subject: Reset your Kaiku password");
    expect(got.raw).toContain("X-Kaiku-Test: 1");
    expect(got.raw).toContain("text/html");
    expect(got.raw).toContain("text/plain");
    // Nothing left to send.
    expect((await dispatchOutbox({ transport: transport(), log: quiet })).sent).toBe(0);
  });

  it("retries a failed send with backoff, then succeeds", async () => {
    const email = queue("retry@example.test");
    rejectNext = 1;
    const now = Date.now();
    const first = await dispatchOutbox({ transport: transport(), now, log: quiet });
    expect(first.failed).toBe(1);
    const after = row(email.id);
    expect(after).toMatchObject({ status: "pending", attempts: 1 });
    expect(after.lastError).toMatch(/451/);
    expect(after.nextAttemptAt).toBe(now + backoffMs(1));
    // Not due yet: nothing happens.
    expect((await dispatchOutbox({ transport: transport(), now: now + 1000, log: quiet })).sent).toBe(0);
    const second = await dispatchOutbox({ transport: transport(), now: now + backoffMs(1), log: quiet });
    expect(second.sent).toBe(1);
    expect(row(email.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives up after the maximum attempts and keeps the error", async () => {
    const email = queue("never@example.test");
    rejectNext = MAX_ATTEMPTS;
    let now = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await dispatchOutbox({ transport: transport(), now, log: quiet });
      now = row(email.id).nextAttemptAt;
    }
    expect(row(email.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(row(email.id).lastError).toMatch(/Mailbox temporarily unavailable/);
  });

  it("without SMTP, writes emails to the log and marks them logged", async () => {
    const email = queue("offline@example.test");
    const lines: string[] = [];
    await dispatchOutbox({ transport: null, log: (l) => lines.push(l) });
    expect(row(email.id).status).toBe("logged");
    expect(lines.join("\n")).toContain("offline@example.test");
    expect(lines.join("\n")).toContain("http://localhost/reset?token=abc");
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
});
