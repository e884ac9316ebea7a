// A deterministic scale database for `npm run bench`: groups, members, ideas, votes and comments with realistic
// skew (a few ideas get most of the votes and comments, a few members write most), built with the app's own
// migrations (schema, FTS5 triggers) and with every counter equal to the rows it counts.
//
//   tsx scripts/bench/generate.ts --out /tmp/kaiku-bench.db [--smoke]
//
// The same options always give the same database (a seeded generator, fixed base time).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { handleFor } from "../../app/utils/mentions";
import { runMigrations } from "../../db/migrate";

export type Scale = { groups: number; membersPerGroup: number; ideasPerGroup: number; votesPerGroup: number; commentsPerGroup: number };
export const FULL: Scale = { groups: 100, membersPerGroup: 1000, ideasPerGroup: 1000, votesPerGroup: 10_000, commentsPerGroup: 10_000 };
export const SMOKE: Scale = { groups: 3, membersPerGroup: 200, ideasPerGroup: 300, votesPerGroup: 2_000, commentsPerGroup: 2_000 };
export const PASSWORD = "bench password 2026";
/** Fixed "now" of the data (the app's trending window is relative to the real clock, so recent votes are recent). */
const DAY = 86_400_000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-like choice among n items: item i (from 0) has weight 1 / (i + 1)^s. */
function zipf(n: number, s: number, rand: () => number) {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const FIRST = "Aino Eero Helmi Ilmari Juho Kaisa Lauri Mikko Noora Olli Pia Riikka Sanna Tuomas Ulla Veera Emma Oliver Sophie James Grace Liam Chloe Noah Anna Mia".split(" ");
const LAST = "Virtanen Korhonen Nieminen Mäkinen Hämäläinen Laine Heikkinen Koskinen Järvinen Lehtonen Saarinen Salminen Smith Brown Wilson Taylor Evans Thomas Roberts Walker".split(" ");
const WORDS = (
  "lippu juna asema sovellus kartta ilmoitus myöhästyminen kausilippu perhe pyörä paikka vaunu laituri kuulutus maksu hinta alennus matka reitti " +
  "ticket train station app map notification delay season family bike seat car platform announcement payment price discount journey route " +
  "nopeampi selkeämpi helpompi offline widget calendar accessibility saavutettavuus näyttö screen reader lukija chat asiakaspalvelu support"
).split(" ");

const sentence = (rand: () => number, words: number) => {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  return `${picked[0][0].toUpperCase()}${picked[0].slice(1)} ${picked.slice(1).join(" ")}.`;
};

export async function generate(file: string, scale: Scale, log: (line: string) => void = () => {}) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  runMigrations(file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -200000");
  const rand = random(20261125);
  const now = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const started = Date.now();
  const step = (what: string) => log(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const insertUser = db.prepare("INSERT INTO users (id, email, name, handle, role, locale, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const insertGroup = db.prepare("INSERT INTO groups (id, slug, name, description, join_policy, response_target_days, member_count, created_at, updated_at) VALUES (?, ?, ?, ?, 'invite', 7, ?, ?, ?)");
  const insertMember = db.prepare("INSERT INTO memberships (group_id, user_id, state, role, joined_at, state_changed_at) VALUES (?, ?, 'active', ?, ?, ?)");
  const insertBoard = db.prepare("INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'ideas', 'Ideas', 0)");
  const insertIdea = db.prepare("INSERT INTO ideas (group_id, board_id, number, author_id, title, body, status, created_at, last_activity_at, first_response_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const insertVote = db.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)");
  const insertFollow = db.prepare("INSERT OR IGNORE INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)");
  const insertComment = db.prepare("INSERT INTO comments (idea_id, group_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  const insertEvent = db.prepare("INSERT INTO idea_events (idea_id, group_id, actor_id, kind, from_status, to_status, response, created_at) VALUES (?, ?, ?, 'status', 'open', ?, ?, ?)");

  db.transaction(() => {
    insertUser.run("staff-1", "staff@bench.kaiku.test", "Sanna Staff", "sanna-staff", "staff", "fi", passwordHash, now - 400 * DAY, now);
    insertUser.run("admin-1", "admin@bench.kaiku.test", "Aino Admin", "aino-admin", "admin", "fi", passwordHash, now - 400 * DAY, now);
    let n = 0;
    for (let g = 0; g < scale.groups; g++) {
      for (let m = 0; m < scale.membersPerGroup; m++) {
        n++;
        const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
        insertUser.run(`m${n}`, `m${n}@bench.kaiku.test`, name, `${handleFor(name)}-${n}`, "member", rand() < 0.7 ? "fi" : "en", passwordHash, now - 400 * DAY, now);
      }
    }
  })();
  step(`${scale.groups * scale.membersPerGroup} members`);

  const statuses = ["under_review", "planned", "in_progress", "done", "declined"];
  let ideaId = 0;
  let commentId = 0;
  for (let g = 0; g < scale.groups; g++) {
    const groupId = `bench-group-${g + 1}`;
    const members = Array.from({ length: scale.membersPerGroup }, (_, m) => `m${g * scale.membersPerGroup + m + 1}`);
    const firstIdea = ideaId + 1;
    const votes = new Uint32Array(scale.ideasPerGroup);
    const comments = new Uint32Array(scale.ideasPerGroup);
    const followers = new Map<number, Set<number>>();
    const follow = (idea: number, member: number, at: number) => {
      let set = followers.get(idea);
      if (!set) followers.set(idea, (set = new Set()));
      if (!set.has(member)) {
        set.add(member);
        insertFollow.run(firstIdea + idea, members[member], at);
      }
    };
    db.transaction(() => {
      insertGroup.run(groupId, `group-${String(g + 1).padStart(3, "0")}`, `Pilot group ${g + 1}`, "A benchmark group.", scale.membersPerGroup, now - 365 * DAY, now);
      members.forEach((id, m) => insertMember.run(groupId, id, m === 0 ? "moderator" : "member", now - 365 * DAY, now - 365 * DAY));
      const boardId = Number(insertBoard.run(groupId).lastInsertRowid);
      // A few members write most of the ideas; ideas are spread over the past year, the newest last.
      const author = zipf(scale.membersPerGroup, 1.1, rand);
      const created: number[] = [];
      for (let i = 0; i < scale.ideasPerGroup; i++) {
        const at = now - 365 * DAY + Math.floor(((i + rand()) / scale.ideasPerGroup) * 364 * DAY);
        created.push(at);
        const writer = author();
        // Older ideas have mostly had a staff response; the newest wait in the queue.
        const answered = i < scale.ideasPerGroup * 0.6 && rand() < 0.85;
        const status = answered ? statuses[Math.floor(rand() * statuses.length)] : "open";
        const responseAt = answered ? at + Math.floor((0.5 + rand() * 9) * DAY) : null;
        ideaId++;
        insertIdea.run(groupId, boardId, i + 1, members[writer], sentence(rand, 4 + Math.floor(rand() * 5)).slice(0, 118), `${sentence(rand, 12)} ${sentence(rand, 18)}\n\n${sentence(rand, 10)}`, status, at, responseAt ?? at, responseAt);
        if (answered) insertEvent.run(ideaId, groupId, "staff-1", status, rand() < 0.7 ? `Hi, thank you! ${sentence(rand, 14)} We will tell you more next month.` : null, responseAt);
        follow(i, writer, at);
      }
      // Votes: a few ideas get most of them; each member votes once per idea; mostly recent.
      const idea = zipf(scale.ideasPerGroup, 0.9, rand);
      const voted = new Set<number>();
      let attempts = 0;
      while (voted.size < scale.votesPerGroup && attempts++ < scale.votesPerGroup * 20) {
        const i = idea();
        const m = Math.floor(rand() * scale.membersPerGroup);
        const key = i * scale.membersPerGroup + m;
        if (voted.has(key)) continue;
        voted.add(key);
        const at = Math.max(created[i], now - Math.floor(Math.pow(rand(), 2) * 90 * DAY));
        insertVote.run(firstIdea + i, members[m], at);
        votes[i]++;
        follow(i, m, at);
      }
      // Comments: skewed the same way, a few members write most, a quarter are replies.
      const commenter = zipf(scale.membersPerGroup, 1.0, rand);
      const topLevel = new Map<number, number[]>();
      for (let c = 0; c < scale.commentsPerGroup; c++) {
        const i = idea();
        const m = commenter();
        const parents = topLevel.get(i) ?? [];
        const parent = parents.length > 0 && rand() < 0.25 ? parents[Math.floor(rand() * parents.length)] : null;
        const at = created[i] + Math.floor(rand() * Math.max(DAY, now - created[i]));
        commentId++;
        insertComment.run(firstIdea + i, groupId, parent, members[m], sentence(rand, 6 + Math.floor(rand() * 20)), at);
        if (parent === null) topLevel.set(i, [...parents, commentId]);
        comments[i]++;
        follow(i, m, at);
      }
      const counters = db.prepare("UPDATE ideas SET vote_count = ?, comment_count = ?, follower_count = ? WHERE id = ?");
      for (let i = 0; i < scale.ideasPerGroup; i++) counters.run(votes[i], comments[i], followers.get(i)?.size ?? 0, firstIdea + i);
    })();
    if ((g + 1) % 10 === 0 || g + 1 === scale.groups) step(`${g + 1} groups`);
  }
  // The activity times of the comments, so "recently updated" is realistic too.
  db.exec("UPDATE ideas SET last_activity_at = max(last_activity_at, coalesce((SELECT max(c.created_at) FROM comments c WHERE c.idea_id = ideas.id), 0))");
  db.exec("ANALYZE");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  step("done");
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const out = args[args.indexOf("--out") + 1];
  if (!args.includes("--out") || !out) {
    console.error("Usage: tsx scripts/bench/generate.ts --out <file> [--smoke]");
    process.exit(2);
  }
  console.log(`Generating ${args.includes("--smoke") ? "the smoke" : "the full"} benchmark database at ${out}`);
  await generate(out, args.includes("--smoke") ? SMOKE : FULL, console.log);
}
