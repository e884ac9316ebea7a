import { sql } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import type { Db } from "./client";
import * as schema from "./schema";
import { generateIdFromEntropySize } from "lucia";

export const DEMO_PASSWORD = "kaiku-demo-2026";

export const DEMO_USERS = [
  { email: "admin@demo.kaiku.test", name: "Aino Administrator", role: "admin", locale: "fi" },
  { email: "staff@demo.kaiku.test", name: "Sanna Virtanen", role: "staff", locale: "fi" },
  { email: "staff2@demo.kaiku.test", name: "Oliver Smith", role: "staff", locale: "en" },
  { email: "member@demo.kaiku.test", name: "Matti Meikäläinen", role: "member", locale: "fi" },
  { email: "emma@demo.kaiku.test", name: "Emma Johnson", role: "member", locale: "en" },
  { email: "juha@demo.kaiku.test", name: "Juha Korhonen", role: "member", locale: "fi" },
  { email: "liisa@demo.kaiku.test", name: "Liisa Nieminen", role: "member", locale: "fi" },
  { email: "james@demo.kaiku.test", name: "James Brown", role: "member", locale: "en" },
  { email: "aleksi@demo.kaiku.test", name: "Aleksi Mäkinen", role: "member", locale: "fi" },
  { email: "sophie@demo.kaiku.test", name: "Sophie Wilson", role: "member", locale: "en" },
  { email: "tuula@demo.kaiku.test", name: "Tuula Hämäläinen", role: "member", locale: "fi" },
  { email: "daniel@demo.kaiku.test", name: "Daniel Taylor", role: "member", locale: null },
  { email: "kaisa@demo.kaiku.test", name: "Kaisa Laine", role: "member", locale: "fi" },
] as const;

/** True when the database has no accounts yet: the only time demo data is written. */
export function isEmpty(db: Db): boolean {
  return (db.select({ n: sql<number>`count(*)` }).from(schema.users).get()?.n ?? 0) === 0;
}

/** Writes demo data in one transaction. Idempotent: does nothing unless the database is empty. */
export async function seedDemo(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(
    (tx) => {
      if ((tx.select({ n: sql<number>`count(*)` }).from(schema.users).get()?.n ?? 0) > 0) return false;
      tx.insert(schema.orgSettings).values({ id: 1, name: "Demo Rail Oy", defaultLocale: "fi", timeZone: "Europe/Helsinki" }).onConflictDoNothing().run();
      const now = Date.now();
      DEMO_USERS.forEach((u, i) => {
        tx.insert(schema.users)
          .values({ id: generateIdFromEntropySize(10), ...u, passwordHash, createdAt: now - (DEMO_USERS.length - i) * 86_400_000 })
          .run();
      });
      return true;
    },
    { behavior: "immediate" },
  );
}
