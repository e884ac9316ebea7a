// A deterministic scale database for `npm run bench`: groups, members, ideas, votes and comments with realistic
// skew, built with the app's own migrations (schema, triggers, FTS5 index) and with every counter equal to the
// rows it counts.
//
// Realistic, because the figures depend on it:
// - a few ideas get most of the votes and comments, a few members write most (Zipf);
// - text is drawn from a vocabulary of about 4,000 words with Zipf frequencies (a few words are everywhere,
//   most are rare), as in real writing, so the search index has the long and short posting lists it would have;
// - all groups live at once: ideas, votes and comments are inserted in time order across groups, so one group's
//   rows are spread over the file as they would be after a year of use, not packed together.
//
//   tsx scripts/bench/generate.ts --out /tmp/kaiku-bench.db [--smoke]
//
// The same options always give the same database (a seeded generator; times are relative to the run).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { handleFor } from "../../app/utils/mentions";
import { registerFunctions } from "../../db/client";
import { runMigrations } from "../../db/migrate";

/** fanOutVoters: the voters of the last group's idea 1, whose status change the fan-out scenario times. */
export type Scale = { groups: number; membersPerGroup: number; ideasPerGroup: number; votesPerGroup: number; commentsPerGroup: number; fanOutVoters: number };
export const FULL: Scale = { groups: 100, membersPerGroup: 1000, ideasPerGroup: 1000, votesPerGroup: 10_000, commentsPerGroup: 10_000, fanOutVoters: 10_000 };
export const SMOKE: Scale = { groups: 3, membersPerGroup: 200, ideasPerGroup: 300, votesPerGroup: 2_000, commentsPerGroup: 2_000, fanOutVoters: 200 };
export const PASSWORD = "bench password 2026";
const DAY = 86_400_000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere (randomized tests use it too). */
export function seededRandom(seed: number): () => number {
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

const FIRST =
  "Aino Eero Helmi Ilmari Juho Kaisa Lauri Mikko Noora Olli Pia Riikka Sanna Tuomas Ulla Veera Emma Oliver Sophie James Grace Liam Chloe Noah Anna Mia".split(
    " ",
  );
const LAST =
  "Virtanen Korhonen Nieminen Mäkinen Hämäläinen Laine Heikkinen Koskinen Järvinen Lehtonen Saarinen Salminen Smith Brown Wilson Taylor Evans Thomas Roberts Walker".split(
    " ",
  );
/** The most frequent words: little words first (search drops them from similar-idea queries), then the domain's. */
const COMMON = "ja the on and is to että of se in for ei a it voisi with olisi".split(" ");
const DOMAIN = (
  "lippu juna asema sovellus kartta ilmoitus myöhästyminen kausilippu perhe pyörä paikka vaunu laituri kuulutus maksu hinta alennus matka reitti " +
  "ticket train station app map notification delay season family bike seat car platform announcement payment price discount journey route " +
  "nopeampi selkeämpi helpompi offline widget calendar accessibility saavutettavuus näyttö screen reader lukija chat asiakaspalvelu support"
).split(" ");
const SYLLABLES =
  "ka ko ku ki ke la lo lu li le ma mo mu mi me na no nu ni ne pa po pu pi pe ra ro ru ri re sa so su si se ta to tu ti te va vo vi ve ja jo ju ha ho hu hi he".split(
    " ",
  );

/** About 4,000 words in order of frequency: the common and domain words among the first few hundred, then made-up rarer ones. */
function vocabulary(rand: () => number): string[] {
  const words = new Set<string>([...COMMON]);
  const made: string[] = [];
  while (made.length < 4000) {
    const syllables = 2 + Math.floor(rand() * 3);
    let word = "";
    for (let s = 0; s < syllables; s++) word += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (rand() < 0.3) word += "nst"[Math.floor(rand() * 3)];
    if (!words.has(word) && !DOMAIN.includes(word)) {
      words.add(word);
      made.push(word);
    }
  }
  const ordered = [...COMMON];
  // Domain words at ranks 20 to about 300, between made-up words.
  DOMAIN.forEach((word, i) => {
    while (ordered.length < COMMON.length + i * 5) ordered.push(made.shift()!);
    ordered.push(word);
  });
  return [...ordered, ...made];
}

type Idea = {
  group: number;
  number: number;
  at: number;
  author: number;
  title: string;
  body: string;
  status: string;
  responseAt: number | null;
  response: string | null;
};
type Vote = { group: number; idea: number; member: number; at: number };
type Comment = { group: number; idea: number; member: number; at: number; body: string; key: number; parent: number | null };

export async function generate(file: string, scale: Scale, log: (line: string) => void = () => {}) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  runMigrations(file);
  const db = new Database(file);
  registerFunctions(db);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -200000");
  const rand = seededRandom(20261125);
  const words = vocabulary(rand);
  const word = zipf(words.length, 1.0, rand);
  const sentence = (length: number) => {
    const picked = Array.from({ length }, () => words[word()]);
    return `${picked[0][0].toUpperCase()}${picked[0].slice(1)} ${picked.slice(1).join(" ")}.`;
  };
  const now = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const started = Date.now();
  const step = (what: string) => log(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const groupId = (g: number) => `bench-group-${g + 1}`;
  const memberId = (g: number, m: number) => `m${g * scale.membersPerGroup + m + 1}`;

  // People, groups, memberships and one board per group.
  const insertUser = db.prepare(
    "INSERT INTO users (id, email, name, handle, role, locale, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertGroup = db.prepare(
    "INSERT INTO groups (id, slug, name, description, join_policy, response_target_days, member_count, created_at, updated_at) VALUES (?, ?, ?, ?, 'invite', 7, ?, ?, ?)",
  );
  const insertMember = db.prepare("INSERT INTO memberships (group_id, user_id, state, role, joined_at, state_changed_at) VALUES (?, ?, 'active', ?, ?, ?)");
  const insertBoard = db.prepare("INSERT INTO boards (group_id, slug, name, position) VALUES (?, 'ideas', 'Ideas', 0)");
  const boards: number[] = [];
  db.transaction(() => {
    insertUser.run("staff-1", "staff@bench.kaiku.test", "Sanna Staff", "sanna-staff", "staff", "fi", passwordHash, now - 400 * DAY, now);
    insertUser.run("admin-1", "admin@bench.kaiku.test", "Aino Admin", "aino-admin", "admin", "fi", passwordHash, now - 400 * DAY, now);
    for (let g = 0; g < scale.groups; g++) {
      for (let m = 0; m < scale.membersPerGroup; m++) {
        const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
        const n = g * scale.membersPerGroup + m + 1;
        insertUser.run(
          `m${n}`,
          `m${n}@bench.kaiku.test`,
          name,
          `${handleFor(name)}-${n}`,
          "member",
          rand() < 0.7 ? "fi" : "en",
          passwordHash,
          now - 400 * DAY,
          now,
        );
      }
      insertGroup.run(
        groupId(g),
        `group-${String(g + 1).padStart(3, "0")}`,
        `Pilot group ${g + 1}`,
        "A benchmark group.",
        scale.membersPerGroup,
        now - 365 * DAY,
        now,
      );
      for (let m = 0; m < scale.membersPerGroup; m++)
        insertMember.run(groupId(g), memberId(g, m), m === 0 ? "moderator" : "member", now - 365 * DAY, now - 365 * DAY);
      boards.push(Number(insertBoard.run(groupId(g)).lastInsertRowid));
    }
  })();
  step(`${scale.groups * scale.membersPerGroup} members in ${scale.groups} groups`);

  // What happens in each group over the year, decided group by group (so each group's draw is its own)...
  const statuses = ["under_review", "planned", "in_progress", "done", "declined"];
  const ideas: Idea[] = [];
  const votes: Vote[] = [];
  const comments: Comment[] = [];
  const counts = { votes: new Uint32Array(scale.groups * scale.ideasPerGroup), comments: new Uint32Array(scale.groups * scale.ideasPerGroup) };
  for (let g = 0; g < scale.groups; g++) {
    const author = zipf(scale.membersPerGroup, 1.1, rand);
    const created: number[] = [];
    for (let i = 0; i < scale.ideasPerGroup; i++) {
      const at = now - 365 * DAY + Math.floor(((i + rand()) / scale.ideasPerGroup) * 364 * DAY);
      created.push(at);
      // Older ideas have mostly had a staff response; the newest wait in the queue.
      const answered = i < scale.ideasPerGroup * 0.6 && rand() < 0.85;
      const responseAt = answered ? at + Math.floor((0.5 + rand() * 9) * DAY) : null;
      ideas.push({
        group: g,
        number: i + 1,
        at,
        author: author(),
        title: sentence(4 + Math.floor(rand() * 5)).slice(0, 118),
        body: `${sentence(12)} ${sentence(18)}\n\n${sentence(10)}`,
        status: answered ? statuses[Math.floor(rand() * statuses.length)] : "open",
        responseAt,
        response: answered && rand() < 0.7 ? `Hi, thank you! ${sentence(14)} We will tell you more next month.` : null,
      });
    }
    // Votes: a few ideas get most of them; each member votes once per idea; mostly recent.
    const popular = zipf(scale.ideasPerGroup, 0.9, rand);
    const voted = new Set<number>();
    for (let attempts = 0; voted.size < scale.votesPerGroup && attempts < scale.votesPerGroup * 20; attempts++) {
      const i = popular();
      const m = Math.floor(rand() * scale.membersPerGroup);
      // The fan-out idea gets its crowd below, and no other votes: exactly fanOutVoters.
      if (g === scale.groups - 1 && i === 0) continue;
      if (voted.has(i * scale.membersPerGroup + m)) continue;
      voted.add(i * scale.membersPerGroup + m);
      votes.push({ group: g, idea: i, member: m, at: Math.max(created[i] + 1, now - Math.floor(Math.pow(rand(), 2) * 90 * DAY)) });
      counts.votes[g * scale.ideasPerGroup + i]++;
    }
    // Comments: skewed the same way, a few members write most, a quarter are replies (after what they answer).
    const commenter = zipf(scale.membersPerGroup, 1.0, rand);
    const topLevel = new Map<number, Comment[]>();
    for (let c = 0; c < scale.commentsPerGroup; c++) {
      const i = popular();
      const parents = topLevel.get(i) ?? [];
      const parent = parents.length > 0 && rand() < 0.25 ? parents[Math.floor(rand() * parents.length)] : null;
      const after = parent ? parent.at : created[i];
      const comment: Comment = {
        group: g,
        idea: i,
        member: commenter(),
        at: Math.min(now, after + 1 + Math.floor(rand() * Math.max(DAY, now - after))),
        body: sentence(6 + Math.floor(rand() * 20)),
        key: comments.length,
        parent: parent?.key ?? null,
      };
      comments.push(comment);
      if (!parent) topLevel.set(i, [...parents, comment]);
      counts.comments[g * scale.ideasPerGroup + i]++;
    }
  }
  step(`${ideas.length} ideas, ${votes.length} votes and ${comments.length} comments drawn`);

  // ...and written in the order it happened, all groups at once.
  const insertIdea = db.prepare(
    "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, status, created_at, last_activity_at, first_response_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertEvent = db.prepare(
    "INSERT INTO idea_events (idea_id, group_id, actor_id, kind, from_status, to_status, response, created_at) VALUES (?, ?, 'staff-1', 'status', 'open', ?, ?, ?)",
  );
  const insertVote = db.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)");
  const insertFollow = db.prepare("INSERT OR IGNORE INTO follows (idea_id, user_id, created_at) VALUES (?, ?, ?)");
  const insertComment = db.prepare("INSERT INTO comments (idea_id, group_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  const ideaIds = new Float64Array(scale.groups * scale.ideasPerGroup);
  const ideaOf = (g: number, i: number) => ideaIds[g * scale.ideasPerGroup + i];
  const byTime = <T extends { at: number }>(list: T[]) => list.sort((a, b) => a.at - b.at);
  db.transaction(() => {
    for (const idea of byTime(ideas)) {
      const id = Number(
        insertIdea.run(
          groupId(idea.group),
          boards[idea.group],
          idea.number,
          memberId(idea.group, idea.author),
          idea.title,
          idea.body,
          idea.status,
          idea.at,
          idea.responseAt ?? idea.at,
          idea.responseAt,
        ).lastInsertRowid,
      );
      ideaIds[idea.group * scale.ideasPerGroup + idea.number - 1] = id;
      insertFollow.run(id, memberId(idea.group, idea.author), idea.at);
    }
    // Staff responses, in the order they were given.
    for (const idea of byTime(ideas.filter((i) => i.responseAt !== null).map((i) => ({ ...i, at: i.responseAt! })))) {
      insertEvent.run(ideaOf(idea.group, idea.number - 1), groupId(idea.group), idea.status, idea.response, idea.at);
    }
  })();
  step("ideas written");
  db.transaction(() => {
    for (const v of byTime(votes)) {
      insertVote.run(ideaOf(v.group, v.idea), memberId(v.group, v.member), v.at);
      insertFollow.run(ideaOf(v.group, v.idea), memberId(v.group, v.member), v.at);
    }
  })();
  step("votes written");
  const commentIds = new Float64Array(comments.length);
  db.transaction(() => {
    for (const c of byTime([...comments])) {
      const id = insertComment.run(
        ideaOf(c.group, c.idea),
        groupId(c.group),
        c.parent === null ? null : commentIds[c.parent],
        memberId(c.group, c.member),
        c.body,
        c.at,
      ).lastInsertRowid;
      commentIds[c.key] = Number(id);
      insertFollow.run(ideaOf(c.group, c.idea), memberId(c.group, c.member), c.at);
    }
  })();
  step("comments written");

  // The fan-out idea: idea 1 of the last group, voted for by fanOutVoters people who all keep status e-mails on
  // (the default), so one status change tells 10,000 people at once. Its own members first, then members of the
  // first groups who also joined it (a popular pilot group). No random draws here.
  const last = scale.groups - 1;
  db.transaction(() => {
    const fanOutIdea = ideaOf(last, 0);
    const joined = Math.max(0, scale.fanOutVoters - scale.membersPerGroup);
    for (let k = 0; k < joined; k++)
      insertMember.run(
        groupId(last),
        memberId(Math.floor(k / scale.membersPerGroup) % last, k % scale.membersPerGroup),
        "member",
        now - 30 * DAY,
        now - 30 * DAY,
      );
    db.prepare("UPDATE groups SET member_count = (SELECT count(*) FROM memberships WHERE group_id = ?) WHERE id = ?").run(groupId(last), groupId(last));
    const voteOnce = db.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)");
    const crowd = db
      .prepare("SELECT user_id FROM memberships WHERE group_id = ? AND state = 'active' ORDER BY joined_at, user_id LIMIT ?")
      .pluck()
      .all(groupId(last), scale.fanOutVoters) as string[];
    crowd.forEach((userId, k) => {
      voteOnce.run(fanOutIdea, userId, now - 20 * DAY + k * 60_000);
      insertFollow.run(fanOutIdea, userId, now - 20 * DAY + k * 60_000);
    });
    counts.votes[last * scale.ideasPerGroup] = crowd.length;
  })();
  step(`idea 1 of group ${last + 1}: ${scale.fanOutVoters} voters`);

  // Counters equal to the rows they count; activity times from the comments, so "recently updated" is real too.
  db.transaction(() => {
    const counters = db.prepare("UPDATE ideas SET vote_count = ?, comment_count = ? WHERE id = ?");
    ideaIds.forEach((id, k) => counters.run(counts.votes[k], counts.comments[k], id));
    db.exec("UPDATE ideas SET follower_count = (SELECT count(*) FROM follows f WHERE f.idea_id = ideas.id)");
    db.exec("UPDATE ideas SET last_activity_at = max(last_activity_at, coalesce((SELECT max(c.created_at) FROM comments c WHERE c.idea_id = ideas.id), 0))");
  })();
  // As a long-used database would be: the search index merged, the planner's statistics current.
  db.exec("INSERT INTO ideas_fts (ideas_fts) VALUES ('optimize')");
  db.exec("INSERT INTO ideas_trigram (ideas_trigram) VALUES ('optimize')");
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
