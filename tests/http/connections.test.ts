// Issue 11 items 18, 13 (the proxy part) and 26 (the start log): slow clients are cut off by deliberate
// timeouts and a per-address connection cap; behind one proxy, the client address is the one that proxy saw.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

describe("slow clients", () => {
  let server: RunningServer;
  beforeAll(async () => {
    // NODE_ENV=development as `npm start` runs it, for the start log's test below.
    server = await startServer({
      env: { NODE_ENV: "development", HTTP_HEADERS_TIMEOUT_MS: "1500", HTTP_REQUEST_TIMEOUT_MS: "3000", MAX_CONNECTIONS_PER_IP: "50" },
    });
  }, 60_000);
  afterAll(() => server.stop());

  it("cuts off 150 sockets sending their headers a byte at a time, while /healthz stays fast", async () => {
    const { port } = new URL(server.url);
    const SOCKETS = 150;
    const started = Date.now();
    const closedAt: number[] = [];
    const sockets: net.Socket[] = [];
    const drips: NodeJS.Timeout[] = [];
    // From another loopback address, so the cap on 127.0.0.2 does not touch the health check from 127.0.0.1.
    for (let i = 0; i < SOCKETS; i++) {
      const socket = net.connect({ host: "127.0.0.1", port: Number(port), localAddress: "127.0.0.2" });
      socket.on("error", () => {});
      socket.on("close", () => closedAt.push(Date.now() - started));
      socket.on("connect", () => {
        socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        drips.push(setInterval(() => socket.writable && socket.write("a"), 200));
      });
      sockets.push(socket);
    }
    const latencies: number[] = [];
    while (Date.now() - started < 4500) {
      const t = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 150));
    }
    drips.forEach(clearInterval);
    const stillOpen = sockets.filter((s) => !s.destroyed && s.readyState === "open").length;
    sockets.forEach((s) => s.destroy());
    expect(Math.max(...latencies), `health check latencies ${latencies.map((l) => l.toFixed(0)).join(",")}`).toBeLessThan(1000);
    expect(stillOpen).toBe(0); // every slow socket was closed by the server within its headers timeout
    expect(closedAt.filter((t) => t < 1000).length).toBeGreaterThanOrEqual(SOCKETS - 50); // the cap: 50 per address
  }, 30_000);

  it("says in its start log what development mode means (the build before it said 'production')", () => {
    expect(server.output()).toMatch(
      /Kaiku listening on http:\/\/127\.0\.0\.1:\d+ \(NODE_ENV=development: built-in secret, cookies without Secure, error details in responses; set NODE_ENV=production for real use\)\n/,
    );
  });
});

describe("behind one reverse proxy (TRUST_PROXY=1)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { TRUST_PROXY: "1" } });
  }, 60_000);
  afterAll(() => server.stop());

  it("keys sign-in failures by the address the proxy saw, whatever the client wrote into X-Forwarded-For", async () => {
    // The proxy appends the address it saw (198.51.100.7); the client forged a new one in front each time.
    let status = 0;
    let attempts = 0;
    while (status !== 429 && attempts < 60) {
      attempts++;
      const res = await post(
        `${server.url}/login`,
        { email: `nobody${attempts}@example.test`, password: "wrong password!" },
        { headers: { "X-Forwarded-For": `203.0.113.${attempts}, 198.51.100.7` } },
      );
      status = res.status;
    }
    expect(status).toBe(429); // the per-IP limit (50 failures today), reached although every attempt names another account
    // Another client behind the same proxy is not limited by the first one's failures.
    const other = await post(
      `${server.url}/login`,
      { email: "someone@example.test", password: "wrong password!" },
      { headers: { "X-Forwarded-For": "198.51.100.8" } },
    );
    expect(other.status).toBe(400);
  }, 60_000);

  it("says honestly how it runs, without framework warnings", () => {
    expect(server.output()).toMatch(/Kaiku listening on http:\/\/127\.0\.0\.1:\d+ \(production\)\n/);
    expect(server.output()).not.toMatch(/deprecat|warning|future flag/i);
  });
});
