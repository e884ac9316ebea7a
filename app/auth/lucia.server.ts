import { Lucia, TimeSpan } from "lucia";
import { env } from "~/env.server";
import { SESSION_TTL_MS, sessionAdapter } from "./adapter.server";
import type { Locale, OrgRole } from "../../db/schema";

// Lucia v3 is deprecated upstream; every use of it stays in this folder so it can be replaced by a
// hand-written session module without touching routes or models.
function createLucia() {
  return new Lucia(sessionAdapter, {
    sessionExpiresIn: new TimeSpan(SESSION_TTL_MS / 1000, "s"),
    sessionCookie: {
      name: "kaiku_session",
      expires: true,
      attributes: { secure: env.isProduction, sameSite: "lax" },
    },
    getUserAttributes: (a) => ({ email: a.email, name: a.name, role: a.role, locale: a.locale }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
export function lucia() {
  return (instance ??= createLucia());
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: { email: string; name: string; role: OrgRole; locale: Locale | null };
  }
}
