import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/env.server";

const fail = (source: Record<string, string>) => {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected parseEnv to fail");
};

describe("parseEnv", () => {
  it("has working defaults for the demo", () => {
    const env = parseEnv({ DATABASE_PATH: path.join(os.tmpdir(), "kaiku-env-test", "x.db") });
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.demo).toBe(true);
    expect(env.APP_URL).toBe("http://localhost:3000");
  });

  it("requires SESSION_SECRET and APP_URL in production and names them", () => {
    const message = fail({ NODE_ENV: "production" });
    expect(message).toContain("SESSION_SECRET");
    expect(message).toContain("APP_URL");
  });

  it("turns demo data off by default in production", () => {
    const env = parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), APP_URL: "https://k.example" });
    expect(env.demo).toBe(false);
  });

  it("refuses a DATABASE_PATH that is a directory or cannot be created", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-env-"));
    expect(fail({ DATABASE_PATH: dir })).toMatch(/DATABASE_PATH: .*is a directory/);
    const file = path.join(dir, "plain-file");
    fs.writeFileSync(file, "");
    expect(fail({ DATABASE_PATH: path.join(file, "kaiku.db") })).toMatch(/DATABASE_PATH: .*not a directory/);
  });

  it("lists every bad variable in one message", () => {
    const message = fail({ PORT: "seventy", SMTP_URL: "http://mail.example", SESSION_SECRET: "short" });
    expect(message).toContain("PORT");
    expect(message).toContain("SMTP_URL");
    expect(message).toContain("SESSION_SECRET");
    expect(message.match(/^  - /gm)).toHaveLength(3);
  });
});
