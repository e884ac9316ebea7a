import Database from "better-sqlite3";
import { registerFunctions } from "../../db/client";
import { hashPassword } from "../../app/auth/password.server";
import { handleFor } from "../../app/utils/mentions";

/** Adds an account straight into a running server's database file. */
export async function insertAccount(
  dbPath: string,
  input: { email: string; name?: string; role?: "admin" | "staff" | "member"; password?: string; locale?: "fi" | "en" | null },
) {
  const db = new Database(dbPath);
  db.pragma("busy_timeout = 5000");
  const id = `u_${Math.random().toString(36).slice(2, 12)}`;
  const name = input.name ?? input.email.split("@")[0];
  db.prepare("INSERT INTO users (id, email, name, handle, role, locale, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    id,
    input.email,
    name,
    `${handleFor(name)}-${id.slice(2, 6)}`,
    input.role ?? "member",
    input.locale === undefined ? null : input.locale,
    input.password ? await hashPassword(input.password) : null,
  );
  db.close();
  return id;
}

export function queryDb<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  db.pragma("busy_timeout = 5000");
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Signs in through the real form post and returns the session cookie. */
export async function signInHttp(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  if (res.status !== 302) throw new Error(`sign-in failed with ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0];
}

export function post(url: string, fields: Record<string, string>, init: { cookie?: string; headers?: Record<string, string> } = {}) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: new URL(url).origin,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(init.cookie ? { Cookie: init.cookie } : {}),
      ...init.headers,
    },
    body: new URLSearchParams(fields),
  });
}

/** Writes straight into a running server's database file (test setup only). */
export function execDb(dbPath: string, sql: string, ...params: unknown[]): void {
  const db = new Database(dbPath);
  db.pragma("busy_timeout = 5000");
  registerFunctions(db); // the search index's triggers call it when ideas are written
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** A group with one active moderator, inserted directly. */
export function insertGroup(
  dbPath: string,
  input: { slug: string; name: string; moderatorId: string; joinPolicy?: "invite" | "request" | "open"; screeningQuestion?: string; description?: string },
): string {
  const id = `g_${Math.random().toString(36).slice(2, 12)}`;
  execDb(
    dbPath,
    "INSERT INTO groups (id, slug, name, join_policy, screening_question, description, member_count) VALUES (?, ?, ?, ?, ?, ?, 1)",
    id,
    input.slug,
    input.name,
    input.joinPolicy ?? "invite",
    input.screeningQuestion ?? null,
    input.description ?? "",
  );
  execDb(
    dbPath,
    "INSERT INTO memberships (group_id, user_id, state, role, joined_at) VALUES (?, ?, 'active', 'moderator', ?)",
    id,
    input.moderatorId,
    Date.now(),
  );
  return id;
}
