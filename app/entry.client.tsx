import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RequestProvider } from "./components/request-context";

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
