import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { EMAIL_KINDS, isValidUnsubscribeToken } from "~/email/unsubscribe.server";
import { findUserById, setEmailPreferences } from "~/models/user.server";

/**
 * The link in every notification e-mail turns one kind of e-mail off without signing in: the token in it is an
 * HMAC of the person and the kind, which is the command's proof of who it acts for. A wrong or stale link is
 * invalid (400), as the page always answered.
 */
export const unsubscribe = defineCommand({
  name: "account.unsubscribe",
  input: z.object({ userId: z.string().min(1).max(40), kind: z.enum(EMAIL_KINDS), token: z.string().min(1).max(64) }).strict(),
  authorize(_ctx, input) {
    if (!isValidUnsubscribeToken(input.userId, input.kind, input.token)) throw fail.invalid({ message: "unsubscribe.invalid" });
    const user = findUserById(input.userId);
    if (!user) throw fail.invalid({ message: "unsubscribe.invalid" });
    return user;
  },
  run(_ctx, input, user) {
    setEmailPreferences({ userId: user.id, preferences: { [input.kind]: "off" } });
    return { kind: input.kind };
  },
});
