import { z } from "zod";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { findUserById, storeNewPassword } from "~/models/user.server";
import { passwordHashField } from "../schemas";

/**
 * A person changes their own password. argon2 is asynchronous and a transaction is not, so the check of the
 * current password and the hash of the new one happen before (prepareChangePassword); the command gets the stored
 * hash the current password was verified against and refuses unless it is still the account's: a password changed
 * in between (another tab, a reset link) wins, and a failed verification passes null, refused the same way.
 */
export const changePassword = defineCommand({
  name: "account.change_password",
  input: z.object({ sessionId: z.string().min(1).max(200), verifiedHash: passwordHashField.nullable(), passwordHash: passwordHashField }).strict(),
  authorize(ctx, input) {
    const me = findUserById(ctx.actor.id);
    if (!me) throw fail.notFound();
    if (input.verifiedHash === null || me.passwordHash !== input.verifiedHash) throw fail.invalid({ fieldErrors: { current: ["account.wrongCurrent"] } });
    return me;
  },
  run(ctx, input, me) {
    storeNewPassword(ctx.tx, { userId: me.id, keepSessionId: input.sessionId, passwordHash: input.passwordHash, now: ctx.now });
    return { userId: me.id };
  },
});

/** The asynchronous half: verifies the current password and hashes the new one, for the command's input. */
export async function prepareChangePassword(input: { userId: string; sessionId: string; current: string; next: string }) {
  const user = findUserById(input.userId);
  const verified = user?.passwordHash ? await verifyPassword(user.passwordHash, input.current) : false;
  return { sessionId: input.sessionId, verifiedHash: verified ? user!.passwordHash : null, passwordHash: await hashPassword(input.next) };
}
