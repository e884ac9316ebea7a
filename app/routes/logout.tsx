import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function loader() {
  // Signing out changes state, so it is a POST only; a GET just goes home.
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const { destroySession } = await import("~/auth/session.server");
  return redirect("/", { headers: { "Set-Cookie": await destroySession(request) } });
}
