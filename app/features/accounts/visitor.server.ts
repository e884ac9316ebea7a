import type { Actor } from "~/commands/command.server";

/**
 * Who runs the commands a signed-out visitor may run (sign in, ask for a reset link, set a password with one,
 * unsubscribe with a link): nobody in particular. Its id matches no account, so no group, role or row is its own;
 * each of those commands proves who it acts for by other means (a password, a token, a signed link).
 */
export const VISITOR: Actor = Object.freeze({ id: "", name: "", email: "", role: "member", locale: null });
