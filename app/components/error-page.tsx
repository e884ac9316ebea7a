import { Link, isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useRootData, useT } from "./i18n";

const KNOWN = [400, 403, 404, 413, 503] as const;

/** A friendly, translated error page. Details never reach the user; the server log has them. */
export function ErrorPage({ status, error }: { status: number; error?: unknown }) {
  const t = useT();
  // 405: a method the page has no handler for (a POST to a page without a form), the client's mistake like a 400.
  const known = status === 405 ? 400 : (KNOWN as readonly number[]).includes(status) ? status : 500;
  // A 503 says why (app/http/build.server.ts): the database is busy or full for a moment, or it is damaged.
  const damaged = known === 503 && isRouteErrorResponse(error) && (error.data as { unavailable?: string } | null)?.unavailable === "damaged";
  const kind = damaged ? "503.damaged" : known;
  const location = useLocation();
  const root = useRootData();
  // Private groups answer 404 to signed-out visitors too: a member who followed a link may just need to sign in.
  const signedOut = kind === 404 && root?.user === null;
  return (
    <div className="card mx-auto max-w-xl text-center">
      <p className="text-sm font-semibold text-slate-600">{status}</p>
      <h1 className="mt-1 text-2xl font-bold">{t(`errors.${kind}.title` as MessageKey)}</h1>
      <p className="mt-3 text-slate-700">{t(`errors.${kind}.text` as MessageKey)}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        {signedOut ? (
          <Link to={`/login?${new URLSearchParams({ redirectTo: `${location.pathname}${location.search}` })}`} className="btn-primary">
            {t("errors.signInToSee")}
          </Link>
        ) : null}
        <Link to="/" className={signedOut ? "btn-secondary" : "btn-primary"}>
          {t("errors.home")}
        </Link>
      </div>
    </div>
  );
}

/** For nested routes: renders inside the shell, keeping the header and navigation. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} error={error} />;
}
