// Search latencies at the benchmark's scale, in process (no HTTP): the similar-idea suggestion, board search and
// the member directory search, each as p50/p99 over queries drawn from the data itself.
//
//   tsx scripts/bench/search.ts --db <copy of a generated database> [--rounds 5] [--modules <dir>]
//
// --modules takes search.server.ts, idea.server.ts and member-search.server.ts (or membership.server.ts) from another folder (an earlier
// version, its imports pointing back here), so two versions can be measured in turn under the same load.
//
// Give it a copy: the member-directory part writes introductions into the file (the generated members have
// none). Queries are drawn with a fixed seed from several groups:
// - similar, typed: the first five words of a title with the last one half-typed, as `npm run bench` asks;
// - similar, title: a whole title, as the idea page's merge candidates ask (limit 6);
// - board, word: one word of a title; board, two words: two words of one title;
// - board, inside: five letters from inside a word (what only matching inside compounds finds);
// - board, short: a word of one or two letters and a longer word;
// - members: a part of a name, a @handle, a word of an introduction.
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const file = args.includes("--db") ? args[args.indexOf("--db") + 1] : undefined;
const rounds = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 5;
const modules = args.includes("--modules") ? path.resolve(args[args.indexOf("--modules") + 1]) : path.resolve(import.meta.dirname, "../../app/models");
if (!file || !fs.existsSync(file)) {
  console.error("Usage: tsx scripts/bench/search.ts --db <file> [--rounds 5]");
  process.exit(2);
}
process.env.DATABASE_PATH = path.resolve(file);
// An earlier version's copies may be .mts, so that the type check of the tree does not read them.
const ext = fs.existsSync(path.join(modules, "search.server.ts")) ? "ts" : "mts";

const { db } = await import("../../app/db.server");
const { similarIdeas } = (await import(path.join(modules, `search.server.${ext}`))) as typeof import("../../app/models/search.server");
const { listIdeas } = (await import(path.join(modules, `idea.server.${ext}`))) as typeof import("../../app/models/idea.server");
// The directory's search moved to member-search.server.ts (an earlier version searched in listMembers).
const memberSearch = path.join(modules, `member-search.server.${ext}`);
const { listMembers } = fs.existsSync(memberSearch)
  ? { listMembers: ((await import(memberSearch)) as typeof import("../../app/models/member-search.server")).searchMembers }
  : ((await import(path.join(modules, `membership.server.${ext}`))) as typeof import("../../app/models/membership.server"));

const conn = db().$client;
let seed = 20261201;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

const groups = conn.prepare("SELECT id FROM groups ORDER BY slug LIMIT 10").pluck().all() as string[];
const viewerOf = conn.prepare("SELECT user_id FROM memberships WHERE group_id = ? AND state = 'active' ORDER BY user_id LIMIT 1").pluck();
const titlesOf = conn.prepare("SELECT title FROM ideas WHERE group_id = ? ORDER BY random() LIMIT 40").pluck();
type Case = { groupId: string; viewerId: string; q: string };
const cases: Record<string, Case[]> = {
  "similar, typed": [],
  "similar, title": [],
  "board, word": [],
  "board, two words": [],
  "board, inside": [],
  "board, short": [],
};
const wordsOf = (title: string) =>
  title
    .replace(/[.,!?]/g, "")
    .split(/\s+/)
    .filter(Boolean);
for (const groupId of groups) {
  const viewerId = viewerOf.get(groupId) as string;
  for (const title of titlesOf.all(groupId) as string[]) {
    const words = wordsOf(title);
    const typed = words.slice(0, 5);
    typed[typed.length - 1] = typed[typed.length - 1].slice(0, 4);
    cases["similar, typed"].push({ groupId, viewerId, q: typed.join(" ") });
    cases["similar, title"].push({ groupId, viewerId, q: title });
    const long = words.filter((w) => w.length >= 4);
    if (long.length === 0) continue;
    cases["board, word"].push({ groupId, viewerId, q: pick(long) });
    if (long.length > 1) cases["board, two words"].push({ groupId, viewerId, q: `${long[0]} ${long[1]}` });
    const w = pick(long);
    const start = Math.min(1, Math.max(0, w.length - 5));
    if (w.length >= 6) cases["board, inside"].push({ groupId, viewerId, q: w.slice(start, start + 5) });
    cases["board, short"].push({ groupId, viewerId, q: `${pick(["ja", "on", "a", "to", "ei"])} ${pick(long)}` });
  }
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { n: sorted.length, p50: Number(at(50).toFixed(3)), p99: Number(at(99).toFixed(3)), max: Number(sorted[sorted.length - 1].toFixed(3)) };
}

function measure(run: (c: Case) => unknown, list: Case[]) {
  for (const c of list) run(c); // warm-up: statements prepared, pages cached
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of list) {
      const start = process.hrtime.bigint();
      run(c);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return percentiles(samples);
}

const report: Record<string, ReturnType<typeof percentiles>> = {};
report["similar, typed"] = measure((c) => similarIdeas({ groupId: c.groupId, text: c.q, viewerId: c.viewerId }), cases["similar, typed"]);
report["similar, title"] = measure((c) => similarIdeas({ groupId: c.groupId, text: c.q, viewerId: c.viewerId, limit: 6 }), cases["similar, title"]);
for (const name of ["board, word", "board, two words", "board, inside", "board, short"]) {
  report[name] = measure(
    (c) =>
      listIdeas({
        groupId: c.groupId,
        viewerId: c.viewerId,
        boardId: null,
        sort: "relevance",
        status: null,
        tagId: null,
        mine: false,
        voted: false,
        q: c.q,
        page: 1,
      }),
    cases[name],
  );
}

// The member directory: 1,000 members a group; give them introductions first (the generated ones have none).
const introWords = (conn.prepare("SELECT title FROM ideas WHERE group_id = ? LIMIT 200").pluck().all(groups[0]) as string[]).flatMap(wordsOf);
const setIntro = conn.prepare("UPDATE memberships SET intro = ? WHERE group_id = ? AND user_id = ?");
const members = conn
  .prepare(
    "SELECT m.group_id AS groupId, m.user_id AS userId, u.name, u.handle FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id IN (SELECT value FROM json_each(?)) AND m.state = 'active'",
  )
  .all(JSON.stringify(groups)) as { groupId: string; userId: string; name: string; handle: string }[];
conn.transaction(() => {
  for (const m of members) setIntro.run(Array.from({ length: 12 + Math.floor(rand() * 30) }, () => pick(introWords)).join(" "), m.groupId, m.userId);
})();
const memberCases: Case[] = [];
for (let k = 0; k < 300; k++) {
  const m = pick(members);
  const kind = k % 3;
  memberCases.push({
    groupId: m.groupId,
    viewerId: m.userId,
    q: kind === 0 ? m.name.split(" ")[1].slice(0, 5) : kind === 1 ? `@${m.handle.slice(0, 8)}` : pick(introWords),
  });
}
report["members"] = measure((c) => listMembers({ groupId: c.groupId, q: c.q, page: 1 }), memberCases);

const ideas = conn.prepare("SELECT count(*) FROM ideas").pluck().get();
console.log(`${modules}: ${ideas} ideas, ${groups.length} groups sampled, ${rounds} rounds (times in ms)`);
console.table(report);
