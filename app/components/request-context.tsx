import { createContext, useContext } from "react";
import type { Locale } from "~/i18n";

/**
 * What the document needs before any loader data exists: the CSP nonce, and a locale guessed from the request
 * alone, so even an error page whose root loader failed speaks the visitor's language.
 */
type RequestInfo = { nonce: string; fallbackLocale: Locale };
const RequestContext = createContext<RequestInfo>({ nonce: "", fallbackLocale: "fi" });
export const RequestProvider = RequestContext.Provider;
export const useNonce = () => useContext(RequestContext).nonce;
export const useFallbackLocale = () => useContext(RequestContext).fallbackLocale;
