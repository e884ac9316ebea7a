// Sign-in links are not in stored e-mail bodies (a placeholder is, the token is kept encrypted): these helpers
// give a test the e-mail as its recipient gets it, as the dispatcher renders it at send time.
import { LINK_TOKEN_PLACEHOLDER, openToken, withLinkToken } from "../../app/email/link-secret.server";
import { queryDb } from "./http";

/** The SESSION_SECRET of servers started by tests/support/server.ts. */
export const TEST_SERVER_SECRET = "test-secret-test-secret-test-secret-0123";

type Stored = { textBody: string; linkSecret: string | null; toAddress: string };

/** The text part as delivered. `secret` defaults to this process's SESSION_SECRET (integration tests). */
export function deliveredText(row: Stored, secret?: string, appUrl?: string): string {
  const token = row.linkSecret ? openToken(row.linkSecret, row.toAddress, secret) : null;
  if (row.linkSecret && !token) throw new Error(`the link of the e-mail to ${row.toAddress} does not decrypt`);
  return withLinkToken(row.textBody, token, appUrl);
}

/** The APP_URL a body's link was rendered with (a test server's differs from this process's). */
const appUrlOf = (body: string) => [...body.matchAll(new RegExp(`(\\S+?)(?:/reset-password\\?token=|/invite/)${LINK_TOKEN_PLACEHOLDER}`, "g"))].at(-1)?.[1];

/** The text of the newest e-mail to `to` in a test server's database, as delivered. */
export function deliveredTextIn(dbPath: string, to: string, secret = TEST_SERVER_SECRET): string {
  const [row] = queryDb<{ text_body: string; link_secret: string | null; to_address: string }>(
    dbPath,
    "SELECT text_body, link_secret, to_address FROM email_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1",
    to,
  );
  if (!row) throw new Error(`no e-mail to ${to}`);
  return deliveredText({ textBody: row.text_body, linkSecret: row.link_secret, toAddress: row.to_address }, secret, appUrlOf(row.text_body));
}
