import { z } from "zod";
import { insertSession } from "~/auth/adapter.server";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { redeemPasswordToken } from "~/models/password-token.server";
import { linkTokenField, passwordHashField } from "../schemas";

/**
 * A reset or setup link sets the password: the token is spent, every session and every other open link of the
 * account ends, and a new session starts, all in one transaction (of two parallel redemptions exactly one wins).
 * The new password is hashed before (argon2 is asynchronous). A spent, expired or unknown token is not_found,
 * which the page answers with 410 Gone (the link existed, or may have: it no longer works).
 */
export const resetPassword = defineCommand({
  name: "account.reset_password",
  input: z.object({ token: linkTokenField, passwordHash: passwordHashField }).strict(),
  authorize: () => null,
  run(ctx, input) {
    const redeemed = redeemPasswordToken({ token: input.token, passwordHash: input.passwordHash, now: ctx.now });
    if (!redeemed) throw fail.notFound("auth.reset.invalid");
    return { userId: redeemed.userId, sessionId: insertSession(redeemed.userId, ctx.now) };
  },
});
