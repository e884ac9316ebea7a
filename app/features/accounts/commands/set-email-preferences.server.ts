import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { findUserById, setEmailPreferences as setEmailPreferencesRow } from "~/models/user.server";
import { emailChoice } from "../schemas";

/** The account page's four e-mail choices, all at once, for one's own account. */
export const setEmailPreferences = defineCommand({
  name: "account.set_email_preferences",
  input: z.object({ status: emailChoice, replies: emailChoice, mentions: emailChoice, comments: emailChoice }).strict(),
  authorize(ctx) {
    const me = findUserById(ctx.actor.id);
    if (!me) throw fail.notFound();
    return me;
  },
  run(ctx, input, me) {
    setEmailPreferencesRow({ userId: me.id, preferences: input });
    return input;
  },
});
