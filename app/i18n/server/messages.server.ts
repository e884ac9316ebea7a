import type { Locale } from "~/domain/constants";
import { en, type MessageKey } from "../en";
import { fi } from "../fi";
import { enServer } from "./en.server";
import { fiServer } from "./fi.server";

/**
 * The server's dictionaries: every key of both languages, the pages' and the server's own. `translate` reads these on
 * the server; in the browser build this module is an empty one (Remix drops `.server` modules from it), so there
 * `translate` reads the one page dictionary the browser loaded.
 */
export const serverDictionaries: Record<Locale, Record<MessageKey, string>> = {
  en: { ...en, ...enServer },
  fi: { ...fi, ...fiServer },
};
