// Kaiku's HTTP server: migrations, the database check and demo data at boot, security headers, CSRF refusal,
// static files, request limits, the Remix request handler, and the background dispatcher (domain events to their
// subscribers, then the email outbox). Run with `npm run serve` (tsx).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fs from "node:fs";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const BUILD_PATH = path.join(root, "build/index.js");

async function main() {
  let env: typeof import("./app/env.server").env;
  try {
    ({ env } = await import("./app/env.server"));
  } catch (error) {
    if (error instanceof Error && error.name === "EnvError") {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  installGlobals({ nativeFetch: true });
  const { runMigrations } = await import("./db/migrate");
  const { db, closeDb } = await import("./app/db.server");
  const { seedDemo, isEmpty, DEMO_PASSWORD, DEMO_USERS } = await import("./scripts/seed/demo");
  const { createNonce, isCrossSiteRequest, securityHeaders } = await import("./app/security.server");
  const { startDispatcher } = await import("./app/email/dispatcher.server");
  const { translate, localeFromAcceptLanguage } = await import("./app/i18n");
  const { createRequestHandler } = await import("./app/http/handler.server");
  const { prepareBuild } = await import("./app/http/build.server");
  const { createHttpServer } = await import("./app/http/connections.server");
  const { startDatabaseCheck } = await import("./app/http/database-check.server");

  try {
    runMigrations(env.DATABASE_PATH);
  } catch (error) {
    console.error(`Kaiku cannot start: the database at ${env.DATABASE_PATH} could not be migrated.\n  ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  if (env.demo && isEmpty(db())) {
    await seedDemo(db());
    console.log(`Demo data created. Sign in at ${env.APP_URL}/login with password "${DEMO_PASSWORD}" as:`);
    for (const u of DEMO_USERS.slice(0, 5)) console.log(`  ${u.role.padEnd(6)}  ${u.email}`);
  }
  if (!fs.existsSync(BUILD_PATH)) {
    console.error("Kaiku cannot start: build/index.js is missing. Run `npm run build` first (npm start does it for you).");
    process.exit(1);
  }

  // Until the check has passed a damaged file may take writes; once it fails, every action answers 503.
  const database = startDatabaseCheck(env.DATABASE_PATH);

  const isDev = env.NODE_ENV === "development" && Boolean(process.env.REMIX_DEV_ORIGIN);
  const routeOptions = { writesRefused: () => database.state === "damaged" };
  const rawBuild = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  let build = prepareBuild(rawBuild, routeOptions);
  let buildTime = fs.statSync(BUILD_PATH).mtimeMs;
  // Under `remix dev`, pick up rebuilt server code without restarting.
  const getBuild = async () => {
    const mtime = fs.statSync(BUILD_PATH).mtimeMs;
    if (mtime !== buildTime) {
      buildTime = mtime;
      const fresh = (await import(`${pathToFileURL(BUILD_PATH).href}?t=${mtime}`)) as ServerBuild;
      build = prepareBuild(fresh, routeOptions);
      broadcastDevReady(fresh);
    }
    return build;
  };

  const app = express();
  app.disable("x-powered-by");
  if (env.bench) app.use(benchTimings());
  // Exactly the configured number of proxies: `true` would trust every hop, and a client could then write any
  // address it likes at the front of X-Forwarded-For (each failed sign-in under its own per-IP key).
  if (env.TRUST_PROXY > 0) app.set("trust proxy", env.TRUST_PROXY);
  const ownOrigins = [new URL(env.APP_URL).origin];

  app.use((req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    const headers = securityHeaders(nonce, { isProduction: env.isProduction, devOrigin: isDev ? process.env.REMIX_DEV_ORIGIN : undefined });
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (env.isProduction) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const requestOrigin = `${req.protocol}://${req.get("host")}`;
    if (
      isCrossSiteRequest({ method: req.method, origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site"), ownOrigins: [...ownOrigins, requestOrigin] })
    ) {
      const locale = localeFromAcceptLanguage(req.get("accept-language") ?? null) ?? "en";
      res.status(403).type("text/plain; charset=utf-8").send(translate(locale, "errors.csrf"));
      return;
    }
    next();
  });
  app.use(compression());
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // Other public files are looked up only for addresses that name a file (favicon.svg; not Remix's .data):
  // asking the disk about every page address cost a failed stat() and its error object per request.
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.(?!data$)\w+$/.test(req.path) ? publicFiles(req, res, next) : next()));
  app.all(
    "*",
    createRequestHandler({
      build: isDev ? getBuild : build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        database: database.state,
      }),
    }),
  );
  // Whatever escaped the handler: one log line with its stack, and a translated answer without it.
  app.use(((error, req, res, _next) => {
    console.error(error);
    if (res.headersSent) return res.destroy();
    const locale = localeFromAcceptLanguage(req.get("accept-language") ?? null) ?? "fi";
    res.status(500).type("text/plain; charset=utf-8").send(translate(locale, "errors.500.text"));
  }) as express.ErrorRequestHandler);

  // Steps the domain events (those left by a crash at once, then on every interval; each commit kicks them too) and
  // sends the outbox.
  const stopDispatcher = startDispatcher();
  const server = createHttpServer(app, {
    headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: env.HTTP_KEEPALIVE_TIMEOUT_MS,
    // Behind a proxy every connection comes from the proxy, which must do the limiting itself (README).
    maxConnectionsPerIp: env.TRUST_PROXY > 0 ? 0 : env.MAX_CONNECTIONS_PER_IP,
  });
  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    console.log(`Kaiku listening on http://${env.HOST}:${port} (${modeLine(env)})`);
    if (isDev) broadcastDevReady(rawBuild);
  });
  const shutdown = () => {
    stopDispatcher();
    server.close(() => {
      closeDb();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

/**
 * `npm run bench` only (KAIKU_BENCH=1): how long the server spent on each request, from arrival to the last byte,
 * by method and path (numbers folded to :n). GET /bench/timings reads (and with ?reset=1 clears) the figures.
 */
function benchTimings(): express.RequestHandler {
  const timings = new Map<string, number[]>();
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return (req, res, next) => {
    if (req.path === "/bench/timings") {
      const summary = Object.fromEntries(
        [...timings].map(([key, list]) => {
          const sorted = [...list].sort((a, b) => a - b);
          return [key, { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
        }),
      );
      if (req.query.reset) timings.clear();
      const memory = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]));
      // Each command's write-lock times, in ms (the command runner keeps the last few per command name).
      const lockTimes = (globalThis as Record<symbol, unknown>)[Symbol.for("kaiku.commandLockTimes")] as Map<string, number[]> | undefined;
      const locks = Object.fromEntries(lockTimes ?? []);
      if (req.query.reset) lockTimes?.clear();
      res.json({ ...summary, memory, locks });
      return;
    }
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const key = `${req.method} ${req.path.replace(/\d+/g, ":n")}`;
      const list = timings.get(key) ?? [];
      list.push(Number(process.hrtime.bigint() - start) / 1e6);
      timings.set(key, list);
    });
    next();
  };
}

/**
 * The start log's word on the mode. The build always prints "production" (its assets are), so the server says
 * what its own mode means: outside production it runs with a built-in secret, cookies without Secure, and error
 * details in its responses.
 */
function modeLine(env: { isProduction: boolean; NODE_ENV: string }): string {
  if (env.isProduction) return "production";
  return `NODE_ENV=${env.NODE_ENV}: built-in secret, cookies without Secure, error details in responses; set NODE_ENV=production for real use`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
