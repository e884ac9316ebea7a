import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RequestProvider } from "./components/request-context";
import { isLocale, loadMessages } from "./i18n";

// A request that a newer one replaced (a second click, the revalidation after a vote, the next keystroke's
// lookup) is aborted; the abandoned promise then rejects with an AbortError that nothing awaits any more. It
// is not an error anyone can act on, so it is not reported as one.
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof DOMException && event.reason.name === "AbortError") event.preventDefault();
});

// The page's language (root sets <html lang>) arrives as a chunk of its own: the browser gets one language's page
// strings, not both dictionaries. Hydration waits for it, so the first render matches the server's; if it cannot
// be loaded, the page hydrates anyway (and shows keys) rather than staying dead.
const locale = isLocale(document.documentElement.lang) ? document.documentElement.lang : "fi";
loadMessages(locale)
  .catch(() => undefined)
  .then(() =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RequestProvider value={{ nonce: "", fallbackLocale: locale }}>
            <RemixBrowser />
          </RequestProvider>
        </StrictMode>,
      );
    }),
  );
