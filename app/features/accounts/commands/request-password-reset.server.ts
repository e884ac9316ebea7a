import { z } from "zod";
import { RULES } from "~/auth/rate-limit.server";
import { defineCommand } from "~/commands/command.server";
import { queuePasswordReset } from "~/models/password-token.server";
import { emailField, ipField } from "../schemas";

/**
 * Anyone may ask for a reset link; the answer is the same whether the address has an account or not. Two limits
 * are counted together (a request the IP's limit refuses counts nothing for the account): 5 an hour per address,
 * 20 an hour per IP.
 *
 * The e-mail is queued here, in the command's transaction, not by a subscriber: it is the command's own product
 * (the page says "we sent a link" the moment it answers, and the link works only with the token this transaction
 * stores), it is one small row, not a fan-out, and a subscriber would need the token in the event log (sealed or
 * not, a sign-in secret kept as long as the log). The outbox dispatcher sends it right after the commit.
 */
export const requestPasswordReset = defineCommand({
  name: "account.request_password_reset",
  input: z.object({ email: emailField, ip: ipField }).strict(),
  authorize: () => null,
  rateLimit: (_ctx, input) => [
    { key: `reset:ip:${input.ip}`, rule: { ...RULES.passwordResetRequests, limit: 20 }, message: "auth.forgot.rateLimited" },
    { key: `reset:account:${input.email.toLowerCase()}`, rule: RULES.passwordResetRequests, message: "auth.forgot.rateLimited" },
  ],
  run(ctx, input) {
    queuePasswordReset(ctx.tx, { email: input.email, now: ctx.now });
    return { sent: true as const };
  },
});
