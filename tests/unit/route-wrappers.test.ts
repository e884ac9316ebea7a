// Issue 11 items 10, 15 and 17: what app/http/build.server.ts adds to every route. A full disk (SQLITE_FULL, made
// real here with max_page_count) answers 503 "try again shortly" instead of 500; a refused request and a damaged
// database stop an action before it runs; routes without a `headers` export pass on their loaders' headers.
import Database from "better-sqlite3";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { mergeRouteHeaders, prepareBuild } from "../../app/http/build.server";

function buildWith(module: Record<string, unknown>): ServerBuild {
  return { routes: { "routes/x": { id: "routes/x", path: "x", module } } } as unknown as ServerBuild;
}
const args = (context: unknown = {}) => ({ request: new Request("http://kaiku.test/x", { method: "POST" }), context, params: {} });

async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("route wrappers", () => {
  it("turns a real SQLITE_FULL into a 503 with Retry-After, logged once without a stack", async () => {
    const sqlite = new Database(":memory:");
    sqlite.exec("CREATE TABLE t (v BLOB)");
    sqlite.pragma("max_page_count = 8");
    const action = vi.fn(() => {
      for (let i = 0; i < 100; i++) sqlite.prepare("INSERT INTO t VALUES (zeroblob(4096))").run();
      return null;
    });
    const built = prepareBuild(buildWith({ action }), { writesRefused: () => false });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = await thrown(() => (built.routes["routes/x"].module.action as (a: unknown) => unknown)(args()));
    expect(error).toBeInstanceOf(Response);
    const response = error as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ unavailable: "busy" });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0][0])).toMatch(/^Database unavailable \(SQLITE_FULL\)/);
    sqlite.close();
  });

  it("lets other errors through unchanged", async () => {
    const boom = new Error("a bug");
    const built = prepareBuild(buildWith({ loader: () => Promise.reject(boom) }), { writesRefused: () => false });
    expect(await thrown(() => (built.routes["routes/x"].module.loader as (a: unknown) => unknown)(args()))).toBe(boom);
  });

  it("does not run an action for a refused request or on a damaged database", async () => {
    const action = vi.fn(() => null);
    let damaged = false;
    const built = prepareBuild(buildWith({ action }), { writesRefused: () => damaged });
    const run = built.routes["routes/x"].module.action as (a: unknown) => unknown;
    expect(((await thrown(() => run(args({ requestError: { status: 413, phase: "action" } })))) as Response).status).toBe(413);
    damaged = true;
    const refused = (await thrown(() => run(args()))) as Response;
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ unavailable: "damaged" });
    expect(action).not.toHaveBeenCalled();
  });

  it("gives routes without a headers export one that passes on loader, action and error headers", () => {
    const built = prepareBuild(buildWith({ loader: () => null }), { writesRefused: () => false });
    expect(built.routes["routes/x"].module.headers).toBe(mergeRouteHeaders);
    const merged = new Headers(
      mergeRouteHeaders({
        parentHeaders: new Headers({ "Referrer-Policy": "same-origin", "Set-Cookie": "a=1" }),
        loaderHeaders: new Headers({ "Referrer-Policy": "no-referrer", "Content-Type": "application/json" }),
        actionHeaders: new Headers({ "Retry-After": "60" }),
        errorHeaders: undefined,
      }) as HeadersInit,
    );
    expect(Object.fromEntries(merged)).toEqual({ "referrer-policy": "no-referrer", "retry-after": "60" }); // Remix carries Set-Cookie itself
  });
});
