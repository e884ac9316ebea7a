import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, LiveReload, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "./components/error-page";
import { useLocale, useRootData } from "./components/i18n";
import { Shell } from "./components/layout";
import { useNonce } from "./components/request-context";
import stylesheet from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Kaiku" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { getAuth, refreshedSessionCookie } = await import("./auth/session.server");
  const { resolveLocale } = await import("./i18n/locale.server");
  const { getOrgSettings } = await import("./models/org.server");
  const { countUnread } = await import("./models/notification.server");
  const { countOpenCases } = await import("./features/moderation/queries/queue.server");
  const { pageMessagesUrl } = await import("./i18n/server/chunks.server");
  const auth = await getAuth(request);
  const org = getOrgSettings();
  const cookie = refreshedSessionCookie(auth);
  const locale = resolveLocale(request, auth.user);
  const user = auth.user
    ? {
        id: auth.user.id,
        name: auth.user.name,
        email: auth.user.email,
        role: auth.user.role,
        unread: countUnread(auth.user.id),
        review: countOpenCases(auth.user),
      }
    : null;
  return data(
    { user, locale, messagesUrl: pageMessagesUrl(locale), timeZone: org.timeZone, orgName: org.name },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const nonce = useNonce();
  // The page's language is a chunk of its own (app/i18n/index.ts): fetched with the other modules, not after them.
  const messagesUrl = useRootData()?.messagesUrl;
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {messagesUrl ? <link rel="modulepreload" href={messagesUrl} /> : null}
      </head>
      <body className="h-full bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        {/* Renders nothing outside `npm run dev`. */}
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <Shell>
      <ErrorPage status={status} error={error} />
    </Shell>
  );
}
