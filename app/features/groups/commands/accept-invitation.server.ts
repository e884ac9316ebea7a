import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { acceptInvitation as spendInvitation, refuseInvitation } from "~/models/invitation.server";
import { LOCALES } from "~/domain/constants";

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
        z
          .object({ create: z.object({ name: z.string().min(1).max(200), passwordHash: z.string().min(1), locale: z.enum(LOCALES).nullable() }).strict() })
          .strict(),
      ]),
    })
    .strict(),
  authorize(ctx, input) {
    // Signed in, one accepts for oneself only.
    if ("userId" in input.account && input.account.userId !== ctx.actor.id) throw refuseInvitation("wrongAccount");
    return null;
  },
  run(ctx, input) {
    const accepted = spendInvitation(ctx.tx, { token: input.token, account: input.account, now: ctx.now });
    ctx.emit({ type: "member.joined", groupId: accepted.groupId, payload: { userId: accepted.userId, name: accepted.name, via: "invitation" } });
    return accepted;
  },
});
