// The README is what a reader of a clone has: it may not send them to files outside the repository
// (issue 11: it pointed at ../shared/PRODUCT.md, which a clone does not have), and its links must resolve.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

describe("README", () => {
  it("names no file outside the repository", () => {
    expect(readme.match(/\.\.\/[\w./-]+/g) ?? []).toEqual([]);
  });

  it("links only to files that exist in the repository", () => {
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
    const missing = targets.filter((t) => !fs.existsSync(path.join(root, t)));
    expect(missing).toEqual([]);
  });

  it("starts with the two commands for a fresh machine", () => {
    const firstBlock = readme.split("```")[1] ?? "";
    expect(firstBlock).toContain("npm ci && npm start");
    expect(firstBlock).toContain("npm test");
  });
});
