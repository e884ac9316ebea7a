// Creates a real administrator for production and prints a one-time link for setting the password,
// so no password passes through the shell history. Usage: npm run admin:create -- --email a@b.fi --name "Aino A"
import { parseArgs } from "node:util";
import { z } from "zod";
import { env } from "../app/env.server";
import { db } from "../app/db.server";
import { issuePasswordToken, passwordLink } from "../app/models/password-token.server";
import { insertUser } from "../app/models/user.server";
import { recordAudit } from "../app/models/audit.server";
import { runMigrations } from "../db/migrate";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, locale: { type: "string" } } });
const parsed = z
  .object({ email: z.string().trim().email().max(254), name: z.string().trim().min(1).max(80), locale: z.enum(["fi", "en"]).optional() })
  .safeParse(values);
if (!parsed.success) {
  console.error('Usage: npm run admin:create -- --email admin@example.com --name "Full Name" [--locale fi|en]');
  for (const issue of parsed.error.issues) console.error(`  --${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
runMigrations(env.DATABASE_PATH);
const link = db().transaction(
  (tx) => {
    const user = insertUser(tx, { email: parsed.data.email, name: parsed.data.name, role: "admin", locale: parsed.data.locale ?? null });
    if (!user) return null;
    recordAudit(tx, { actorId: null, action: "user.create", targetType: "user", targetId: user.id, details: { email: user.email, role: "admin", via: "cli" } });
    return passwordLink(issuePasswordToken(tx, { userId: user.id, purpose: "setup" }));
  },
  { behavior: "immediate" },
);
if (!link) {
  console.error(`An account with the email ${parsed.data.email} already exists.`);
  process.exit(1);
}
console.log(`Administrator ${parsed.data.email} created. Open this link within 7 days to set the password:\n${link}`);
