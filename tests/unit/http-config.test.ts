// Issue 11 items 13 and 18: the proxy and connection settings parse to what server.ts applies.
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/env.server";
import { bodyLimitFor, FORM_BODY_LIMIT, UPLOAD_BODY_LIMIT } from "../../app/http/limits";

const base = { DATABASE_PATH: path.join(os.tmpdir(), "kaiku-env-test", "x.db") };

describe("HTTP settings", () => {
  it("reads TRUST_PROXY as a number of proxies, 0 by default, 1 still meaning one", () => {
    expect(parseEnv(base).TRUST_PROXY).toBe(0);
    expect(parseEnv({ ...base, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ ...base, TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => parseEnv({ ...base, TRUST_PROXY: "true" })).toThrow(EnvError); // "true" would trust every hop
  });

  it("has deliberate timeouts and a per-address cap by default", () => {
    const env = parseEnv(base);
    expect([env.HTTP_HEADERS_TIMEOUT_MS, env.HTTP_REQUEST_TIMEOUT_MS, env.HTTP_KEEPALIVE_TIMEOUT_MS, env.MAX_CONNECTIONS_PER_IP]).toEqual([
      10_000, 60_000, 5_000, 256,
    ]);
  });

  it("gives only the invitation form the larger body limit", () => {
    expect(bodyLimitFor("/g/pilot/invitations")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/g/pilot/invitations.data")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/login")).toBe(FORM_BODY_LIMIT);
    expect(bodyLimitFor("/g/pilot/invitations/x")).toBe(FORM_BODY_LIMIT);
  });
});
