import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { env } from "~/env.server";
import { setLocale } from "~/features/accounts/commands/set-locale.server";
import { actorOf } from "~/http/actor.server";
import { throwIfPageError } from "~/http/command-reply.server";
import { localeCookie, serverTranslator } from "~/i18n/locale.server";
import { setLocaleSchema } from "~/schemas/auth";
import { safeRedirect } from "~/security.server";

export async function loader() {
  return redirect("/");
}

/** The language switcher: remembered on the account when signed in (a command), in a cookie always. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  const parsed = setLocaleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    throw new Response(serverTranslator(request, user)("errors.400.text"), { status: 400 });
  }
  if (user) {
    const saved = execute(setLocale, actorOf(user), { locale: parsed.data.locale });
    if (!saved.ok) throwIfPageError(saved.error);
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": localeCookie(parsed.data.locale, env.isProduction) } });
}
