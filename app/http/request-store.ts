import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request learns along the way that its response must carry, whichever loader learned it. Remix hands
 * each loader its own copy of the Request, so a session that Lucia extended while one loader validated it looks
 * unchanged to the next (the root loader's refreshed cookie was lost whenever another loader got there first).
 * Shared through globalThis because server.ts and the bundled app (build/index.js) load this module separately.
 */
type RequestStore = { refreshedSessionCookie?: string };

const KEY = Symbol.for("kaiku.requestStore");
const storage: AsyncLocalStorage<RequestStore> = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new AsyncLocalStorage<RequestStore>()) as AsyncLocalStorage<RequestStore>;

export function runInRequestStore<T>(store: RequestStore, fn: () => T): T {
  return storage.run(store, fn);
}

/** The session of this request was extended: its response must send the new cookie. */
export function noteRefreshedSession(cookie: string): void {
  const store = storage.getStore();
  if (store) store.refreshedSessionCookie = cookie;
}
