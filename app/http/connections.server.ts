import http from "node:http";
import type { Socket } from "node:net";

export type ConnectionLimits = {
  /** A client must send all its headers within this (Node's default is 60 s). */
  headersTimeoutMs: number;
  /** ... and its whole request, body included, within this (Node's default is 300 s). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections one address may hold; 0 = no cap (behind a reverse proxy every client is the proxy). */
  maxConnectionsPerIp: number;
};

/**
 * The HTTP server with deliberate timeouts: 500 sockets sending their headers a byte at a time held the server
 * for Node's defaults (a minute for headers, five for a request) and the health check took 20 s. Node checks the
 * timeouts every `connectionsCheckingInterval` (30 s by default), so the interval follows the shortest timeout.
 */
export function createHttpServer(app: http.RequestListener, limits: ConnectionLimits): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    app,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  if (limits.maxConnectionsPerIp > 0) capConnectionsPerIp(server, limits.maxConnectionsPerIp);
  return server;
}

function capConnectionsPerIp(server: http.Server, max: number) {
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const ip = socket.remoteAddress ?? "unknown";
    const count = (open.get(ip) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(ip, count);
    socket.once("close", () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left <= 0) open.delete(ip);
      else open.set(ip, left);
    });
  });
}
