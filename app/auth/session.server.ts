import { redirect } from "@remix-run/node";
import type { Session, User } from "lucia";
import { fail } from "~/domain/errors";
import type { OrgRole } from "~/domain/constants";
import { throwIfPageError } from "~/http/command-reply.server";
import { noteRefreshedSession } from "../http/request-store";
import { lucia } from "./lucia.server";

export type AuthUser = User;
export type Auth = { user: AuthUser; session: Session } | { user: null; session: null };

const cache = new WeakMap<Request, Promise<Auth>>();

/** Validates the session cookie once per request. Lucia extends a session that is past half its life. */
export function getAuth(request: Request): Promise<Auth> {
  let pending = cache.get(request);
  if (!pending) {
    pending = validate(request);
    cache.set(request, pending);
  }
  return pending;
}

async function validate(request: Request): Promise<Auth> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return { user: null, session: null };
  const result = await lucia().validateSession(sessionId);
  // Remix gives each loader its own Request, so only the first to validate sees `fresh`: tell the response.
  if (result.session?.fresh) noteRefreshedSession(lucia().createSessionCookie(result.session.id).serialize());
  return result.user ? result : { user: null, session: null };
}

export async function getUser(request: Request): Promise<AuthUser | null> {
  return (await getAuth(request)).user;
}

/** Signed-out visitors go to the sign-in page and come back afterwards. */
export async function requireUser(request: Request): Promise<AuthUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return user;
}

export async function requireSession(request: Request): Promise<{ user: AuthUser; session: Session }> {
  await requireUser(request);
  return (await getAuth(request)) as { user: AuthUser; session: Session };
}

const RANK: Record<OrgRole, number> = { member: 0, staff: 1, admin: 2 };

/** Organisation-wide role check: 403 for a signed-in user without the role. */
export async function requireOrgRole(request: Request, role: OrgRole): Promise<AuthUser> {
  const user = await requireUser(request);
  if (RANK[user.role] < RANK[role]) throwIfPageError(fail.forbidden());
  return user;
}

export async function createSessionCookie(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

/** The Set-Cookie value for a session a command created (see insertSession). */
export function sessionCookieFor(sessionId: string): string {
  return lucia().createSessionCookie(sessionId).serialize();
}

/** The Set-Cookie value that signs the browser out. */
export function blankSessionCookie(): string {
  return lucia().createBlankSessionCookie().serialize();
}

export function refreshedSessionCookie(auth: Auth): string | null {
  return auth.session?.fresh ? lucia().createSessionCookie(auth.session.id).serialize() : null;
}

export async function destroySession(request: Request): Promise<string> {
  const { session } = await getAuth(request);
  if (session) await lucia().invalidateSession(session.id);
  return lucia().createBlankSessionCookie().serialize();
}
