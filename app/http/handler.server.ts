import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";
import { readForm } from "./body.server";
import { bodyLimitFor } from "./limits";
import type { RequestError } from "./request-error";
import { runInRequestStore } from "./request-store";

type Options = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
};

const BODYLESS = new Set(["GET", "HEAD"]);

/**
 * Express to Remix, like @remix-run/express, with the body read here instead of by each route: every form is
 * size-limited and checked before any route parses it (see body.server.ts), and a refused one still goes
 * through Remix, empty, so the answer is the route's translated error page (see request-error.ts).
 */
export function createRequestHandler({ build, mode, getLoadContext }: Options): express.RequestHandler {
  const handle = createRemixHandler(build, mode);
  return async (req, res, next) => {
    try {
      const url = requestUrl(req);
      let requestError: RequestError | undefined;
      // Single fetch never sends ?_data=; Remix answers one with a logged "should not be making ?_data requests".
      if (url.searchParams.has("_data")) {
        url.searchParams.delete("_data");
        requestError = { status: 400, phase: BODYLESS.has(req.method) ? "loader" : "action" };
      }
      const headers = requestHeaders(req);
      const controller = new AbortController();
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
      if (!BODYLESS.has(req.method)) {
        const form = await readForm(req, bodyLimitFor(url.pathname));
        if (res.destroyed) return;
        if (!form.ok) requestError = { status: form.status, phase: "action" };
        headers.delete("Content-Encoding");
        headers.delete("Transfer-Encoding");
        headers.set("Content-Type", form.ok ? form.contentType : "application/x-www-form-urlencoded");
        const body = form.ok ? form.body : Buffer.alloc(0);
        headers.set("Content-Length", String(body.length));
        init.body = body as unknown as BodyInit;
      }
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const store: { refreshedSessionCookie?: string } = {};
      const context = { ...getLoadContext(req, res), requestError };
      const response = await runInRequestStore(store, () => handle(new Request(url.href, init), context));
      await send(res, response, store.refreshedSessionCookie);
    } catch (error) {
      next(error);
    }
  };
}

function requestUrl(req: express.Request): URL {
  // req.hostname has no port; take it from X-Forwarded-Host or Host, as @remix-run/express does.
  const port = (req.get("X-Forwarded-Host") ?? req.get("host") ?? "").split(":")[1];
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

function requestHeaders(req: express.Request): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  return headers;
}

async function send(res: express.Response, response: Response, refreshedSessionCookie: string | undefined) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // set, not append: a route's own header (Referrer-Policy: no-referrer on token pages) replaces the server's default.
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (refreshedSessionCookie) {
    const name = refreshedSessionCookie.slice(0, refreshedSessionCookie.indexOf("=") + 1);
    if (!cookies.some((c) => c.startsWith(name))) cookies.push(refreshedSessionCookie);
  }
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
