// `npm run bench`: the app at scale, measured against bare Remix on this machine.
//
// Builds nothing itself (`npm run bench` builds first); generates (or reuses) the scale database, starts the
// built server on 127.0.0.1 in production mode with KAIKU_BENCH=1 (which adds the baseline routes and
// server-side timings), signs in as a member and as staff, and measures each scenario with autocannon at 10
// connections, in alternating rounds with its baseline: baseline, scenario, baseline, scenario, … baseline (3
// rounds of 5 s after a warm-up). Each round's ratio is to the mean of the two baseline runs around it, so a
// noisy minute tilts one round, not the figure: the report gives the median ratio and its spread (min–max).
// Then the status change fan-out: staff change the status of an idea with 10,000 voters while the board is
// under load, 3 rounds. Prints a table and writes the same as JSON.
//
//   tsx scripts/bench/run.ts            full: 100 groups, 100,000 members, 100,000 ideas, 1M votes, 1M comments
//   tsx scripts/bench/run.ts --smoke    small database, short runs (part of `npm test`, so the benchmark cannot rot)
//   --out <file>                        the JSON report there instead of tests/.tmp/bench/<mode>.json
//   --only board,statusFanOut           only these scenarios (and the baselines they need)
//   --rounds <n>                        rounds per scenario (default 3)
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { FULL, generate, PASSWORD, SMOKE } from "./generate";

const ROOT = path.resolve(import.meta.dirname, "../..");
const smoke = process.argv.includes("--smoke");
const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
/** Rounds per scenario: each a run of the scenario between two runs of its baseline. */
const ROUNDS = Math.max(1, Number(option("--rounds") ?? 3));
const DURATION = smoke ? 0.4 : 5;
const WARMUP = smoke ? 0.2 : 2;
const ALONE = smoke ? 0.3 : 2;
const CONNECTIONS = 10;
/** autocannon ends a run at its next sample (1 s by default): the smoke mode's runs are shorter than that. */
const SAMPLE_MS = smoke ? 100 : 1000;
/** The fan-out: its rounds, how long the board is loaded before the change, and how long to wait for the last e-mail. */
const FANOUT_ROUNDS = Math.max(1, Number(option("--rounds") ?? 3));
const FANOUT_LEAD_MS = smoke ? 300 : 2000;
const FANOUT_TIMEOUT_MS = smoke ? 30_000 : 120_000;
/** Where the JSON report goes: --out <file>, or tests/.tmp/bench/<mode>.json. */
const OUT = option("--out") ? path.resolve(option("--out")!) : null;
const ONLY = option("--only")?.split(",").filter(Boolean) ?? null;

type Scenario = { name: string; label: string; baseline: "page" | "action" | null; serverKey: string; options: autocannon.Options };
type Round = { requestsPerSecond: number; p50: number; p99: number; ratio: number | null };
/** A scenario over its rounds: req/s, p50 and p99 are medians of the rounds (min–max beside req/s and the ratio). */
type Row = {
  name: string;
  label: string;
  requestsPerSecond: number;
  requestsPerSecondMin: number;
  requestsPerSecondMax: number;
  p50: number;
  p99: number;
  serverP50: number | null;
  serverP99: number | null;
  aloneP50: number | null;
  ratio: number | null;
  ratioMin: number | null;
  ratioMax: number | null;
  rounds: Round[];
  non2xx: number;
  errors: number;
  otherStatuses: Record<string, number>;
  rssMb: number;
  peakRssMb: number;
};

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
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      KAIKU_BENCH: "1",
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123",
      APP_URL: `http://127.0.0.1:${port}`,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: dbPath,
      KAIKU_DEMO: "0",
      OUTBOX_INTERVAL_MS: "60000",
    },
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
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  if (res.status !== 302) throw new Error(`signing in as ${email} failed with ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0];
}

/**
 * What the benchmark needs from the data: a member of the first group, an idea with about 200 comments, and the
 * fan-out idea (idea 1 of the last group, see generate.ts) with how many people its status change must reach.
 */
function fixtures(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const group = db.prepare("SELECT id, slug FROM groups ORDER BY slug LIMIT 1").get() as { id: string; slug: string };
    const idea = db
      .prepare("SELECT number, comment_count AS comments FROM ideas WHERE group_id = ? ORDER BY abs(comment_count - 200), number LIMIT 1")
      .get(group.id) as { number: number; comments: number };
    const board = db.prepare("SELECT count(*) AS n FROM ideas WHERE group_id = ?").get(group.id) as { n: number };
    const member = db
      .prepare(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? AND m.role = 'member' AND EXISTS (SELECT 1 FROM votes v WHERE v.user_id = u.id) ORDER BY u.rowid LIMIT 1",
      )
      .get(group.id) as { email: string };
    // Ideas the member toggles a vote on, one per connection.
    const voteOn = (
      db.prepare("SELECT number FROM ideas WHERE group_id = ? ORDER BY number DESC LIMIT ?").all(group.id, CONNECTIONS) as { number: number }[]
    ).map((r) => r.number);
    // What a member might type when their idea is like one already there: the start of an existing title, the
    // last word half-typed.
    const title = db
      .prepare("SELECT title FROM ideas WHERE group_id = ? AND number = ?")
      .pluck()
      .get(group.id, Math.ceil(board.n * 0.7)) as string;
    const typed = title.replace(/[.]$/, "").split(" ").slice(0, 5);
    typed[typed.length - 1] = typed[typed.length - 1].slice(0, 4);
    // The fan-out idea and everyone its status change tells: author, voters and followers who can see the group,
    // never the staff member who acts; an e-mail to each who keeps status e-mails on.
    const fanOutGroup = db.prepare("SELECT id, slug FROM groups ORDER BY slug DESC LIMIT 1").get() as { id: string; slug: string };
    const fanOutIdea = db.prepare("SELECT id, number, status, vote_count AS votes FROM ideas WHERE group_id = ? AND number = 1").get(fanOutGroup.id) as {
      id: number;
      number: number;
      status: string;
      votes: number;
    };
    const audience = db
      .prepare(
        `WITH cared AS (SELECT author_id AS user_id FROM ideas WHERE id = @idea AND author_id IS NOT NULL UNION SELECT user_id FROM votes WHERE idea_id = @idea UNION SELECT user_id FROM follows WHERE idea_id = @idea)
         SELECT count(*) AS notifications, coalesce(sum(u.email_status = 'immediately'), 0) AS emails
         FROM cared c JOIN users u ON u.id = c.user_id LEFT JOIN memberships m ON m.group_id = @group AND m.user_id = u.id
         WHERE u.email <> @staff AND (m.state = 'active' OR u.role IN ('staff', 'admin'))`,
      )
      .get({ idea: fanOutIdea.id, group: fanOutGroup.id, staff: STAFF }) as { notifications: number; emails: number };
    return {
      group,
      idea,
      boardSize: board.n,
      member: member.email,
      voteOn,
      similarQuery: typed.join(" "),
      fanOut: { group: fanOutGroup, idea: fanOutIdea, audience },
    };
  } finally {
    db.close();
  }
}

const STAFF = "staff@bench.kaiku.test";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round2 = (n: number) => Number(n.toFixed(2));
/** The answers other than 2xx of a run, by status code: what to look at when "every response 2xx" fails. */
const otherStatuses = (r: autocannon.Result) =>
  Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).flatMap(([code, stat]) => (code.startsWith("2") || !stat.count ? [] : [[code, stat.count]])));
const mergeCounts = (list: Record<string, number>[]) =>
  list.reduce<Record<string, number>>((all, counts) => (Object.entries(counts).forEach(([k, n]) => (all[k] = (all[k] ?? 0) + n)), all), {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Who else waits for the write lock, and how long: a worker thread with its own connection that takes and
 * releases the lock (BEGIN IMMEDIATE; COMMIT, writing nothing) every 5 ms, retrying every millisecond while it
 * is taken (no busy handler: SQLite's backs off in steps of up to 100 ms). Each wait of 1 ms or more is reported
 * with the time it began: the longest wait during a status change is what a vote at that moment would wait,
 * whichever transaction held the lock (the command's, or a subscriber's batch after it).
 */
function startLockProbe(dbPath: string) {
  const waits: { at: number; ms: number }[] = [];
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.pragma("busy_timeout = 0");
     const begin = db.prepare("BEGIN IMMEDIATE"), commit = db.prepare("COMMIT");
     const stop = new Int32Array(workerData.stop), pause = new Int32Array(new SharedArrayBuffer(4));
     while (Atomics.load(stop, 0) === 0) {
       const at = Date.now(), start = performance.now();
       for (;;) {
         try { begin.run(); break; } catch (error) { if (error.code !== "SQLITE_BUSY") throw error; Atomics.wait(pause, 0, 0, 1); }
       }
       commit.run();
       const ms = performance.now() - start;
       if (ms >= 1) parentPort.postMessage({ at, ms });
       Atomics.wait(pause, 0, 0, 5);
     }
     db.close();`,
    { eval: true, workerData: { file: dbPath, stop: stop.buffer, module: createRequire(import.meta.url).resolve("better-sqlite3") } },
  );
  worker.on("message", (wait: { at: number; ms: number }) => waits.push(wait));
  const ended = new Promise<void>((resolve, reject) => (worker.on("exit", () => resolve()), worker.on("error", reject)));
  return {
    /** The longest wait that began in [from, to], in ms (0 when none reached 1 ms). */
    longest: (from: number, to: number) => round2(Math.max(0, ...waits.filter((w) => w.at >= from && w.at <= to).map((w) => w.ms))),
    stop: async () => {
      Atomics.store(stop, 0, 1);
      await ended;
    },
  };
}

type FanOutRound = {
  round: number;
  status: string;
  postStatus: number;
  postMs: number;
  serverPostMs: number | null;
  lockMs: number | null;
  lockCommand: string | null;
  writeWaitMaxMs: number;
  fanOutMs: number | null;
  notifications: number;
  emails: number;
  boardRequests: number;
  boardP50: number;
  boardP99: number;
  quietP50: number;
  quietP99: number;
  boardNon2xx: number;
  boardErrors: number;
};

/** GET /bench/timings: per route; `locks` (each command's write-lock times) and `memory` beside them. */
type Timings = Record<string, { count: number; p50: number; p99: number }>;

/**
 * The command's write-lock time, as the server tells it under KAIKU_BENCH: the command runner's lock times in the
 * timings (only commands run since the reset before the POST: board pages run none), or `lock` in Server-Timing.
 */
function lockOf(response: Response, timings: Timings): { ms: number; command: string } | null {
  const runs = Object.entries((timings as unknown as { locks?: Record<string, number[]> }).locks ?? {}).flatMap(([command, list]) =>
    list.map((ms) => ({ ms: round2(ms), command })),
  );
  if (runs.length > 0) return runs.reduce((a, b) => (b.ms > a.ms ? b : a));
  const header = /(?:^|,)\s*lock;(?:[^,]*;)?dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "");
  return header ? { ms: round2(Number(header[1])), command: "?" } : null;
}

/**
 * The status change fan-out, one round: the board under load at 10 connections; after a lead-in, staff change
 * the idea's status with a response over HTTP (the idea page's form, intent=status); the database file is read
 * (its own read-only connection) every 100 ms until every notification and e-mail exists. The board's figures
 * are of the requests that were under way at some moment of the fan-out, from the POST to the last e-mail.
 */
async function fanOutRound(input: {
  url: string;
  dbPath: string;
  staff: string;
  board: autocannon.Options;
  fx: ReturnType<typeof fixtures>;
  round: number;
  status: string;
  probe: ReturnType<typeof startLockProbe>;
}): Promise<FanOutRound> {
  const { fanOut } = input.fx;
  const reader = new Database(input.dbPath, { readonly: true, fileMustExist: true });
  try {
    const before = {
      notifications: reader.prepare("SELECT coalesce(max(id), 0) FROM notifications").pluck().get() as number,
      emails: reader.prepare("SELECT coalesce(max(id), 0) FROM email_outbox").pluck().get() as number,
    };
    const countNotifications = reader.prepare("SELECT count(*) FROM notifications WHERE id > ? AND kind = 'status' AND group_id = ?").pluck();
    const countEmails = reader.prepare("SELECT count(*) FROM email_outbox WHERE id > ? AND kind = 'notify-status'").pluck();
    const seen = () => ({
      notifications: countNotifications.get(before.notifications, fanOut.group.id) as number,
      emails: countEmails.get(before.emails) as number,
    });
    const responses: { end: number; ms: number }[] = [];
    let load!: autocannon.Instance;
    const loaded = new Promise<autocannon.Result>((resolve, reject) => {
      load = autocannon(
        { ...input.board, connections: CONNECTIONS, duration: FANOUT_TIMEOUT_MS / 1000 + 30, timeout: FANOUT_TIMEOUT_MS / 1000, sampleInt: SAMPLE_MS },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
    load.on("response", (_client, _status, _bytes, ms) => responses.push({ end: Date.now(), ms }));
    await sleep(FANOUT_LEAD_MS);
    await fetch(`${input.url}/bench/timings?reset=1`);
    const posted = Date.now();
    const postStarted = performance.now();
    const post = fetch(`${input.url}/g/${fanOut.group.slug}/ideas/${fanOut.idea.number}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: input.staff, origin: input.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "status", status: input.status, response: `Round ${input.round}: thank you all, here is where this stands now.` }),
    }).then((response) => ({ response, ms: performance.now() - postStarted }));
    let done: number | null = null;
    let counts = seen();
    while (performance.now() - postStarted < FANOUT_TIMEOUT_MS) {
      counts = seen();
      if (counts.notifications >= fanOut.audience.notifications && counts.emails >= fanOut.audience.emails) {
        done = Date.now();
        break;
      }
      await sleep(100);
    }
    const { response, ms: postMs } = await post;
    // The fan-out is not done before the command's answer, whatever the polls saw first.
    const finished = done === null ? null : Math.max(done, posted + postMs);
    const end = finished ?? Date.now();
    // The board requests under way at the end finish, then the load stops.
    await sleep(smoke ? 300 : 1000);
    load.stop();
    const result = await loaded;
    const timings = (await (await fetch(`${input.url}/bench/timings?reset=1`)).json()) as Timings;
    const serverPost = Object.entries(timings).find(([key]) => key.startsWith("POST /g/"))?.[1];
    const during = responses.filter((r) => r.end >= posted && r.end - r.ms <= end).map((r) => r.ms);
    // For comparison, the board in the same minute without a fan-out: the lead-in's second half (the first warms up).
    const quiet = responses.filter((r) => r.end < posted && r.end - r.ms >= posted - FANOUT_LEAD_MS / 2).map((r) => r.ms);
    return {
      round: input.round,
      status: input.status,
      postStatus: response.status,
      postMs: round2(postMs),
      serverPostMs: serverPost ? round2(serverPost.p99) : null,
      lockMs: lockOf(response, timings)?.ms ?? null,
      lockCommand: lockOf(response, timings)?.command ?? null,
      writeWaitMaxMs: input.probe.longest(posted - 5, end),
      fanOutMs: finished === null ? null : Math.round(finished - posted),
      notifications: counts.notifications,
      emails: counts.emails,
      boardRequests: during.length,
      boardP50: during.length ? round2(percentile(during, 50)) : 0,
      boardP99: during.length ? round2(percentile(during, 99)) : 0,
      quietP50: quiet.length ? round2(percentile(quiet, 50)) : 0,
      quietP99: quiet.length ? round2(percentile(quiet, 99)) : 0,
      boardNon2xx: result.non2xx,
      boardErrors: result.errors + result.timeouts,
    };
  } finally {
    reader.close();
  }
}

async function main() {
  const { source, generateIt } = databaseFile();
  if (generateIt) {
    console.log(`Generating the ${smoke ? "smoke" : "scale"} database (once per generator version): ${source}`);
    await generate(`${source}.partial`, smoke ? SMOKE : FULL, console.log);
    // Renamed when complete: a run stopped half-way leaves no half-made database to be reused.
    fs.renameSync(`${source}.partial`, source);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaiku-bench-run-"));
  const dbPath = path.join(dir, "kaiku.db");
  fs.copyFileSync(source, dbPath);
  const fx = fixtures(dbPath);
  const scale = smoke ? SMOKE : FULL;
  console.log(
    `Database: ${scale.groups} groups, ${scale.groups * scale.membersPerGroup} members, ${scale.groups * scale.ideasPerGroup} ideas, ${scale.groups * scale.votesPerGroup + scale.fanOutVoters} votes, ${scale.groups * scale.commentsPerGroup} comments`,
  );
  // A server that does not start leaves no copy of the database behind either.
  const server = await startServer(dbPath).catch((error: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  try {
    const member = await signIn(server.url, fx.member);
    const staff = await signIn(server.url, STAFF);
    console.log(`Server started: RSS ${Math.round(server.rss())} MB`);
    const g = `/g/${fx.group.slug}`;
    const page = (path: string, cookie?: string): autocannon.Options => ({ url: `${server.url}${path}`, headers: cookie ? { cookie } : {} });
    let next = 0;
    const insideWord = (fx.similarQuery.split(" ").find((w) => w.length >= 6) ?? fx.similarQuery).slice(1, 5).toLowerCase();
    const boardOptions = page(`${g}/ideas?board=ideas&sort=top`, member);
    const scenarios: Scenario[] = [
      {
        name: "baselinePage",
        label: "Baseline page (50 static rows, no database)",
        baseline: null,
        serverKey: "GET /bench/baseline",
        options: page("/bench/baseline"),
      },
      {
        name: "baselineAction",
        label: "Baseline action (does nothing)",
        baseline: null,
        serverKey: "POST /bench/action.data",
        options: {
          ...page("/bench/action.data"),
          method: "POST",
          headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
          body: "x=1",
        },
      },
      {
        name: "board",
        label: `Board page: top 50 of ${fx.boardSize} ideas, own votes shown`,
        baseline: "page",
        serverKey: `GET ${g}/ideas`.replace(/\d+/g, ":n"),
        options: boardOptions,
      },
      {
        name: "idea",
        label: `Idea page with ${fx.idea.comments} comments`,
        baseline: "page",
        serverKey: `GET ${g}/ideas/:n`.replace(/\d+/g, ":n"),
        options: page(`${g}/ideas/${fx.idea.number}`, member),
      },
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
            const request = (voted: string) => ({
              method: "POST" as const,
              path: `${g}/ideas/${n}.data`,
              headers: { cookie: member, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
              body: `intent=vote&number=${n}&voted=${voted}`,
            });
            client.setRequests([request("1"), request("0")]);
          },
        },
      },
      {
        name: "similar",
        label: `Similar-idea suggestion for "${fx.similarQuery}"`,
        baseline: "page",
        serverKey: `GET ${g}/similar`.replace(/\d+/g, ":n"),
        options: page(`${g}/similar?q=${encodeURIComponent(fx.similarQuery)}`, member),
      },
      // Earlier comments come in bounded pages (the old ?comments=all links serve the first one).
      {
        name: "ideaEarliest",
        label: `Idea page, earliest comments page`,
        baseline: "page",
        serverKey: `GET ${g}/ideas/:n`.replace(/\d+/g, ":n"),
        options: page(`${g}/ideas/${fx.idea.number}?comments=all`, member),
      },
      // Letters from inside a word: answered by the trigram index (words inside compounds).
      {
        name: "searchInside",
        label: `Board search inside words ("${insideWord}")`,
        baseline: "page",
        serverKey: `GET ${g}/ideas`.replace(/\d+/g, ":n"),
        options: page(`${g}/ideas?q=${encodeURIComponent(insideWord)}`, member),
      },
      { name: "home", label: "Group home", baseline: "page", serverKey: `GET ${g}`.replace(/\d+/g, ":n"), options: page(g, member) },
      { name: "queue", label: "Staff response queue (all groups)", baseline: "page", serverKey: "GET /queue", options: page("/queue", staff) },
    ];
    const FANOUT = "statusFanOut";
    const known = [...scenarios.map((s) => s.name), FANOUT];
    const unknown = ONLY?.filter((name) => !known.includes(name)) ?? [];
    if (unknown.length > 0) throw new Error(`--only: no scenario ${unknown.join(", ")} (there are ${known.join(", ")})`);
    const measured = scenarios.filter((s) => s.baseline !== null && (ONLY === null || ONLY.includes(s.name)));
    const baselineOf = (s: Scenario) => scenarios.find((b) => b.name === (s.baseline === "page" ? "baselinePage" : "baselineAction"))!;
    const baselines = scenarios.filter((b) => b.baseline === null && measured.some((s) => baselineOf(s) === b));

    const load = (scenario: Scenario, duration: number, connections = CONNECTIONS) =>
      autocannon({ connections, ...scenario.options, duration, sampleInt: SAMPLE_MS });
    const timings = async () => (await (await fetch(`${server.url}/bench/timings?reset=1`)).json()) as Timings;
    type Run = { requestsPerSecond: number; p50: number; p99: number; non2xx: number; errors: number; others: Record<string, number> };
    // Requests over the run's own length: autocannon's per-sample average assumes 1 s samples.
    const runOf = (r: autocannon.Result): Run => ({
      requestsPerSecond: r.requests.total / r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      others: otherStatuses(r),
    });
    // Every run of a baseline, its server p50s (one per scenario it framed) and its p50 alone.
    const baselineRuns = new Map<string, { runs: Run[]; serverP50: number[]; serverP99: number[]; alone: number | null }>();
    for (const b of baselines) {
      await load(b, WARMUP);
      await timings();
      await load(b, ALONE, 1);
      baselineRuns.set(b.name, { runs: [], serverP50: [], serverP99: [], alone: (await timings())[b.serverKey]?.p50 ?? null });
    }

    /** Spread of the rounds as the row has it: median, min and max. */
    const summary = (runs: Run[]) => {
      const rps = runs.map((r) => r.requestsPerSecond);
      return {
        requestsPerSecond: Math.round(median(rps)),
        requestsPerSecondMin: Math.round(Math.min(...rps)),
        requestsPerSecondMax: Math.round(Math.max(...rps)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
        errors: runs.reduce((n, r) => n + r.errors, 0),
        otherStatuses: mergeCounts(runs.map((r) => r.others)),
      };
    };
    const rows: Row[] = [];
    // Each scenario between runs of its baseline: B S B S B S B. A round's ratio is to the mean of the baseline
    // runs before and after it, so a machine that slows down or speeds up during a round tilts it little, and one
    // noisy round moves the median not at all.
    for (const scenario of measured) {
      const base = baselineOf(scenario);
      const kept = baselineRuns.get(base.name)!;
      process.stdout.write(`  ${scenario.label} … `);
      await load(scenario, WARMUP);
      await timings();
      const framing: Run[] = [runOf(await load(base, DURATION))];
      const rounds: (Run & { ratio: number })[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const run = runOf(await load(scenario, DURATION));
        framing.push(runOf(await load(base, DURATION)));
        rounds.push({ ...run, ratio: round2(run.requestsPerSecond / ((framing[r].requestsPerSecond + framing[r + 1].requestsPerSecond) / 2)) });
      }
      const times = await timings();
      kept.runs.push(...framing);
      if (times[base.serverKey]) (kept.serverP50.push(times[base.serverKey].p50), kept.serverP99.push(times[base.serverKey].p99));
      await load(scenario, ALONE, 1);
      const alone = (await timings())[scenario.serverKey];
      const ratios = rounds.map((r) => r.ratio);
      const row: Row = {
        name: scenario.name,
        label: scenario.label,
        ...summary(rounds),
        serverP50: times[scenario.serverKey] ? round2(times[scenario.serverKey].p50) : null,
        serverP99: times[scenario.serverKey] ? round2(times[scenario.serverKey].p99) : null,
        aloneP50: alone ? round2(alone.p50) : null,
        ratio: round2(median(ratios)),
        ratioMin: Math.min(...ratios),
        ratioMax: Math.max(...ratios),
        rounds: rounds.map((r) => ({ requestsPerSecond: Math.round(r.requestsPerSecond), p50: r.p50, p99: r.p99, ratio: r.ratio })),
        rssMb: Math.round(server.rss()),
        peakRssMb: Math.round(server.peakRss()),
      };
      console.log(
        `${row.requestsPerSecond} req/s, ratio ${row.ratio} (${row.ratioMin}–${row.ratioMax}) (server RSS ${row.rssMb} MB, peak ${row.peakRssMb} MB)`,
      );
      rows.push(row);
    }
    rows.unshift(
      ...baselines.map((b): Row => {
        const kept = baselineRuns.get(b.name)!;
        return {
          name: b.name,
          label: b.label,
          ...summary(kept.runs),
          serverP50: kept.serverP50.length ? round2(median(kept.serverP50)) : null,
          serverP99: kept.serverP99.length ? round2(median(kept.serverP99)) : null,
          aloneP50: kept.alone === null ? null : round2(kept.alone),
          ratio: null,
          ratioMin: null,
          ratioMax: null,
          rounds: kept.runs.map((r) => ({ requestsPerSecond: Math.round(r.requestsPerSecond), p50: r.p50, p99: r.p99, ratio: null })),
          rssMb: Math.round(server.rss()),
          peakRssMb: Math.round(server.peakRss()),
        };
      }),
    );

    // The status change fan-out: a different status each round (never the one the idea has), with a response.
    let fanOut: { name: string; label: string; voters: number; audience: { notifications: number; emails: number }; rounds: FanOutRound[] } | null = null;
    if (ONLY === null || ONLY.includes(FANOUT)) {
      const label = `Status change fan-out: idea with ${fx.fanOut.idea.votes} voters, board at ${CONNECTIONS} connections meanwhile`;
      console.log(`  ${label} (${fx.fanOut.audience.notifications} notifications, ${fx.fanOut.audience.emails} e-mails each round)`);
      const probe = startLockProbe(dbPath);
      const rounds: FanOutRound[] = [];
      try {
        await autocannon({ connections: CONNECTIONS, ...boardOptions, duration: WARMUP, sampleInt: SAMPLE_MS });
        let current = fx.fanOut.idea.status;
        for (let r = 1; r <= FANOUT_ROUNDS; r++) {
          const status = ["planned", "in_progress", "under_review"].find((s) => s !== current)!;
          const result = await fanOutRound({ url: server.url, dbPath, staff, board: boardOptions, fx, round: r, status, probe });
          current = status;
          console.log(
            `    round ${r}: POST ${result.postStatus} in ${result.postMs} ms, lock ${result.lockMs ?? "–"} ms, longest write wait ${result.writeWaitMaxMs} ms, fan-out ${result.fanOutMs ?? "not done"} ms, board p50 ${result.boardP50} / p99 ${result.boardP99} ms`,
          );
          rounds.push(result);
        }
      } finally {
        await probe.stop();
      }
      fanOut = { name: FANOUT, label, voters: fx.fanOut.idea.votes, audience: fx.fanOut.audience, rounds };
    }

    const peakRssMb = Math.round(server.peakRss());
    const get = (name: string) => rows.find((r) => r.name === name);
    const spread = (r: Row) => `${r.ratio}× (${r.ratioMin}–${r.ratioMax})`;
    const pages = rows.filter((r) => !r.name.startsWith("baseline"));
    // Targets of the scenarios that ran (all of them, unless --only).
    const targets: { target: string; met: boolean; value: string }[] = [];
    const board = get("board");
    const vote = get("vote");
    const similar = get("similar");
    if (board) targets.push({ target: "board page ≥ 0.8 × baseline page", met: (board.ratio ?? 0) >= 0.8, value: spread(board) });
    if (vote) targets.push({ target: "vote toggle ≥ 0.8 × baseline action", met: (vote.ratio ?? 0) >= 0.8, value: spread(vote) });
    if (similar)
      targets.push({
        target: "similar-idea suggestion p50 ≤ 5 ms server time",
        met: (similar.serverP50 ?? Infinity) <= 5,
        value: `${similar.serverP50} ms under 10 connections, ${similar.aloneP50} ms alone`,
      });
    if (pages.length > 0)
      targets.push({
        target: "no measured page's p99 above 100 ms",
        met: pages.every((r) => r.p99 <= 100),
        value: `max ${Math.max(...pages.map((r) => r.p99))} ms (median of rounds)`,
      });
    targets.push(
      { target: "peak RSS ≤ 300 MB", met: peakRssMb <= 300, value: `${peakRssMb} MB` },
      {
        target: "every response 2xx",
        met:
          rows.every((r) => r.non2xx === 0 && r.errors === 0) &&
          (fanOut?.rounds.every((r) => r.postStatus === 302 && r.boardNon2xx === 0 && r.boardErrors === 0) ?? true),
        value: `${rows.reduce((n, r) => n + r.non2xx + r.errors, 0) + (fanOut?.rounds.reduce((n, r) => n + (r.postStatus === 302 ? 0 : 1) + r.boardNon2xx + r.boardErrors, 0) ?? 0)} others${rows
          .filter((r) => r.non2xx + r.errors > 0)
          .map(
            (r) =>
              `; ${r.name}: ${[...Object.entries(r.otherStatuses).map(([code, n]) => `${n}× ${code}`), ...(r.errors ? [`${r.errors} errors`] : [])].join(", ")}`,
          )
          .join("")}`,
      },
    );
    if (fanOut) {
      // Met in every round, not on average: the slowest status change is the one members notice.
      const each = (pick: (r: FanOutRound) => number | null, unit: string) =>
        fanOut!.rounds.map((r) => (pick(r) === null ? "–" : `${pick(r)}`)).join(", ") + ` ${unit}`;
      const rs = fanOut.rounds;
      targets.push(
        {
          target: "status change: command's write lock ≤ 50 ms",
          met: rs.every((r) => r.lockMs !== null && r.lockMs <= 50),
          value: rs.some((r) => r.lockMs !== null)
            ? each((r) => r.lockMs, "ms")
            : `not reported by the server; the POST took ${each((r) => r.serverPostMs, "ms")} on the server`,
        },
        {
          target: "status change: every notification and e-mail within 30 s",
          met: rs.every((r) => r.fanOutMs !== null && r.fanOutMs <= 30_000),
          value: each((r) => (r.fanOutMs === null ? null : round2(r.fanOutMs / 1000)), "s"),
        },
        { target: "status change: board p99 ≤ 100 ms during the fan-out", met: rs.every((r) => r.boardP99 <= 100), value: each((r) => r.boardP99, "ms") },
      );
    }
    const report = {
      date: new Date().toISOString(),
      mode: smoke ? "smoke" : "full",
      machine: { cpus: os.cpus().length, node: process.version },
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      scale,
      rows,
      fanOut,
      peakRssMb,
      targets,
    };
    const out = OUT ?? path.join(ROOT, "tests/.tmp/bench", `${report.mode}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    const range = (min: number | null, max: number | null) => (min === null || max === null ? "–" : `${min}–${max}`);
    console.log(
      `\n${"scenario".padEnd(44)}${pad("req/s", 7)}${pad("(min–max)", 12)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("srv p50", 9)}${pad("alone", 7)}${pad("ratio", 7)}${pad("(min–max)", 12)}`,
    );
    for (const r of rows)
      console.log(
        `${r.label.slice(0, 43).padEnd(44)}${pad(r.requestsPerSecond, 7)}${pad(range(r.requestsPerSecondMin, r.requestsPerSecondMax), 12)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.serverP50 ?? "–", 9)}${pad(r.aloneP50 ?? "–", 7)}${pad(r.ratio ?? "–", 7)}${pad(range(r.ratioMin, r.ratioMax), 12)}`,
      );
    console.log(
      `req/s, p50, p99: at the client, 10 connections, the median of ${ROUNDS} rounds of ${DURATION} s (req/s min–max beside). srv p50: the server's time per request under that load. alone: with one connection.`,
    );
    console.log("ratio: a round's req/s over the mean of the baseline runs before and after it; the median of the rounds, their min–max beside.");
    if (fanOut) {
      console.log(`\n${fanOut.label}: ${fanOut.audience.notifications} notifications and ${fanOut.audience.emails} e-mails each round`);
      console.log(
        `${"round".padEnd(7)}${"status".padEnd(14)}${pad("POST ms", 9)}${pad("lock ms", 9)}${pad("write wait", 12)}${pad("fan-out s", 11)}${pad("notified", 10)}${pad("e-mails", 9)}${pad("board n", 9)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("quiet p50", 11)}${pad("p99", 7)}`,
      );
      for (const r of fanOut.rounds)
        console.log(
          `${String(r.round).padEnd(7)}${r.status.padEnd(14)}${pad(r.postMs, 9)}${pad(r.lockMs ?? "–", 9)}${pad(r.writeWaitMaxMs, 12)}${pad(r.fanOutMs === null ? "not done" : (r.fanOutMs / 1000).toFixed(1), 11)}${pad(r.notifications, 10)}${pad(r.emails, 9)}${pad(r.boardRequests, 9)}${pad(r.boardP50, 8)}${pad(r.boardP99, 8)}${pad(r.quietP50, 11)}${pad(r.quietP99, 7)}`,
        );
      console.log(
        "lock: the command's transaction, as the server reports it. write wait: the longest another writer waited for the lock from the POST to the last e-mail. fan-out: from the POST until every notification and e-mail exists (polled every 100 ms). board: the requests under way during the fan-out; quiet: the board's in the second before the POST.",
      );
    }
    console.log(`\nServer peak RSS: ${peakRssMb} MB`);
    for (const t of targets) console.log(`${t.met ? "✓" : "✗"} ${t.target}: ${t.value}`);
    console.log(`\nWritten to ${path.relative(ROOT, out)}`);
    // A missed speed target is a result; a failed request means the numbers measured something else.
    if (!targets.find((t) => t.target === "every response 2xx")!.met) process.exitCode = 1;
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
