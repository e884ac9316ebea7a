import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { acceptInvitation as spendInvitation, refuseInvitation } from "~/models/invitation.server";
import { LOCALES } from "~/domain/constants";
import { findUserById, normalizeEmail } from "~/models/user.server";
import { nameField } from "~/schemas/fields";

/**
 * Whoever holds the link: the token is the authority, so there is nothing to authorize beyond it (a signed-in
 * account must be the invited address, a new account is made for it). The actor is the signed-in person, or
 * VISITOR (app/features/accounts/visitor.server.ts) for someone who creates their account here.
 */
export const acceptInvitation = defineCommand({
  name: "invitation.accept",
  input: z
    .object({
      token: z.string().min(20).max(100),
      account: z.union([
        z.object({ userId: z.string().min(1).max(40), email: z.string().max(254) }).strict(),
        z.object({ create: z.object({ name: nameField, passwordHash: z.string().min(1).max(500), locale: z.enum(LOCALES).nullable() }).strict() }).strict(),
      ]),
    })
    .strict(),
  authorize(ctx, input) {
    // Signed in, one accepts for oneself only: the id is the actor's, and so is the address the invitation is
    // checked against (read from the account, not taken from the input: naming the invited address beside one's
    // own id would spend another person's link).
    if ("userId" in input.account) {
      const me = input.account.userId === ctx.actor.id ? findUserById(ctx.actor.id) : null;
      if (!me || normalizeEmail(me.email) !== normalizeEmail(input.account.email)) throw refuseInvitation("wrongAccount");
    } else if (ctx.actor.id !== "") {
      // A new account is made by the signed-out visitor only; someone signed in uses (or signs out of) their own.
      throw refuseInvitation("wrongAccount");
    }
    return null;
  },
  run(ctx, input) {
    const accepted = spendInvitation(ctx.tx, { token: input.token, account: input.account, now: ctx.now });
    ctx.emit({ type: "member.joined", groupId: accepted.groupId, payload: { userId: accepted.userId, name: accepted.name, via: "invitation" } });
    return accepted;
  },
});
