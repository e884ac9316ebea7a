import { hashPassword } from "../../app/auth/password.server";
import { createSessionCookie } from "../../app/auth/session.server";
import { db } from "../../app/db.server";
import { insertUser } from "../../app/models/user.server";
import type { Locale, OrgRole } from "../../db/schema";

export const PASSWORD = "correct horse battery";
let hashed: Promise<string> | undefined;
let counter = 0;

export async function createUser(overrides: { role?: OrgRole; email?: string; name?: string; locale?: Locale | null; password?: string | null } = {}) {
  counter += 1;
  const passwordHash = overrides.password === null ? null : overrides.password ? await hashPassword(overrides.password) : await (hashed ??= hashPassword(PASSWORD));
  const user = insertUser(db(), {
    email: overrides.email ?? `user${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`,
    name: overrides.name ?? `Test User ${counter}`,
    role: overrides.role ?? "member",
    locale: overrides.locale === undefined ? "en" : overrides.locale,
    passwordHash,
  });
  if (!user) throw new Error("email taken");
  return user;
}

/** A Cookie header value for a fresh session of the user. */
export async function sessionCookie(userId: string): Promise<string> {
  return (await createSessionCookie(userId)).split(";")[0];
}
