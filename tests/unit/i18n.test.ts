import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { fi } from "../../app/i18n/fi";
import { enServer } from "../../app/i18n/server/en.server";
import { fiServer } from "../../app/i18n/server/fi.server";
import { hasMessages, isMessageKey, localeFromAcceptLanguage, translate, formatDateTime } from "../../app/i18n";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// Two pairs of dictionaries: the pages' (en.ts, fi.ts; one language reaches the browser) and the server's own
// (app/i18n/server: e-mails, action messages). Each pair must agree; a key lives in one pair only.
const pairs = [
  ["pages", en, fi],
  ["server", enServer, fiServer],
] as const;

describe("messages", () => {
  it.each(pairs)("Finnish translates exactly the English keys, none empty (%s)", (_name, english, finnish) => {
    expect(Object.keys(finnish).sort()).toEqual(Object.keys(english).sort());
    for (const [key, value] of Object.entries(finnish)) expect(value.trim(), key).not.toBe("");
  });

  it.each(pairs)("both languages use the same placeholders for each key (%s)", (_name, english, finnish) => {
    for (const [key, value] of Object.entries(english)) {
      expect(placeholders((finnish as Record<string, string>)[key]), key).toEqual(placeholders(value));
    }
  });

  it("a key is a page key or a server key, never both", () => {
    expect(Object.keys(enServer).filter((key) => key in en)).toEqual([]);
  });

  it("the server translates both kinds of key in both languages", () => {
    expect(hasMessages("fi") && hasMessages("en")).toBe(true);
    expect(translate("en", "email.greeting", { name: "Emma" })).toBe(enServer["email.greeting"].replace("{name}", "Emma"));
    expect(translate("fi", "email.greeting", { name: "Matti" })).toBe(fiServer["email.greeting"].replace("{name}", "Matti"));
    expect(isMessageKey("email.greeting") && isMessageKey("nav.skip")).toBe(true);
    expect(isMessageKey("no.such.key")).toBe(false);
  });

  it("interpolates parameters", () => {
    expect(translate("en", "home.greeting", { name: "Emma" })).toBe("Hello, Emma!");
    expect(translate("fi", "home.greeting", { name: "Matti" })).toBe("Hei, Matti!");
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["fi-FI,fi;q=0.9,en;q=0.8", "fi"],
    ["en-US,en;q=0.9", "en"],
    ["sv-FI,sv;q=0.9,en;q=0.5,fi;q=0.4", "en"],
    ["de;q=1, fi;q=0.2", "fi"],
    ["de, sv", null],
    ["", null],
  ])("%j -> %j", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});

describe("formatting", () => {
  it("formats dates per locale in the organisation's time zone", () => {
    const ms = Date.UTC(2026, 0, 15, 22, 30); // 00:30 on 16 Jan in Helsinki
    expect(formatDateTime(ms, "fi", "Europe/Helsinki")).toContain("16.1.2026");
    expect(formatDateTime(ms, "en", "Europe/Helsinki")).toContain("16 Jan 2026");
  });
});
