// Issue 11 items 10 and 12: what a request body can do to the server. Bodies are limited and checked before any
// route parses them; too large answers a translated 413, malformed a translated 400, both with nothing written.
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccount, insertGroup, post, queryDb, signInHttp } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let adminCookie: string;
let moderatorCookie: string;
const PASSWORD = "a good long password";
const MB = 1024 * 1024;

beforeAll(async () => {
  // The heap limits of `npm run serve`: a 50 MB form used to exhaust them and kill the process.
  server = await startServer({ nodeArgs: ["--max-old-space-size=256", "--max-semi-space-size=16"] });
  await insertAccount(server.dbPath, { email: "admin@example.test", role: "admin", password: PASSWORD, locale: "en" });
  const moderatorId = await insertAccount(server.dbPath, { email: "mod@example.test", password: PASSWORD, locale: "fi" });
  insertGroup(server.dbPath, { slug: "pilot", name: "Pilot", moderatorId });
  adminCookie = await signInHttp(server.url, "admin@example.test", PASSWORD);
  moderatorCookie = await signInHttp(server.url, "mod@example.test", PASSWORD);
}, 60_000);
afterAll(() => server.stop());

type Sent = { status: number; body: string; error?: string };

/** Sends `total` bytes of `fill` after `head` (and before `tail`), in 1 MB writes, chunked unless `contentLength`. */
function sendLarge(
  path: string,
  opts: { headers: Record<string, string>; head: string; fill: string; total: number; tail?: string; contentLength?: boolean },
): Promise<Sent> {
  const url = new URL(path, server.url);
  const head = Buffer.from(opts.head);
  const tail = Buffer.from(opts.tail ?? "");
  const block = Buffer.alloc(MB, opts.fill);
  const fillBytes = opts.total - head.length - tail.length;
  return new Promise((resolve) => {
    const headers: Record<string, string> = { Origin: server.url, ...opts.headers };
    if (opts.contentLength) headers["Content-Length"] = String(opts.total);
    const req = http.request(url, { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (error) => resolve({ status: 0, body: "", error: error.message }));
    // 20 ms between megabytes, as a fast client on a real network: the request is surely still in flight while
    // the test asks the server for other things.
    let written = 0;
    req.write(head);
    const write = () => {
      if (written >= fillBytes) return void req.end(tail);
      const n = Math.min(MB, fillBytes - written);
      written += n;
      const next = () => setTimeout(write, 20);
      if (req.write(n === MB ? block : block.subarray(0, n))) next();
      else req.once("drain", next);
    };
    write();
  });
}

function rssMb(pid: number): number {
  // A process that has died (a zombie until reaped) has no VmRSS line.
  const status = fs.existsSync(`/proc/${pid}/status`) ? fs.readFileSync(`/proc/${pid}/status`, "utf8") : "";
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs `during` while `request` is in flight, and samples the server's memory meanwhile. */
async function whileInFlight<T>(request: Promise<T>, during: () => Promise<void>) {
  let done = false;
  const result = request.finally(() => (done = true));
  let peak = rssMb(server.process.pid!);
  const sampler = setInterval(() => {
    if (server.process.exitCode === null) peak = Math.max(peak, rssMb(server.process.pid!));
  }, 50);
  try {
    await new Promise((r) => setTimeout(r, 200));
    expect(done, "the large request is still being sent").toBe(false);
    await during();
    const value = await result;
    return { value, peakRssMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

async function healthzMs(): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  return performance.now() - start;
}

describe("request size limits", () => {
  it("answers a 50 MB anonymous sign-in POST with a translated 413 while the server keeps answering, memory flat", async () => {
    const before = rssMb(server.process.pid!);
    const { value, peakRssMb } = await whileInFlight(
      sendLarge("/login", {
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fi" },
        head: "email=",
        fill: "a",
        total: 50 * MB,
        contentLength: true,
      }),
      async () => {
        expect(await healthzMs()).toBeLessThan(2000);
      },
    );
    expect(value.error).toBeUndefined(); // the body was read to its end: an answer, not a reset connection
    expect(value.status).toBe(413);
    expect(value.body).toContain("Lähetys oli liian suuri");
    console.log(`server RSS during the 50 MB POST: ${before.toFixed(0)} MB before, ${peakRssMb.toFixed(0)} MB at most`);
    expect(peakRssMb - before, `RSS ${before.toFixed(0)} -> peak ${peakRssMb.toFixed(0)} MB`).toBeLessThan(80);
    expect(server.process.exitCode).toBeNull();
    expect(await healthzMs()).toBeLessThan(2000);
    expect(queryDb(server.dbPath, "SELECT key FROM rate_limits WHERE key LIKE 'login:account:aaa%'")).toEqual([]);
  }, 120_000);

  it("limits a chunked body without Content-Length as it arrives (60 MB CSV upload to the invitations form)", async () => {
    const boundary = "----kaikutest";
    const { value } = await whileInFlight(
      sendLarge("/g/pilot/invitations", {
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: moderatorCookie },
        head: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\ninvite\r\n--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        fill: "x@example.com,X\n",
        tail: `\r\n--${boundary}--\r\n`,
        total: 60 * MB,
      }),
      async () => {
        expect(await healthzMs()).toBeLessThan(2000);
      },
    );
    expect(value.error).toBeUndefined();
    expect(value.status).toBe(413);
    expect(value.body).toContain("Lähetys oli liian suuri"); // the moderator's language
    expect(queryDb(server.dbPath, "SELECT id FROM invitations")).toEqual([]);
    expect(server.process.exitCode).toBeNull();
  }, 120_000);

  it("still takes an ordinary CSV upload on the invitations form", async () => {
    const form = new FormData();
    form.set("intent", "invite");
    form.set("emails", "");
    form.set("message", "");
    form.set("csv", new File(["anna@example.com,Anna\nbertil@example.com,Bertil\n"], "list.csv", { type: "text/csv" }));
    const res = await fetch(`${server.url}/g/pilot/invitations`, {
      method: "POST",
      body: form,
      headers: { Origin: server.url, Cookie: moderatorCookie },
      redirect: "manual",
    });
    expect(res.status).toBe(200);
    expect(queryDb<{ email: string }>(server.dbPath, "SELECT email FROM invitations ORDER BY email")).toEqual([
      { email: "anna@example.com" },
      { email: "bertil@example.com" },
    ]);
  });

  it("refuses 20,000 repeats of one field in 160 KB at once, before conform's parser sees them", async () => {
    const body = Array.from({ length: 20_000 }, () => "email=a").join("&");
    const started = performance.now();
    const pending = fetch(`${server.url}/login`, {
      method: "POST",
      body,
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
    });
    const health = healthzMs();
    const res = await pending;
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("That was too much to send");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await health).toBeLessThan(2000);
  });
});

describe("malformed bodies", () => {
  const cases: [string, RequestInit & { headers: Record<string, string> }][] = [
    ["a JSON body", { body: '{"email":"a@b.c"}', headers: { "Content-Type": "application/json" } }],
    ["a text/plain body", { body: "email=a@b.c", headers: { "Content-Type": "text/plain" } }],
    ["a body without a content type", { body: new Uint8Array(Buffer.from("email=a@b.c")), headers: {} }],
    ["multipart without its boundary parameter", { body: "--x\r\n", headers: { "Content-Type": "multipart/form-data" } }],
    [
      "multipart that never closes",
      { body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc', headers: { "Content-Type": "multipart/form-data; boundary=xyz" } },
    ],
    [
      "a body claiming gzip that is not",
      { body: "email=a%40b.c&password=x", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip" } },
    ],
    [
      "conform's reserved __intent__ field",
      { body: "email=a%40b.c&password=x&__intent__=%7Bbroken", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ],
    [
      "conform's reserved __state__ field",
      { body: "email=a%40b.c&password=x&__state__=nope", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ],
    [
      "a conform list operation in __intent__",
      {
        body: `email=a%40b.c&password=x&__intent__=${encodeURIComponent('{"type":"remove","payload":{"name":"email","index":99}}')}`,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      },
    ],
    [
      "a field name that conform reads as a long list",
      { body: "email=a%40b.c&password=x&tags%5B99999999%5D=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ],
    [
      "a field name that conform reads as a path",
      { body: "email=a%40b.c&password=x&__proto__.polluted=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ],
  ];

  it.each(cases)("answers %s to the anonymous sign-in form with a translated 400, no stack and no write", async (_name, init) => {
    const logBefore = server.output().length;
    for (const path of ["/login", "/login.data"]) {
      const res = await fetch(`${server.url}${path}`, { method: "POST", ...init, headers: { Origin: server.url, "Accept-Language": "fi", ...init.headers } });
      expect(res.status, path).toBe(400);
      if (path === "/login") expect(await res.text()).toContain("Pyynnössä oli jotain vialla");
    }
    expect(server.output().slice(logBefore)).not.toMatch(/\n\s+at /);
    expect(queryDb(server.dbPath, "SELECT key FROM rate_limits WHERE key LIKE 'login:%a@b.c%'")).toEqual([]);
  });

  it("answers a legacy ?_data= request with a translated 400 and logs no stack", async () => {
    const logBefore = server.output().length;
    const res = await fetch(`${server.url}/groups/new?_data=routes/groups.new`, { headers: { Cookie: adminCookie, "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Something in the request was not right");
    const posted = await post(`${server.url}/groups/new?_data=routes/groups.new`, { name: "Sneaky", slug: "sneaky" }, { cookie: adminCookie });
    expect(posted.status).toBe(400);
    expect(queryDb(server.dbPath, "SELECT slug FROM groups WHERE slug = 'sneaky'")).toEqual([]);
    expect(server.output().slice(logBefore)).not.toMatch(/\n\s+at |_data requests/);
  });

  it("lets through conform's own validate request (a form asking the server to check one field)", async () => {
    const intent = encodeURIComponent('{"type":"validate","payload":{"name":"email"}}');
    const res = await fetch(`${server.url}/login.data`, {
      method: "POST",
      body: `email=&password=&__intent__=${intent}`,
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(400); // the sign-in form's own answer: its fields are empty
    expect(await res.text()).toContain("email");
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it("still takes a well-formed sign-in (URL-encoded and multipart)", async () => {
    expect((await post(`${server.url}/login`, { email: "admin@example.test", password: PASSWORD })).status).toBe(302);
    const form = new FormData();
    form.set("email", "admin@example.test");
    form.set("password", PASSWORD);
    const res = await fetch(`${server.url}/login`, { method: "POST", body: form, headers: { Origin: server.url }, redirect: "manual" });
    expect(res.status).toBe(302);
  });
});
