import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { findUserById, setUserLocale } from "~/models/user.server";
import { localeField } from "../schemas";

/** The language switcher, for a signed-in person: remembered on the account (a visitor's stays in a cookie). */
export const setLocale = defineCommand({
  name: "account.set_locale",
  input: z.object({ locale: localeField }).strict(),
  authorize(ctx) {
    const me = findUserById(ctx.actor.id);
    if (!me) throw fail.notFound();
    return me;
  },
  run(ctx, input, me) {
    setUserLocale({ userId: me.id, locale: input.locale });
    return { locale: input.locale };
  },
});
