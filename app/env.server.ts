import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The only reader of process.env. Parsing fails with one message that names every bad variable. */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APP_URL: z.string().url().optional(),
    DATABASE_PATH: z.string().min(1).default("./data/kaiku.db"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    KAIKU_DEMO: z.enum(["0", "1"]).optional(),
    SMTP_URL: z
      .string()
      .url()
      .refine((v) => /^smtps?:$/.test(new URL(v).protocol), "must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Kaiku <no-reply@kaiku.localhost>"),
    /** How many reverse proxies stand in front (each appends to X-Forwarded-For); 0 = clients connect directly. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Slow clients: see app/http/connections.server.ts. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    HTTP_KEEPALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** Open connections per client address when no proxy is trusted; 0 = no cap. */
    MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).max(100_000).default(256),
    INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
    /** `npm run bench` only: the baseline routes and server-side timings. Never set it in production use. */
    KAIKU_BENCH: z.enum(["0", "1"]).default("0"),
  })
  .superRefine((v, ctx) => {
    if (v.NODE_ENV === "production" && !v.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production (32+ random characters, e.g. `openssl rand -hex 32`)" });
    }
    if (v.NODE_ENV === "production" && !v.APP_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message: "is required in production (the public URL used in email links, e.g. https://kaiku.example.com)",
      });
    }
    const problem = databasePathProblem(v.DATABASE_PATH);
    if (problem) ctx.addIssue({ code: "custom", path: ["DATABASE_PATH"], message: problem });
  });

function databasePathProblem(file: string): string | null {
  if (file === ":memory:") return null;
  const abs = path.resolve(file);
  try {
    if (fs.existsSync(abs)) {
      if (fs.statSync(abs).isDirectory()) return `${abs} is a directory; give a file path such as ./data/kaiku.db`;
      fs.accessSync(abs, fs.constants.R_OK | fs.constants.W_OK);
      return null;
    }
    // The nearest existing ancestor must be a writable directory, so the file (and its folders) can be created.
    let dir = path.dirname(abs);
    while (!fs.existsSync(dir)) dir = path.dirname(dir);
    if (!fs.statSync(dir).isDirectory()) return `cannot create ${abs}: ${dir} is not a directory`;
    fs.accessSync(dir, fs.constants.W_OK);
    return null;
  } catch {
    return `cannot read and write ${abs}; check the path and its permissions`;
  }
}

export type Env = z.infer<typeof schema> & { APP_URL: string; SESSION_SECRET: string; demo: boolean; isProduction: boolean; bench: boolean };

export class EnvError extends Error {
  name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new EnvError(`Kaiku cannot start: the configuration has ${lines.length} problem(s):\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  const v = result.data;
  const isProduction = v.NODE_ENV === "production";
  return {
    ...v,
    isProduction,
    APP_URL: (v.APP_URL ?? `http://localhost:${v.PORT || 3000}`).replace(/\/$/, ""),
    // Outside production a fixed secret keeps `npm start` a one-command demo; production requires a real one.
    SESSION_SECRET: v.SESSION_SECRET ?? "kaiku-development-secret-not-for-production-use",
    demo: v.KAIKU_DEMO ? v.KAIKU_DEMO === "1" : !isProduction,
    bench: v.KAIKU_BENCH === "1",
  };
}

export const env: Env = parseEnv(process.env);
