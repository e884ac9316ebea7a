import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { blankSessionCookie, getAuth } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { signOut } from "~/features/accounts/commands/sign-out.server";
import { actorOf } from "~/http/actor.server";
import { redirectToField } from "~/schemas/fields";
import { safeRedirect } from "~/security.server";

const logoutSchema = z.object({ redirectTo: redirectToField }).strict();

export async function loader() {
  // Signing out changes state, so it is a POST only; a GET just goes home.
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // The forms send nothing, or the invitation page's redirectTo. Anything else (a 200 KB redirectTo became a
  // Location header no client reads) is refused, like every other form: the root's error page says so.
  const parsed = logoutSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(null, { status: 400 });
  const { user, session } = await getAuth(request);
  if (user && session) execute(signOut, actorOf(user), { sessionId: session.id });
  // An invitation page signs out the wrong account and comes back to the link; only our own paths are allowed.
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": blankSessionCookie() } });
}
