import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { findUserById, updateProfile as updateProfileRow } from "~/models/user.server";
import { nameField, nullableLocale } from "../schemas";

/** A person changes their own name and language; nobody changes another's profile. */
export const updateProfile = defineCommand({
  name: "account.update_profile",
  input: z.object({ name: nameField, locale: nullableLocale }).strict(),
  authorize(ctx) {
    const me = findUserById(ctx.actor.id);
    if (!me) throw fail.notFound();
    return me;
  },
  run(ctx, input, me) {
    updateProfileRow({ userId: me.id, name: input.name, locale: input.locale });
    return { name: input.name.trim(), locale: input.locale };
  },
});
