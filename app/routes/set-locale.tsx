import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setLocaleSchema } from "~/schemas/auth";

export async function loader() {
  return redirect("/");
}

/** The language switcher: remembered on the account when signed in, in a cookie otherwise. */
export async function action({ request }: ActionFunctionArgs) {
  const { getUser } = await import("~/auth/session.server");
  const { localeCookie, serverTranslator } = await import("~/i18n/locale.server");
  const { setUserLocale } = await import("~/models/user.server");
  const { safeRedirect } = await import("~/security.server");
  const { env } = await import("~/env.server");
  const user = await getUser(request);
  const parsed = setLocaleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    throw new Response(serverTranslator(request, user)("errors.400.text"), { status: 400 });
  }
  if (user) setUserLocale({ userId: user.id, locale: parsed.data.locale });
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": localeCookie(parsed.data.locale, env.isProduction) } });
}
