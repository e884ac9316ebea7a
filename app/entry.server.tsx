import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// The web-streams build, not react-dom/server's Node build: React 18.3's Node renderer flushes its whole
// 2,048-byte buffer when a multi-byte character does not fit at its end, so Finnish pages carried a NUL byte
// where the buffer ended (in "sis\0ään"). The web-streams build copies encoded bytes and never leaves a gap.
import { renderToReadableStream } from "react-dom/server.browser";
import { RequestProvider } from "./components/request-context";
import type { DatabaseState } from "./http/database-check.server";
import type { RequestError } from "./http/request-error";
import { localeFromAcceptLanguage } from "./i18n";

export const streamTimeout = 5_000;

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
    /** Set by server.ts's database check; absent where the app runs without it (tests of loaders). */
    database?: DatabaseState;
    /** Set when the HTTP layer refused the request's body or address (app/http/request-error.ts). */
    requestError?: RequestError;
  }
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Renders the whole document, then sends it as one body. Kaiku's pages stream nothing (their data is ready
 * when rendering starts), so waiting for all of it costs no time to first byte, and a document handed on in one
 * piece spares the dozens of small chunks that would otherwise go through React's stream, a web stream and back
 * into Node's, each its own turn of the event loop while other requests wait. (`renderToString` cannot be used:
 * single fetch hands the loaders' data to the document through a suspending stream, which it does not wait for.)
 */
export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext?.cspNonce ?? "";
  const cookieLocale = request.headers.get("Cookie")?.match(/(?:^|;\s*)kaiku_lang=(fi|en)/)?.[1] as "fi" | "en" | undefined;
  const fallbackLocale = cookieLocale ?? localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? "fi";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), streamTimeout + 1000);
  let shellReady = false;
  try {
    const stream = await renderToReadableStream(
      <RequestProvider value={{ nonce, fallbackLocale }}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </RequestProvider>,
      {
        nonce,
        signal: controller.signal,
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error before the shell rejects the render, and Remix logs it through handleError: log it once.
          if (shellReady) console.error(error);
        },
      },
    );
    shellReady = true;
    await stream.allReady;
    const body = Buffer.from(await new Response(stream).arrayBuffer());
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Cache-Control", "private, no-store");
    return new Response(body, { headers: responseHeaders, status: responseStatusCode });
  } finally {
    clearTimeout(timer);
  }
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the browser navigated away) are not errors worth logging.
  if (request.signal.aborted) return;
  console.error(error);
};
