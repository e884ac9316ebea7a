// A real SMTP receiver on 127.0.0.1 for the outbox tests: every message it accepts, raw, with its recipients.
import nodemailer from "nodemailer";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

export type ReceivedMail = { to: string[]; raw: string };

/** Starts the receiver before the tests of the calling file or describe block and stops it after them. */
export function smtpReceiver(options: Pick<SMTPServerOptions, "onRcptTo"> = {}) {
  const received: ReceivedMail[] = [];
  let server: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      ...options,
      onData(stream, session, callback) {
        let raw = "";
        stream.on("data", (d) => (raw += d));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    received,
    transport: () => nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }),
  };
}
