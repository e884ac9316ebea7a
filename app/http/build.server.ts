import type { HeadersFunction, ServerBuild } from "@remix-run/node";
import { requestErrorOf, type UnavailableReason } from "./request-error";

type AnyFunction = (args: { request: Request; context: unknown; params: unknown }) => unknown;

/**
 * The app's routes as Remix runs them, with what every route needs and none should have to remember:
 * - a `headers` function for routes without one, so the headers a loader or action passes to `data()`
 *   (Referrer-Policy on token pages, Retry-After on 429s) reach document and data responses alike: without
 *   it Remix keeps only their Set-Cookie;
 * - a request the HTTP layer refused (see request-error.ts) throws its status instead of running;
 * - a full disk or a busy database answers 503 "try again shortly", a damaged one refuses writes with 503.
 */
export function prepareBuild(build: ServerBuild, options: { writesRefused: () => boolean }): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.headers === undefined) module.headers = mergeRouteHeaders;
    // Remix answers a method a route has no handler for with a 405 and logs it with a stack, as it would a bug:
    // a GET of a resource route that only takes posts (the preview), a POST to a page without an action. It is
    // the client's mistake, so it gets the 405 (the error page for a page) and the log stays quiet.
    if (!module.action) module.action = methodNotAllowed;
    if (!module.loader && module.default === undefined) module.loader = methodNotAllowed;
    if (module.loader) module.loader = wrapLoader(id, module.loader as AnyFunction) as typeof module.loader;
    if (module.action) module.action = wrapAction(module.action as AnyFunction, options) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

// Entity headers describe a loader's own Response, not the document.
const NOT_MERGED = new Set(["set-cookie", "content-type", "content-length", "content-encoding", "transfer-encoding"]);

/** Parent headers, then the route's loader, action and error headers over them; Remix carries Set-Cookie itself. */
export const mergeRouteHeaders: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers();
  for (const source of [parentHeaders, loaderHeaders, actionHeaders, errorHeaders]) {
    source?.forEach((value, name) => {
      if (!NOT_MERGED.has(name)) headers.set(name, value);
    });
  }
  return headers;
};

function wrapLoader(id: string, loader: AnyFunction): AnyFunction {
  return async (args) => {
    // The root loader still runs: the error page needs the visitor's session and language.
    const refused = requestErrorOf(args.context);
    if (refused?.phase === "loader" && id !== "root") throw new Response(null, { status: refused.status });
    try {
      return await loader(args);
    } catch (error) {
      throw unavailableResponse(error) ?? error;
    }
  };
}

function wrapAction(action: AnyFunction, options: { writesRefused: () => boolean }): AnyFunction {
  return async (args) => {
    const refused = requestErrorOf(args.context);
    if (refused?.phase === "action") throw new Response(null, { status: refused.status });
    if (options.writesRefused()) throw unavailable("damaged");
    try {
      return await action(args);
    } catch (error) {
      throw unavailableResponse(error) ?? error;
    }
  };
}

const methodNotAllowed = (): never => {
  throw new Response(null, { status: 405 });
};

export function unavailable(reason: UnavailableReason): Response {
  return Response.json({ unavailable: reason }, { status: 503, headers: reason === "busy" ? { "Retry-After": "30" } : {} });
}

/** SQLite errors that are the machine's state, not a bug: the disk is full, the database is locked or damaged. */
export function unavailableResponse(error: unknown): Response | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return null;
  if (code === "SQLITE_FULL" || code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || code.startsWith("SQLITE_IOERR")) {
    console.error(`Database unavailable (${code}): ${error instanceof Error ? error.message : error}`);
    return unavailable("busy");
  }
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    console.error(`Database damaged (${code}): ${error instanceof Error ? error.message : error}`);
    return unavailable("damaged");
  }
  return null;
}
