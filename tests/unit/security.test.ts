import { describe, expect, it } from "vitest";
import { hashToken, isCrossSiteRequest, safeRedirect, securityHeaders } from "../../app/security.server";

describe("safeRedirect", () => {
  it.each([
    ["/admin/users?q=a#top", "/admin/users?q=a#top"],
    ["/account", "/account"],
    ["relative/path", "/relative/path"],
  ])("keeps same-origin target %j", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "https://evil.example/x",
    "javascript:alert(1)",
    "\\\\evil.example",
    " //evil.example",
    "http:evil.example",
  ])("refuses %j", (input) => {
    const result = safeRedirect(input, "/fallback");
    // Whatever it returns must resolve to our own origin.
    expect(new URL(result, "https://kaiku.example").origin).toBe("https://kaiku.example");
    expect(result.startsWith("//")).toBe(false);
  });

  it("falls back on empty or non-string input", () => {
    expect(safeRedirect("", "/x")).toBe("/x");
    expect(safeRedirect(undefined, "/x")).toBe("/x");
    expect(safeRedirect(42, "/x")).toBe("/x");
  });
});

describe("isCrossSiteRequest", () => {
  const own = ["https://kaiku.example"];
  it("allows safe methods from anywhere", () => {
    expect(isCrossSiteRequest({ method: "GET", origin: "https://evil.example", secFetchSite: "cross-site", ownOrigins: own })).toBe(false);
  });
  it("refuses a POST from another origin", () => {
    expect(isCrossSiteRequest({ method: "POST", origin: "https://evil.example", ownOrigins: own })).toBe(true);
    expect(isCrossSiteRequest({ method: "POST", origin: "null", ownOrigins: own })).toBe(true);
  });
  it("refuses a POST that the browser marks as cross-site or same-site", () => {
    expect(isCrossSiteRequest({ method: "POST", origin: "https://kaiku.example", secFetchSite: "cross-site", ownOrigins: own })).toBe(true);
    expect(isCrossSiteRequest({ method: "DELETE", secFetchSite: "same-site", ownOrigins: own })).toBe(true);
  });
  it("accepts a same-origin POST", () => {
    expect(isCrossSiteRequest({ method: "POST", origin: "https://kaiku.example", secFetchSite: "same-origin", ownOrigins: own })).toBe(false);
  });
});

describe("securityHeaders", () => {
  it("puts the nonce in script-src and forbids framing", () => {
    const h = securityHeaders("abc123", { isProduction: true });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc123'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBeTruthy();
  });
});

describe("hashToken", () => {
  it("depends on the secret", () => {
    expect(hashToken("t", "secret-a")).not.toBe(hashToken("t", "secret-b"));
    expect(hashToken("t", "secret-a")).toMatch(/^[0-9a-f]{64}$/);
  });
});
