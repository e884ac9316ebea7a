import type { Actor } from "~/commands/command.server";
import { requireUser } from "~/auth/session.server";

/**
 * The actor of a request, resolved once per request (the session is validated once and memoised) from the session
 * cookie; an API token will be the second source, here and nowhere else. Signed-out visitors are sent to sign in.
 */
export async function requireActor(request: Request): Promise<Actor> {
  const user = await requireUser(request);
  return { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale };
}

/** The actor from a user already resolved by requireGroupAccess or requireUser. */
export const actorOf = (user: Actor): Actor => ({ id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale });
