import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function loader() {
  // Signing out changes state, so it is a POST only; a GET just goes home.
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const { destroySession } = await import("~/auth/session.server");
  const { safeRedirect } = await import("~/security.server");
  const form = await request.formData();
  // An invitation page signs out the wrong account and comes back to the link; only our own paths are allowed.
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": await destroySession(request) } });
}
