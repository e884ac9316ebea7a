import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RequestProvider } from "./components/request-context";

// A request that a newer one replaced (a second click, the revalidation after a vote, the next keystroke's
// lookup) is aborted; the abandoned promise then rejects with an AbortError that nothing awaits any more. It
// is not an error anyone can act on, so it is not reported as one.
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof DOMException && event.reason.name === "AbortError") event.preventDefault();
});

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestProvider value={{ nonce: "", fallbackLocale: document.documentElement.lang === "en" ? "en" : "fi" }}>
        <RemixBrowser />
      </RequestProvider>
    </StrictMode>,
  );
});
