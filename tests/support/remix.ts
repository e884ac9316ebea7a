import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type Init = { cookie?: string; headers?: Record<string, string> };
export const BASE = "http://localhost:3000";

export function getRequest(pathname: string, init: Init = {}): Request {
  return new Request(`${BASE}${pathname}`, { headers: { ...(init.cookie ? { Cookie: init.cookie } : {}), ...init.headers } });
}

export function postRequest(pathname: string, fields: Record<string, string>, init: Init = {}): Request {
  return new Request(`${BASE}${pathname}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(init.cookie ? { Cookie: init.cookie } : {}), ...init.headers },
  });
}

export type Result = { status: number; data: any; headers: Headers; location: string | null };

/** Normalises what a loader or action produced (a value, data(), a returned or thrown Response) into one shape. */
async function settle(run: () => Promise<unknown>): Promise<Result> {
  let value: unknown;
  try {
    value = await run();
  } catch (error) {
    if (error instanceof Response) value = error;
    else throw error;
  }
  if (value instanceof Response) {
    const text = await value.text();
    // A resource route's JSON (the preview) is read as the browser's fetcher reads it.
    const data = (value.headers.get("Content-Type") ?? "").startsWith("application/json") ? JSON.parse(text) : text;
    return { status: value.status, data, headers: value.headers, location: value.headers.get("Location") };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const v = value as { data: unknown; init: ResponseInit | null };
    const headers = new Headers(v.init?.headers);
    return { status: v.init?.status ?? 200, data: v.data, headers, location: headers.get("Location") };
  }
  return { status: 200, data: value, headers: new Headers(), location: null };
}

const context = { cspNonce: "test", clientIp: "127.0.0.1" };

export function callLoader(mod: { loader: (args: LoaderFunctionArgs) => unknown }, request: Request, params: Record<string, string> = {}, ctx = context) {
  return settle(async () => mod.loader({ request, params, context: ctx }));
}

export function callAction(mod: { action: (args: ActionFunctionArgs) => unknown }, request: Request, params: Record<string, string> = {}, ctx = context) {
  return settle(async () => mod.action({ request, params, context: ctx }));
}

/** The cookie name=value from a Set-Cookie header, for the next request. */
export function cookieFrom(headers: Headers): string {
  const set = headers.get("Set-Cookie");
  if (!set) throw new Error("no Set-Cookie header");
  return set.split(";")[0];
}

/** A form post from a browser without JavaScript: an array is sent once per value (checkbox lists), undefined not at all. */
export function formRequest(pathname: string, fields: Record<string, string | string[] | undefined>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v ?? []].flat()) body.append(k, x);
  return new Request(`${BASE}${pathname}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}
