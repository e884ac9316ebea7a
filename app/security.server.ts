import crypto from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF: a state-changing request must come from our own origin. Browsers send Sec-Fetch-Site and Origin on
 * every POST; a request with neither comes from a non-browser client, which cannot ride a victim's cookies.
 */
export function isCrossSiteRequest(input: { method: string; origin?: string | null; secFetchSite?: string | null; ownOrigins: string[] }): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.secFetchSite && input.secFetchSite !== "same-origin") return true;
  if (input.origin !== undefined && input.origin !== null) {
    return !input.ownOrigins.includes(input.origin);
  }
  return false;
}

export function createNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

export function securityHeaders(nonce: string, options: { isProduction: boolean; devOrigin?: string }): Record<string, string> {
  const connect = ["'self'"];
  if (options.devOrigin) connect.push(options.devOrigin.replace(/^http/, "ws"), options.devOrigin);
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.isProduction) csp.push("upgrade-insecure-requests");
  return {
    "Content-Security-Policy": csp.join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}

/** Resolves a user-supplied redirect target against our own origin; anything that leaves it becomes the fallback. */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target === "") return fallback;
  const base = "http://kaiku.invalid";
  try {
    const url = new URL(target, base);
    if (url.origin !== base) return fallback;
    const result = `${url.pathname}${url.search}${url.hash}`;
    // "//evil" survives URL parsing as a path on our origin only when normalised; refuse it explicitly.
    return result.startsWith("//") ? fallback : result;
  } catch {
    return fallback;
  }
}

/** HMAC of a token with the server secret: a leaked database alone cannot verify or forge tokens. */
export function hashToken(token: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(token).digest("hex");
}

/** 256 bits of randomness, URL-safe. */
export function createToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}
