// Full-text search (similar ideas while typing, board search) and list pagination over a board of 1,000+ ideas.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { insertIdea, listIdeas, TRENDING_WINDOW_MS, withdrawIdea, type IdeaListQuery } from "../../app/models/idea.server";
import { updateIdea } from "../support/ideas";
import * as board from "../../app/routes/g.$slug.ideas._index";
import { SEARCH_QUERY_MAX, type IdeaSort } from "../../app/schemas/idea";
import { ftsMatch, queryTerms, similarIdeas } from "../../app/models/search.server";
import { groupSlot, trigramRange } from "../../db/fts";
import type { Group, IdeaStatus, User } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, makeTag, sessionCookie } from "../support/factories";
import { callLoader, getRequest } from "../support/remix";

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------------------
// Similar ideas and search

describe("similar ideas and search", () => {
  let group: Group;
  let other: Group;
  let member: User;
  let boardId: number;
  const n: Record<string, number> = {}; // idea ids by name

  beforeAll(async () => {
    group = makeGroup();
    other = makeGroup();
    member = await createUser();
    addMember(group.id, member.id);
    addMember(other.id, member.id);
    boardId = makeBoard(group.id).id;
    const otherBoard = makeBoard(other.id).id;
    const add = (name: string, title: string, body = "") => (n[name] = makeIdea({ groupId: group.id, boardId, authorId: member.id, title, body }).id);
    add("titleBoth", "Widgetti lukitusnäytölle", "Kello ja sää näkyviin heti.");
    add("bodyBoth", "Parempi kalenteri", "Kalenterista widgetti lukitusnäytölle olisi kiva.");
    add("upperTitle", "LUKITUSNAYTOLLE pikakuvakkeet");
    add("kaisa", "Kaisa-avustaja vastaa kysymyksiin");
    add("kaisaAccent", "Pöllö käisa ehdottaa");
    add("crashes", "The app crashes on start");
    add("glory", "For the win and the glory");
    for (let i = 0; i < 7; i++) add(`sovellus${i}`, `Sovellus parannus ${i}`, "Sovellus ".repeat(i + 1));
    for (const filler of [
      "Tumma teema",
      "Push-ilmoitukset",
      "Offline-tila junassa",
      "Kirjautuminen sormenjäljellä",
      "Lipun jakaminen ystävälle",
      "Hakuhistoria",
      "Suosikkipysäkit",
      "Saavutettavuus isompi fontti",
    ])
      add(filler, filler, "Tavallinen kuvaus ilman hakusanoja.");
    const withdrawn = makeIdea({ groupId: group.id, boardId, authorId: member.id, title: "Lukitusnäytölle vanha widgetti" });
    withdrawIdea({ group, number: withdrawn.number, userId: member.id, readOnly: false });
    n.withdrawn = withdrawn.id;
    n.otherGroup = makeIdea({
      groupId: other.id,
      boardId: otherBoard,
      authorId: member.id,
      title: "Widgetti lukitusnäytölle",
      body: "Sama idea toisessa ryhmässä",
    }).id;
  });

  const similar = (text: string, limit?: number) => similarIdeas({ groupId: group.id, text, viewerId: member.id, limit }).map((s) => s.id);
  const search = (q: string, sort: IdeaSort = "relevance") =>
    listIdeas({ groupId: group.id, viewerId: member.id, boardId: null, sort, status: null, tagId: null, mine: false, voted: false, q, page: 1, pageSize: 100 });

  it("ranks an idea with the words in its title above one with them only in the body", () => {
    const found = similar("widgetti lukitusnäytölle");
    expect(found[0]).toBe(n.titleBoth);
    expect(found).toContain(n.bodyBoth);
    expect(found.indexOf(n.titleBoth)).toBeLessThan(found.indexOf(n.bodyBoth));
  });

  it("prefix-matches the last word and folds accents and case", () => {
    for (const q of ["lukitusn", "LUKITUSNAYTOLLE", "lukitusnäytölle", "Lukitusnäytölle"]) {
      expect(new Set(similar(q)), q).toEqual(new Set([n.titleBoth, n.bodyBoth, n.upperTitle]));
    }
    for (const q of ["Kaisa", "käisa", "KÄISA", "kaisa"]) {
      expect(new Set(similar(q)), q).toEqual(new Set([n.kaisa, n.kaisaAccent]));
    }
  });

  it("only finds live ideas of the same group", () => {
    const found = similar("widgetti lukitusnäytölle vanha");
    expect(found).not.toContain(n.withdrawn);
    expect(found).not.toContain(n.otherGroup);
    expect(similarIdeas({ groupId: other.id, text: "widgetti", viewerId: member.id }).map((s) => s.id)).toEqual([n.otherGroup]);
    // The group token lives in its own column and cannot be searched for.
    expect(similar(`g${other.id}`)).toEqual([]);
    expect(similar(`g${group.id}`)).toEqual([]);
  });

  it("keeps the index in step with edits, and leaves merged ideas out", () => {
    const idea = makeIdea({ groupId: group.id, boardId, authorId: member.id, title: "Kuukausilippu halvemmaksi" });
    expect(similar("kuukausilippu")).toEqual([idea.id]);
    expect(updateIdea({ group, number: idea.number, userId: member.id, readOnly: false, title: "Vuosilippu halvemmaksi", body: "", tagIds: [] })).toEqual({
      ok: true,
    });
    expect(similar("kuukausilippu")).toEqual([]);
    expect(similar("vuosilippu")).toEqual([idea.id]);
    expect(search("vuosilippu").rows.map((r) => r.id)).toEqual([idea.id]);
    db().update(schema.ideas).set({ status: "merged" }).where(eq(schema.ideas.id, idea.id)).run();
    expect(similar("vuosilippu")).toEqual([]);
  });

  it("returns at most five (or the given limit)", () => {
    expect(similar("sovellus")).toHaveLength(5);
    expect(similar("sovellus", 3)).toHaveLength(3);
    expect(search("sovellus").total).toBe(7);
  });

  it("ignores stop words unless they are all there is", () => {
    const found = similar("the for crashes");
    expect(found).toEqual([n.crashes]);
    expect(similar("crashes the")).toEqual([n.crashes]);
    const onlyStopWords = similar("and the");
    expect(onlyStopWords.length).toBeGreaterThan(0);
    expect(onlyStopWords).toContain(n.glory);
  });

  it("treats quotes, operators and FTS syntax as plain words, never as syntax", () => {
    const queries = [
      '"widgetti',
      'widgetti"',
      "widgetti*",
      "*",
      "NEAR(widgetti kalenteri",
      "NEAR(",
      "-widgetti",
      "title:kalenteri",
      "body : kalenteri",
      "(widgetti OR",
      "widgetti OR)",
      "OR",
      "AND",
      "NOT",
      "widgetti AND NOT kalenteri",
      "^kalenteri",
      "{title}: kalenteri",
      "grp:x widgetti",
      "kalenteri + widgetti",
      "'widgetti'",
      '"" ""',
      "\\",
      "widgetti;DROP TABLE ideas;--",
    ];
    for (const q of queries) {
      expect(() => similar(q), q).not.toThrow();
      expect(() => search(q), q).not.toThrow();
      expect(() => search(q, "top"), q).not.toThrow();
    }
    expect(similar('"widgetti')[0]).toBe(n.titleBoth);
    expect(similar("-widgetti")).toContain(n.titleBoth); // not a NOT
    expect(similar("widgetti AND NOT kalenteri")).toEqual(expect.arrayContaining([n.titleBoth, n.bodyBoth]));
    expect(similar("title:kalenteri")).toContain(n.bodyBoth);
    expect(similar("NEAR(widgetti kalenteri")).toEqual(expect.arrayContaining([n.titleBoth, n.bodyBoth]));
    expect(queryTerms('NEAR("a" OR b*) -c:d')).toEqual(["near", "a", "or", "b", "c", "d"]);
    expect(db().select().from(schema.ideas).where(eq(schema.ideas.id, n.titleBoth)).get()).toBeDefined();
  });

  it("finds a word longer than 40 characters wherever it stands in the query", () => {
    const code = "3f2a9c5e7b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d"; // 48 characters, e.g. a pasted error id
    const idea = makeIdea({ groupId: group.id, boardId, authorId: member.id, title: `Virhekoodi ${code} kaatuu` });
    expect(search(`kaatuu ${code}`).rows.map((r) => r.id)).toEqual([idea.id]); // last word: prefix match
    // Words are not cut short: a long code word that is not the last one must still match exactly.
    expect(search(`${code} kaatuu`).rows.map((r) => r.id)).toEqual([idea.id]);
  });

  it("returns nothing for an empty or word-less query", () => {
    for (const q of ["", "   ", "\n\t", "!!!", '"', "*", "()"]) expect(similar(q), JSON.stringify(q)).toEqual([]);
    expect(ftsMatch(group.id, "!!!", "all")).toBeNull();
    expect(ftsMatch(group.id, "   ", "any")).toBeNull();
  });

  it("board search needs every word, ranks by relevance, and a query without words finds nothing", () => {
    const ids = (q: string, sort: IdeaSort = "relevance") => search(q, sort).rows.map((r) => r.id);
    expect(new Set(ids("widgetti lukitusnäytölle"))).toEqual(new Set([n.titleBoth, n.bodyBoth]));
    expect(ids("widgetti kalenteri")).toEqual([n.bodyBoth]);
    expect(ids("widgetti kalenteri sovellus")).toEqual([]);
    const relevance = ids("lukitusnäytölle");
    expect(new Set(relevance)).toEqual(new Set([n.titleBoth, n.bodyBoth, n.upperTitle]));
    expect(relevance.at(-1)).toBe(n.bodyBoth); // only in the body: last
    expect(search("lukitusnäytölle").total).toBe(3);
    for (const q of ["!!!", "...", "* * *", '""']) {
      const result = search(q);
      expect(result.rows, q).toEqual([]);
      expect(result.total, q).toBe(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Words inside Finnish compounds (the trigram index, migration 0011)

describe("words inside compound words", () => {
  let group: Group;
  let other: Group;
  let member: User;
  let boardId: number;
  const n: Record<string, number> = {};

  beforeAll(async () => {
    group = makeGroup();
    other = makeGroup();
    member = await createUser();
    addMember(group.id, member.id);
    addMember(other.id, member.id);
    boardId = makeBoard(group.id).id;
    const add = (name: string, title: string, body = "") => (n[name] = makeIdea({ groupId: group.id, boardId, authorId: member.id, title, body }).id);
    add("wholeTitle", "Lippu halvemmaksi opiskelijoille");
    add("wholeBody", "Halvempi matkustaminen", "Yksi lippu riittäisi koko päiväksi.");
    add("prefix", "Lippuautomaattiin korttimaksu");
    add("kausi", "Kausilippu ja alennus");
    add("upper", "SARJALIPPUJEN HINNAT");
    add("insideBody", "Enemmän vaihtoehtoja", "Toivon, että kertalippuja saisi sovelluksesta.");
    add("unrelated", "Tumma teema", "Ei mitään yhteistä.");
    const withdrawn = makeIdea({ groupId: group.id, boardId, authorId: member.id, title: "Vanha kausilippu" });
    withdrawIdea({ group, number: withdrawn.number, userId: member.id, readOnly: false });
    n.withdrawn = withdrawn.id;
    n.merged = makeIdea({ groupId: group.id, boardId, authorId: member.id, title: "Kuukausilippu puhelimeen" }).id;
    db().update(schema.ideas).set({ status: "merged" }).where(eq(schema.ideas.id, n.merged)).run();
    n.otherGroup = makeIdea({
      groupId: other.id,
      boardId: makeBoard(other.id).id,
      authorId: member.id,
      title: "Kausilippu toisessa ryhmässä",
      body: "lippu",
    }).id;
  });

  const search = (q: string, groupId = group.id) =>
    listIdeas({
      groupId,
      viewerId: member.id,
      boardId: null,
      sort: "relevance",
      status: null,
      tagId: null,
      mine: false,
      voted: false,
      q,
      page: 1,
      pageSize: 100,
    });
  const ids = (q: string) => search(q).rows.map((r) => r.id);
  const similar = (text: string, limit?: number) => similarIdeas({ groupId: group.id, text, viewerId: member.id, limit }).map((s) => s.id);

  it('finds "lippu" inside compounds, below whole-word and then prefix matches, titles before bodies', () => {
    const found = ids("lippu");
    // Whole words first (title above body), then the prefix, then inside a word of the title, then of the body.
    expect(found.slice(0, 2)).toEqual([n.wholeTitle, n.wholeBody]);
    expect(found[2]).toBe(n.prefix);
    expect(new Set(found.slice(3, 5))).toEqual(new Set([n.kausi, n.upper]));
    expect(found[5]).toBe(n.insideBody);
    expect(found).toHaveLength(6);
    expect(search("lippu").total).toBe(6);
  });

  it("folds case and accents as the word index does", () => {
    const expected = ids("lippu");
    for (const q of ["LIPPU", "Lippu", "lippü", "LÏPPU"]) expect(ids(q), q).toEqual(expected);
    expect(ids("KAUSILIPPU")).toEqual([n.kausi]);
    expect(ids("sarjalippujen")).toEqual([n.upper]);
  });

  it("needs every word, and matches words of one or two letters in the word index only", () => {
    expect(ids("kausi alennus")).toEqual([n.kausi]);
    expect(ids("lippu alennus")).toEqual([n.kausi]);
    expect(ids("lippu teema")).toEqual([]);
    // "ja" is a whole word of the Kausilippu idea; inside a word it is never looked for.
    expect(ids("ja lippu")).toEqual([n.kausi]);
    expect(ids("lippu ja")).toEqual([n.kausi]);
    // Two letters: a prefix in the word index ("Lippu…", "…lippu riittäisi", "Lippuautomaattiin…"), never inside a word.
    expect(new Set(ids("li"))).toEqual(new Set([n.wholeTitle, n.wholeBody, n.prefix]));
    // Three letters are enough for the trigram index.
    expect(ids("ipp")).toEqual(expect.arrayContaining([n.wholeTitle, n.wholeBody, n.prefix, n.kausi, n.upper, n.insideBody]));
  });

  it("never finds another group's ideas, withdrawn or merged ones; an unmerged idea is found again", () => {
    const found = ids("kausilippu");
    expect(found).toEqual([n.kausi]);
    expect(ids("lippu")).not.toContain(n.otherGroup);
    expect(search("lippu", other.id).rows.map((r) => r.id)).toEqual([n.otherGroup]);
    expect(search("halvemmaksi", other.id).rows).toEqual([]);
    for (const q of ["usilippu", "kuukausilippu", "vanha"]) {
      expect(ids(q), q).toEqual(q === "usilippu" ? [n.kausi] : []);
      expect(similar(q), q).toEqual(q === "usilippu" ? [n.kausi] : []);
    }
    db().update(schema.ideas).set({ status: "open" }).where(eq(schema.ideas.id, n.merged)).run();
    expect(ids("kuukausilippu")).toEqual([n.merged]);
    db().update(schema.ideas).set({ status: "merged" }).where(eq(schema.ideas.id, n.merged)).run();
  });

  it("keeps another group out even when both share a slot of the trigram index", () => {
    // Two groups whose ids hash to the same rowid range read each other's postings; the group check keeps them apart.
    let id = "";
    for (let k = 0; groupSlot(id) !== groupSlot(group.id) || id === group.id; k++) id = `twin-${k}`;
    db()
      .$client.prepare("INSERT INTO groups (id, slug, name) VALUES (?, ?, 'Twin')")
      .run(id, `twin-${Math.random().toString(36).slice(2, 8)}`);
    const twin = makeIdea({ groupId: id, boardId: makeBoard(id).id, authorId: member.id, title: "Kausilippu kaksosryhmässä" }).id;
    expect(ids("usilippu")).toEqual([n.kausi]);
    expect(similar("usilippu")).toEqual([n.kausi]);
    expect(search("usilippu", id).rows.map((r) => r.id)).toEqual([twin]);
  });

  it("keeps the trigram index in step with edits and deletions, in the idea's own transaction", () => {
    const idea = makeIdea({ groupId: group.id, boardId, authorId: member.id, title: "Vuosilippuun lisää vyöhykkeitä" });
    expect(ids("osilippu")).toEqual([idea.id]);
    expect(
      updateIdea({
        group,
        number: idea.number,
        userId: member.id,
        readOnly: false,
        title: "Vuorokausikortti halvemmaksi",
        body: "Kortinlukija junaan",
        tagIds: [],
      }),
    ).toEqual({ ok: true });
    expect(ids("osilippu")).toEqual([]);
    expect(ids("rokausikor")).toEqual([idea.id]);
    expect(ids("inluk")).toEqual([idea.id]);
    // A failed write leaves no row in either index.
    expect(() =>
      db().transaction((tx) => {
        makeIdeaIn(tx, "Päivälippuun muutos");
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(ids("ivalippu")).toEqual([]);
    db().delete(schema.ideas).where(eq(schema.ideas.id, idea.id)).run();
    expect(ids("rokausikor")).toEqual([]);
    const { lo, hi } = trigramRange(group.id);
    expect(
      db()
        .$client.prepare("SELECT count(*) FROM ideas_trigram WHERE ideas_trigram MATCH ? AND rowid BETWEEN ? AND ?")
        .pluck()
        .get('"rokausikor"', BigInt(lo), BigInt(hi)),
    ).toBe(0);
  });

  it("fills similar-idea suggestions with compounds only after the whole-word and prefix matches", () => {
    const found = similar("lippu");
    expect(found).toHaveLength(5);
    expect(new Set(found.slice(0, 3))).toEqual(new Set([n.wholeTitle, n.wholeBody, n.prefix]));
    // Then inside a title before inside a body (only two places are left).
    expect(new Set(found.slice(3))).toEqual(new Set([n.kausi, n.upper]));
    expect(similar("lippu", 10)).toEqual([...found, n.insideBody]);
    expect(similar("lippu")).not.toContain(n.otherGroup);
    // Common words are never looked for inside others ("the" in "there").
    expect(similar("the")).toEqual([]);
  });

  function makeIdeaIn(tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0], title: string) {
    return insertIdea(tx, { groupId: group.id, boardId, authorId: member.id, title, body: "", tagIds: [] });
  }
});

// ---------------------------------------------------------------------------------------------------------
// A search longer than the board takes

describe("an overlong board search", () => {
  it("gets a 400 with the query kept and no ideas, never the whole board", async () => {
    const group = makeGroup();
    const viewer = await createUser();
    addMember(group.id, viewer.id);
    const boardId = makeBoard(group.id).id;
    for (let k = 0; k < 3; k++) makeIdea({ groupId: group.id, boardId, authorId: viewer.id, title: `Idea numero ${k}` });
    const cookie = await sessionCookie(viewer.id);
    const load = (q: string) => callLoader(board, getRequest(`/g/${group.slug}/ideas?q=${encodeURIComponent(q)}`, { cookie }), { slug: group.slug });
    const long = `${"numero ".repeat(43)}idea`.slice(0, 300);
    expect(long).toHaveLength(300);
    const res = await load(long);
    expect(res.status).toBe(400);
    expect(res.data.queryTooLong).toBe(true);
    expect(res.data.rows).toEqual([]);
    expect(res.data.total).toBe(0);
    expect(res.data.filters.q).toBe(long.trim());
    // At the limit the search runs.
    const atLimit = `${"numero ".repeat(28)}idea`.padEnd(SEARCH_QUERY_MAX, "x").slice(0, SEARCH_QUERY_MAX);
    expect((await load(atLimit)).status).toBe(200);
    const ok = await load("numero");
    expect(ok.status).toBe(200);
    expect(ok.data.queryTooLong).toBe(false);
    expect(ok.data.total).toBe(3);
    // Far beyond: still a message, and the box gets at most 1,000 characters back.
    const huge = await load("a".repeat(20_000));
    expect(huge.status).toBe(400);
    expect(huge.data.filters.q).toHaveLength(1_000);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Pagination and filters over 1,000+ ideas

type Spec = {
  i: number;
  id: number;
  board: "big" | "side";
  authorIsViewer: boolean;
  status: IdeaStatus;
  withdrawn: boolean;
  voteCount: number;
  createdAt: number;
  lastActivityAt: number;
  tags: number[];
  viewerVoted: boolean;
  votes: number[];
};

describe("pagination over a large board", () => {
  const NOW = Date.UTC(2026, 2, 1, 12);
  const TAU = (3.5 * DAY) / Math.LN2;
  const BIG = 1_050;
  const SIDE = 130;
  let group: Group;
  let viewer: User;
  let bigId: number;
  let sideId: number;
  let tagA: number;
  let tagB: number;
  const specs: Spec[] = [];

  beforeAll(async () => {
    group = makeGroup();
    viewer = await createUser();
    addMember(group.id, viewer.id);
    const voters: User[] = [];
    for (let v = 0; v < 12; v++) {
      voters.push(await createUser());
      addMember(group.id, voters[v].id);
    }
    bigId = makeBoard(group.id, { name: "Big" }).id;
    sideId = makeBoard(group.id, { name: "Side" }).id;
    tagA = makeTag(group.id, "Alpha").id;
    tagB = makeTag(group.id, "Beta").id;

    const conn = db().$client;
    const insertIdea = conn.prepare(
      "INSERT INTO ideas (group_id, board_id, number, author_id, title, body, status, vote_count, withdrawn_at, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insertTag = conn.prepare("INSERT INTO idea_tags (idea_id, tag_id) VALUES (?, ?)");
    const insertVote = conn.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)");
    conn.transaction(() => {
      for (let i = 0; i < BIG + SIDE; i++) {
        const status: IdeaStatus = i % 17 === 0 ? "merged" : i % 13 === 0 ? "done" : i % 11 === 0 ? "planned" : i % 7 === 3 ? "under_review" : "open";
        const withdrawn = i % 19 === 5;
        const authorIsViewer = i % 5 === 0;
        // Many ties: seven vote counts, ten ideas per creation time, 25 per activity time.
        const voteCount = i % 7;
        const createdAt = NOW - 400 * DAY + Math.floor(i / 10) * 60_000;
        const lastActivityAt = NOW - 30 * DAY + Math.floor(((i * 37) % (BIG + SIDE)) / 25) * 60_000;
        const board = i < BIG ? "big" : "side";
        const id = Number(
          insertIdea.run(
            group.id,
            board === "big" ? bigId : sideId,
            i + 1,
            authorIsViewer ? viewer.id : voters[i % voters.length].id,
            `Idea ${i}`,
            `Body ${i}`,
            status,
            voteCount,
            withdrawn ? NOW - DAY : null,
            createdAt,
            lastActivityAt,
          ).lastInsertRowid,
        );
        const tags = [...(i % 3 === 0 ? [tagA] : []), ...(i % 10 === 0 ? [tagB] : [])];
        for (const t of tags) insertTag.run(id, t);
        const viewerVoted = i % 4 === 0;
        if (viewerVoted) insertVote.run(id, viewer.id, NOW - 20 * DAY); // outside the trending window
        // Recent votes for trending: 1-5 voters at one of four times, so many ideas tie on trend too.
        const votes: number[] = [];
        if (i % 3 === 1) {
          const at = NOW - (i % 4) * DAY - 3_600_000;
          for (let k = 0; k < (i % 5) + 1; k++) {
            insertVote.run(id, voters[k].id, at);
            votes.push(at);
          }
        }
        specs.push({ i, id, board, authorIsViewer, status, withdrawn, voteCount, createdAt, lastActivityAt, tags, viewerVoted, votes });
      }
    })();
  });

  const trendOf = (s: Spec) => s.votes.filter((t) => t > NOW - TRENDING_WINDOW_MS).reduce((sum, t) => sum + Math.exp((t - NOW) / TAU), 0);

  const query = (overrides: Partial<IdeaListQuery>): IdeaListQuery => ({
    groupId: group.id,
    viewerId: viewer.id,
    boardId: bigId,
    sort: "top",
    status: null,
    tagId: null,
    mine: false,
    voted: false,
    q: "",
    page: 1,
    pageSize: 50,
    now: NOW,
    ...overrides,
  });

  /** Every page in turn, checking the totals each page reports. */
  function walk(overrides: Partial<IdeaListQuery>) {
    const first = listIdeas(query(overrides));
    const ids: number[] = [];
    for (let page = 1; page <= first.pages; page++) {
      const result = listIdeas(query({ ...overrides, page }));
      expect(result.total).toBe(first.total);
      expect(result.pages).toBe(first.pages);
      expect(result.rows.length).toBe(page < first.pages ? 50 : first.total - 50 * (first.pages - 1));
      ids.push(...result.rows.map((r) => r.id));
    }
    expect(listIdeas(query({ ...overrides, page: first.pages + 1 })).rows).toEqual([]);
    return { ids, total: first.total, pages: first.pages };
  }

  const visible = (s: Spec) => !s.withdrawn && s.status !== "merged";
  const expectedOrder = (sort: "top" | "new" | "updated", rows: Spec[]) =>
    [...rows]
      .sort(
        (a, b) =>
          (sort === "top" ? b.voteCount - a.voteCount : sort === "new" ? b.createdAt - a.createdAt : b.lastActivityAt - a.lastActivityAt) || b.id - a.id,
      )
      .map((s) => s.id);

  it("has the data it claims: over a thousand ideas on one board, with ties", () => {
    expect(specs.filter((s) => s.board === "big").length).toBeGreaterThanOrEqual(1_000);
    expect(specs.filter((s) => s.board === "big" && visible(s)).length).toBeGreaterThan(900);
  });

  for (const sort of ["top", "new", "updated"] as const) {
    it(`walks every page of "${sort}" in order, each visible idea exactly once`, () => {
      const expected = expectedOrder(
        sort,
        specs.filter((s) => s.board === "big" && visible(s)),
      );
      const { ids, total, pages } = walk({ sort });
      expect(total).toBe(expected.length);
      expect(pages).toBe(Math.ceil(expected.length / 50));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
    });
  }

  it('walks every page of "trending" with each visible idea exactly once, by decaying recent votes', () => {
    const expected = specs.filter((s) => s.board === "big" && visible(s));
    const { ids, total } = walk({ sort: "trending" });
    expect(total).toBe(expected.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((s) => s.id)));
    const byId = new Map(specs.map((s) => [s.id, s]));
    for (let k = 1; k < ids.length; k++) {
      const a = byId.get(ids[k - 1])!;
      const b = byId.get(ids[k])!;
      const [ta, tb] = [trendOf(a), trendOf(b)];
      if (Math.abs(ta - tb) > 1e-9) expect(ta, `${a.i} before ${b.i}`).toBeGreaterThan(tb);
      else if (a.voteCount !== b.voteCount) expect(a.voteCount).toBeGreaterThan(b.voteCount);
      else expect(a.id).toBeGreaterThan(b.id);
    }
  });

  // Ids exist only once the data does, so each filter is a function read inside its test.
  const filters: { name: string; overrides: () => Partial<IdeaListQuery>; match: (s: Spec) => boolean }[] = [
    { name: "all boards", overrides: () => ({ boardId: null }), match: visible },
    { name: "status planned", overrides: () => ({ status: "planned" }), match: (s) => s.board === "big" && visible(s) && s.status === "planned" },
    {
      name: "status under review, all boards",
      overrides: () => ({ status: "under_review", boardId: null }),
      match: (s) => visible(s) && s.status === "under_review",
    },
    { name: "status merged", overrides: () => ({ status: "merged" }), match: (s) => s.board === "big" && !s.withdrawn && s.status === "merged" },
    { name: "tag", overrides: () => ({ tagId: tagA }), match: (s) => s.board === "big" && visible(s) && s.tags.includes(tagA) },
    { name: "another tag, all boards", overrides: () => ({ tagId: tagB, boardId: null }), match: (s) => visible(s) && s.tags.includes(tagB) },
    { name: "mine", overrides: () => ({ mine: true }), match: (s) => s.board === "big" && visible(s) && s.authorIsViewer },
    { name: "voted", overrides: () => ({ voted: true }), match: (s) => s.board === "big" && visible(s) && s.viewerVoted },
    {
      name: "mine and voted and tag, all boards",
      overrides: () => ({ mine: true, voted: true, tagId: tagA, boardId: null }),
      match: (s) => visible(s) && s.authorIsViewer && s.viewerVoted && s.tags.includes(tagA),
    },
    { name: "the other board", overrides: () => ({ boardId: sideId }), match: (s) => s.board === "side" && visible(s) },
  ];

  for (const f of filters) {
    it(`filters by ${f.name}: exactly the matching set, on every sort`, () => {
      const expected = specs.filter(f.match);
      expect(expected.length).toBeGreaterThan(0);
      for (const sort of ["top", "new", "updated", "trending"] as const) {
        const { ids, total } = walk({ ...f.overrides(), sort });
        expect(total, sort).toBe(expected.length);
        expect(new Set(ids).size, sort).toBe(ids.length);
        expect(new Set(ids), sort).toEqual(new Set(expected.map((s) => s.id)));
        if (sort !== "trending") expect(ids, sort).toEqual(expectedOrder(sort, expected));
      }
    });
  }

  it("marks the viewer's own votes on every row", () => {
    const byId = new Map(specs.map((s) => [s.id, s]));
    const page = listIdeas(query({ sort: "new", page: 3 }));
    for (const row of page.rows) expect(Boolean(row.voted), String(row.id)).toBe(byId.get(row.id)!.viewerVoted);
  });

  it("ranks 5 votes from the last day above 20 votes older than the trending window", async () => {
    const g = makeGroup();
    const board = makeBoard(g.id);
    const author = await createUser();
    addMember(g.id, author.id);
    const people: User[] = [];
    for (let k = 0; k < 20; k++) {
      people.push(await createUser());
      addMember(g.id, people[k].id);
    }
    const fresh = makeIdea({ groupId: g.id, boardId: board.id, authorId: author.id, title: "Fresh idea", now: NOW - 30 * DAY });
    const old = makeIdea({ groupId: g.id, boardId: board.id, authorId: author.id, title: "Old favourite", now: NOW - 40 * DAY });
    const middling = makeIdea({ groupId: g.id, boardId: board.id, authorId: author.id, title: "Ten days ago", now: NOW - 40 * DAY });
    const vote = db().$client.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)");
    const setCount = db().$client.prepare("UPDATE ideas SET vote_count = (SELECT count(*) FROM votes WHERE idea_id = ideas.id) WHERE id = ?");
    for (let k = 0; k < 5; k++) vote.run(fresh.id, people[k].id, NOW - (k + 1) * 3_600_000);
    for (let k = 0; k < 20; k++) vote.run(old.id, people[k].id, NOW - 15 * DAY - k * 3_600_000);
    for (let k = 0; k < 5; k++) vote.run(middling.id, people[k].id, NOW - 10 * DAY);
    for (const id of [fresh.id, old.id, middling.id]) setCount.run(id);
    const order = (sort: IdeaSort) =>
      listIdeas({
        groupId: g.id,
        viewerId: author.id,
        boardId: board.id,
        sort,
        status: null,
        tagId: null,
        mine: false,
        voted: false,
        q: "",
        page: 1,
        now: NOW,
      }).rows.map((r) => r.title);
    expect(order("top")).toEqual(["Old favourite", "Ten days ago", "Fresh idea"]);
    expect(order("trending")).toEqual(["Fresh idea", "Ten days ago", "Old favourite"]);
  });
});
