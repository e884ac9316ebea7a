// `npm run bench`: the app at scale, measured against bare Remix on this machine.
//
// Builds nothing itself (`npm run bench` builds first); generates (or reuses) the scale database, starts the
// built server on 127.0.0.1 in production mode with KAIKU_BENCH=1 (which adds the baseline routes and
// server-side timings), signs in as a member and as staff, and measures each scenario with autocannon:
// 10 connections for 10 s after a warm-up. Prints a table and writes the same as JSON.
//
//   tsx scripts/bench/run.ts            full: 100 groups, 100,000 members, 100,000 ideas, 1M votes, 1M comments
//   tsx scripts/bench/run.ts --smoke    small database, 1 s runs (part of `npm test`, so the benchmark cannot rot)
//   --out <file>                        the JSON report there instead of tests/.tmp/bench/<mode>.json
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { FULL, generate, PASSWORD, SMOKE } from "./generate";

const ROOT = path.resolve(import.meta.dirname, "../..");
const smoke = process.argv.includes("--smoke");
const DURATION = smoke ? 1 : 10;
const WARMUP = smoke ? 0.5 : 3;
const ALONE = smoke ? 0.5 : 3;
const CONNECTIONS = 10;
/** Where the JSON report goes: --out <file>, or tests/.tmp/bench/<mode>.json. */
const OUT = process.argv.includes("--out") ? path.resolve(process.argv[process.argv.indexOf("--out") + 1] ?? "") : null;

type Scenario = { name: string; label: string; baseline: "page" | "action" | null; serverKey: string; options: autocannon.Options };
type Row = { name: string; label: string; requestsPerSecond: number; p50: number; p99: number; serverP50: number | null; serverP99: number | null; aloneP50: number | null; ratio: number | null; non2xx: number; errors: number; rssMb: number; peakRssMb: number };

/** The scale database is made once per generator and schema version and copied for each run (runs write to it). */
function databaseFile(): { source: string; generateIt: boolean } {
  const version = crypto
    .createHash("sha256")
    .update(fs.readFileSync(path.join(ROOT, "scripts/bench/generate.ts")))
    .update(fs.readFileSync(path.join(ROOT, "migrations/meta/_journal.json")))
    .digest("hex")
    .slice(0, 12);
  const source = path.join(os.tmpdir(), `kaiku-bench-${smoke ? "smoke" : "full"}-${version}.db`);
  return { source, generateIt: !fs.existsSync(source) };
}

async function startServer(dbPath: string) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  // The same command as `npm run serve`, so what is measured is what runs in production.
  const serve = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.serve.split(/\s+/);
  if (serve[0] !== "node") throw new Error(`the serve script should start with "node": ${serve.join(" ")}`);
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), ...serve.slice(1)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", KAIKU_BENCH: "1", SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123", APP_URL: `http://127.0.0.1:${port}`, HOST: "127.0.0.1", PORT: String(port), DATABASE_PATH: dbPath, KAIKU_DEMO: "0", OUTBOX_INTERVAL_MS: "60000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout.on("data", () => {
      const m = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  /** Peak resident memory so far (VmHWM), in MB. */
  const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  const peakRss = () => status("VmHWM");
  const rss = () => status("VmRSS");
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))));
  return { url, peakRss, rss, stop };
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/login`, { method: "POST", redirect: "manual", headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password: PASSWORD }) });
  if (res.status !== 302) throw new Error(`signing in as ${email} failed with ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0];
}

/** What the benchmark needs from the data: a member of the first group, an idea with about 200 comments. */
function fixtures(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const group = db.prepare("SELECT id, slug FROM groups ORDER BY slug LIMIT 1").get() as { id: string; slug: string };
    const idea = db.prepare("SELECT number, comment_count AS comments FROM ideas WHERE group_id = ? ORDER BY abs(comment_count - 200), number LIMIT 1").get(group.id) as { number: number; comments: number };
    const board = db.prepare("SELECT count(*) AS n FROM ideas WHERE group_id = ?").get(group.id) as { n: number };
    const member = db.prepare("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? AND m.role = 'member' AND EXISTS (SELECT 1 FROM votes v WHERE v.user_id = u.id) ORDER BY u.rowid LIMIT 1").get(group.id) as { email: string };
    // Ideas the member toggles a vote on, one per connection.
    const voteOn = (db.prepare("SELECT number FROM ideas WHERE group_id = ? ORDER BY number DESC LIMIT ?").all(group.id, CONNECTIONS) as { number: number }[]).map((r) => r.number);
    // What a member might type when their idea is like one already there: the start of an existing title, the
    // last word half-typed.
    const title = db.prepare("SELECT title FROM ideas WHERE group_id = ? AND number = ?").pluck().get(group.id, Math.ceil(board.n * 0.7)) as string;
    const typed = title.replace(/[.]$/, "").split(" ").slice(0, 5);
    typed[typed.length - 1] = typed[typed.length - 1].slice(0, 4);
    return { group, idea, boardSize: board.n, member: member.email, voteOn, similarQuery: typed.join(" ") };
  } finally {
    db.close();
  }
}

type Timings = Record<string, { count: number; p50: number; p99: number }>;

/**
 * One scenario: a warm-up, the measured run (10 connections), then a short run with one connection, whose server
 * time is the request's own cost: under 10 connections one event loop interleaves the others' work into every
 * request's time on the server.
 */
async function measure(url: string, scenario: Scenario) {
  const base = { connections: CONNECTIONS, ...scenario.options };
  await autocannon({ ...base, duration: WARMUP });
  await fetch(`${url}/bench/timings?reset=1`);
  const result = await autocannon({ ...base, duration: DURATION });
  const server = ((await (await fetch(`${url}/bench/timings?reset=1`)).json()) as Timings)[scenario.serverKey];
  await autocannon({ ...base, connections: 1, duration: ALONE });
  const alone = ((await (await fetch(`${url}/bench/timings?reset=1`)).json()) as Timings)[scenario.serverKey];
  return { result, server, alone };
}

async function main() {
  const { source, generateIt } = databaseFile();
  if (generateIt) {
    console.log(`Generating the ${smoke ? "smoke" : "scale"} database (once per generator version): ${source}`);
    await generate(source, smoke ? SMOKE : FULL, console.log);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-bench-run-"));
  const dbPath = path.join(dir, "kaiku.db");
  fs.copyFileSync(source, dbPath);
  const fx = fixtures(dbPath);
  const scale = smoke ? SMOKE : FULL;
  console.log(`Database: ${scale.groups} groups, ${scale.groups * scale.membersPerGroup} members, ${scale.groups * scale.ideasPerGroup} ideas, ${scale.groups * scale.votesPerGroup} votes, ${scale.groups * scale.commentsPerGroup} comments`);
  const server = await startServer(dbPath);
  try {
    const member = await signIn(server.url, fx.member);
    const staff = await signIn(server.url, "staff@bench.kaiku.test");
    console.log(`Server started: RSS ${Math.round(server.rss())} MB`);
    const g = `/g/${fx.group.slug}`;
    const page = (path: string, cookie?: string): autocannon.Options => ({ url: `${server.url}${path}`, headers: cookie ? { cookie } : {} });
    let next = 0;
    const insideWord = (fx.similarQuery.split(" ").find((w) => w.length >= 6) ?? fx.similarQuery).slice(1, 5).toLowerCase();
    const scenarios: Scenario[] = [
      { name: "baselinePage", label: "Baseline page (50 static rows, no database)", baseline: null, serverKey: "GET /bench/baseline", options: page("/bench/baseline") },
      { name: "baselineAction", label: "Baseline action (does nothing)", baseline: null, serverKey: "POST /bench/action.data", options: { ...page("/bench/action.data"), method: "POST", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: "x=1" } },
      { name: "board", label: `Board page: top 50 of ${fx.boardSize} ideas, own votes shown`, baseline: "page", serverKey: `GET ${g}/ideas`.replace(/\d+/g, ":n"), options: page(`${g}/ideas?board=ideas&sort=top`, member) },
      { name: "idea", label: `Idea page with ${fx.idea.comments} comments`, baseline: "page", serverKey: `GET ${g}/ideas/:n`.replace(/\d+/g, ":n"), options: page(`${g}/ideas/${fx.idea.number}`, member) },
      {
        name: "vote",
        label: "Vote toggle (set on, set off)",
        baseline: "action",
        serverKey: `POST ${g}/ideas/:n.data`.replace(/\d+/g, ":n"),
        options: {
          ...page(`${g}/ideas/1.data`, member),
          // Each connection toggles its own idea, so every request really changes a vote.
          setupClient: (client) => {
            const n = fx.voteOn[next++ % fx.voteOn.length];
            const request = (voted: string) => ({ method: "POST" as const, path: `${g}/ideas/${n}.data`, headers: { cookie: member, origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: `intent=vote&number=${n}&voted=${voted}` });
            client.setRequests([request("1"), request("0")]);
          },
        },
      },
      { name: "similar", label: `Similar-idea suggestion for "${fx.similarQuery}"`, baseline: "page", serverKey: `GET ${g}/similar`.replace(/\d+/g, ":n"), options: page(`${g}/similar?q=${encodeURIComponent(fx.similarQuery)}`, member) },
      // Earlier comments come in bounded pages (the old ?comments=all links serve the first one).
      { name: "ideaEarliest", label: `Idea page, earliest comments page`, baseline: "page", serverKey: `GET ${g}/ideas/:n`.replace(/\d+/g, ":n"), options: page(`${g}/ideas/${fx.idea.number}?comments=all`, member) },
      // Letters from inside a word: answered by the trigram index (words inside compounds).
      { name: "searchInside", label: `Board search inside words ("${insideWord}")`, baseline: "page", serverKey: `GET ${g}/ideas`.replace(/\d+/g, ":n"), options: page(`${g}/ideas?q=${encodeURIComponent(insideWord)}`, member) },
      { name: "home", label: "Group home", baseline: "page", serverKey: `GET ${g}`.replace(/\d+/g, ":n"), options: page(g, member) },
      { name: "queue", label: "Staff response queue (all groups)", baseline: "page", serverKey: "GET /queue", options: page("/queue", staff) },
    ];
    const rows: Row[] = [];
    const run = async (scenario: Scenario): Promise<Row> => {
      process.stdout.write(`  ${scenario.label} … `);
      const { result, server: timing, alone } = await measure(server.url, scenario);
      const row: Row = {
        name: scenario.name,
        label: scenario.label,
        requestsPerSecond: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        serverP50: timing ? Number(timing.p50.toFixed(2)) : null,
        serverP99: timing ? Number(timing.p99.toFixed(2)) : null,
        aloneP50: alone ? Number(alone.p50.toFixed(2)) : null,
        ratio: null,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        rssMb: Math.round(server.rss()),
        peakRssMb: Math.round(server.peakRss()),
      };
      console.log(`${row.requestsPerSecond} req/s (server RSS ${row.rssMb} MB, peak ${row.peakRssMb} MB)`);
      return row;
    };
    // The baselines are measured first and again last; ratios are to their mean, so that a machine that slows
    // down or speeds up during the run does not tilt them.
    const [first, last] = [scenarios.filter((s) => s.baseline === null), scenarios.filter((s) => s.baseline !== null)];
    const before: Row[] = [];
    for (const scenario of first) before.push(await run(scenario));
    for (const scenario of last) rows.push(await run(scenario));
    const after: Row[] = [];
    for (const scenario of first) after.push(await run({ ...scenario, label: `${scenario.label}, again` }));
    const baselines = before.map((b, i) => {
      const a = after[i];
      const mean = (x: number | null, y: number | null) => (x === null || y === null ? null : Number(((x + y) / 2).toFixed(2)));
      return { ...b, requestsPerSecond: Math.round((b.requestsPerSecond + a.requestsPerSecond) / 2), runs: [b.requestsPerSecond, a.requestsPerSecond], p50: Math.max(b.p50, a.p50), p99: Math.max(b.p99, a.p99), serverP50: mean(b.serverP50, a.serverP50), serverP99: mean(b.serverP99, a.serverP99), aloneP50: mean(b.aloneP50, a.aloneP50), non2xx: b.non2xx + a.non2xx, errors: b.errors + a.errors, rssMb: a.rssMb, peakRssMb: a.peakRssMb };
    });
    for (const row of rows) {
      const scenario = scenarios.find((s) => s.name === row.name)!;
      const base = baselines.find((b) => b.name === (scenario.baseline === "page" ? "baselinePage" : "baselineAction"))!;
      row.ratio = Number((row.requestsPerSecond / base.requestsPerSecond).toFixed(2));
    }
    rows.unshift(...baselines);
    const peakRssMb = Math.round(server.peakRss());
    const get = (name: string) => rows.find((r) => r.name === name)!;
    const targets = [
      { target: "board page ≥ 0.8 × baseline page", met: (get("board").ratio ?? 0) >= 0.8, value: `${get("board").ratio}×` },
      { target: "vote toggle ≥ 0.8 × baseline action", met: (get("vote").ratio ?? 0) >= 0.8, value: `${get("vote").ratio}×` },
      { target: "similar-idea suggestion p50 ≤ 5 ms server time", met: (get("similar").serverP50 ?? Infinity) <= 5, value: `${get("similar").serverP50} ms under 10 connections, ${get("similar").aloneP50} ms alone` },
      { target: "no measured page's p99 above 100 ms", met: rows.filter((r) => !r.name.startsWith("baseline")).every((r) => r.p99 <= 100), value: `max ${Math.max(...rows.filter((r) => !r.name.startsWith("baseline")).map((r) => r.p99))} ms` },
      { target: "peak RSS ≤ 300 MB", met: peakRssMb <= 300, value: `${peakRssMb} MB` },
      { target: "every response 2xx", met: rows.every((r) => r.non2xx === 0 && r.errors === 0), value: `${rows.reduce((n, r) => n + r.non2xx + r.errors, 0)} others` },
    ];
    const report = { date: new Date().toISOString(), mode: smoke ? "smoke" : "full", machine: { cpus: os.cpus().length, node: process.version }, connections: CONNECTIONS, durationSeconds: DURATION, scale, rows, peakRssMb, targets };
    const out = OUT ?? path.join(ROOT, "tests/.tmp/bench", `${report.mode}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    console.log(`\n${"scenario".padEnd(48)}${pad("req/s", 8)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("srv p50", 9)}${pad("alone", 8)}${pad("ratio", 7)}`);
    for (const r of rows) console.log(`${r.label.slice(0, 47).padEnd(48)}${pad(r.requestsPerSecond, 8)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.serverP50 ?? "–", 9)}${pad(r.aloneP50 ?? "–", 8)}${pad(r.ratio ?? "–", 7)}`);
    console.log("req/s, p50, p99: at the client, 10 connections. srv p50: the server's time per request under that load. alone: with one connection.");
    console.log(`\nServer peak RSS: ${peakRssMb} MB`);
    for (const t of targets) console.log(`${t.met ? "✓" : "✗"} ${t.target}: ${t.value}`);
    console.log(`\nWritten to ${path.relative(ROOT, out)}`);
    // A missed speed target is a result; a failed request means the numbers measured something else.
    if (rows.some((r) => r.non2xx > 0 || r.errors > 0)) process.exitCode = 1;
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
