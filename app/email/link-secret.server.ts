import crypto from "node:crypto";
import { env } from "~/env.server";

/**
 * Sign-in links (password reset, account setup, group invitation) are never stored in an e-mail's body. The
 * body keeps this placeholder where the token goes; the token itself is stored only encrypted (AES-256-GCM,
 * key derived from SESSION_SECRET by HKDF) and put into the message by the dispatcher at send time. The
 * database alone therefore holds no working link: the token tables keep HMACs, the outbox ciphertexts.
 * Letters, digits and underscores only, so HTML escaping and URLSearchParams leave it as it is.
 */
export const LINK_TOKEN_PLACEHOLDER = "__kaiku_link_token__";
const REDACTED = "••••••••";
const VERSION = "v1";

const keys = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", secret, "kaiku", "email-outbox-link-token", 32));
    keys.set(secret, key);
  }
  return key;
}

/**
 * The recipient's address is authenticated with the token (GCM's additional data): a ciphertext copied onto
 * another row, addressed to someone else, fails to decrypt instead of mailing the link there.
 */
export function sealToken(token: string, recipient: string, secret = env.SESSION_SECRET): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(secret), iv);
  cipher.setAAD(Buffer.from(recipient));
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The token, or null for a ciphertext that is damaged, moved to another recipient or from another secret. */
export function openToken(sealed: string, recipient: string, secret = env.SESSION_SECRET): string | null {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) return null;
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 29) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(secret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(recipient));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** Where a sign-in link's token goes, after APP_URL: the reset/setup page and the invitation page. */
const LINK_PATHS = ["/reset-password?token=", "/invite/"];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// The link starts a word (line start, space, or an HTML attribute's quote or a tag's end), so a link of ours
// quoted inside another address ("https://evil.example/?u=<our link>") is not one.
const placeholders = (appUrl: string) =>
  new RegExp(`(?:(?<=^|[\\s"'>])(${LINK_PATHS.map((p) => escapeRe(appUrl + p)).join("|")}))?${LINK_TOKEN_PLACEHOLDER}`, "gm");

/**
 * The body as sent: the real token goes only where the app's own link has its placeholder. Anywhere else (an
 * invitation's personal message is the inviter's text and may contain the placeholder too, e.g. in
 * "https://evil.example/?t=__kaiku_link_token__") it becomes a mark, so nobody can route a recipient's token
 * to another site through the message. Without a token every placeholder becomes the mark.
 */
export function withLinkToken(body: string, token: string | null, appUrl = env.APP_URL): string {
  return body.replace(placeholders(appUrl), (_, link: string | undefined) => (link && token ? link + token : (link ?? "") + REDACTED));
}

/** The body as shown on the admin outbox page and written to the log. */
export function redactLinkToken(body: string): string {
  return withLinkToken(body, null);
}

/**
 * The sign-in link in a stored body with its token put back, for an admin who reveals it: the app's own link,
 * the last one (an invitation's message, which comes before it, cannot make the admin see another address).
 */
export function linkIn(body: string, token: string, appUrl = env.APP_URL): string | null {
  const link = [...body.matchAll(placeholders(appUrl))]
    .map((m) => m[1])
    .filter(Boolean)
    .at(-1);
  return link ? link + token : null;
}
