import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RequestProvider } from "./components/request-context";
import { withoutNulBytes } from "./http/document-bytes.server";
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
 * into Node's, each its own turn of the event loop while other requests wait (measured: 10 to 15% of a board
 * page's time). `renderToString` cannot be used: single fetch hands the loaders' data to the document through
 * a suspending stream, which it does not wait for.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  const cookieLocale = request.headers.get("Cookie")?.match(/(?:^|;\s*)kaiku_lang=(fi|en)/)?.[1] as "fi" | "en" | undefined;
  const fallbackLocale = cookieLocale ?? localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? "fi";
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let shellReady = false;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Cache-Control", "private, no-store");
        // React 18.3's Node renderer leaves NUL bytes where a multi-byte character met its buffer's end.
        resolve(new Response(withoutNulBytes(Buffer.concat(chunks)), { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <RequestProvider value={{ nonce, fallbackLocale }}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </RequestProvider>,
      {
        nonce,
        onShellReady() {
          shellReady = true;
        },
        onAllReady() {
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error before the shell is rejected above, and Remix logs it through handleError: log it once.
          if (shellReady) console.error(error);
        },
      },
    );
    timer = setTimeout(abort, streamTimeout + 1000);
  });
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the browser navigated away) are not errors worth logging.
  if (request.signal.aborted) return;
  console.error(error);
};
