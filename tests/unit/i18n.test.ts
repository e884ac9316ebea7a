import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { fi } from "../../app/i18n/fi";
import { localeFromAcceptLanguage, translate, formatDateTime } from "../../app/i18n";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("messages", () => {
  it("Finnish translates exactly the English keys, none empty", () => {
    expect(Object.keys(fi).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(fi)) expect(value.trim(), key).not.toBe("");
  });

  it("both languages use the same placeholders for each key", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fi[key]), key).toEqual(placeholders(en[key]));
    }
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
