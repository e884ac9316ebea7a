// Small things a new user tripped over: plurals, a read-only group's new-idea page, the address after a vote
// without JavaScript.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { translate } from "../../app/i18n";
import { en } from "../../app/i18n/en";
import { fi } from "../../app/i18n/fi";
import * as boardView from "../../app/routes/g.$slug.ideas._index";
import * as groupHome from "../../app/routes/g.$slug._index";
import * as invitationsRoute from "../../app/routes/g.$slug.invitations";
import * as newIdea from "../../app/routes/g.$slug.ideas.new";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, sessionCookie } from "../support/factories";
import { BASE, callAction, callLoader, formRequest, getRequest } from "../support/remix";

describe("plurals", () => {
  it("use the language's plural forms, never “(s)” or “(a)”", () => {
    for (const [lang, dict] of [
      ["en", en],
      ["fi", fi],
    ] as const) {
      const bad = Object.entries(dict).filter(([, v]) => /\w\((s|a|ä|t|en|es)\)/.test(v));
      expect(bad, lang).toEqual([]);
    }
    expect([0, 1, 2, 21].map((count) => translate("fi", "groups.invite.sent", { count }))).toEqual([
      "0 kutsua lähetetty.",
      "1 kutsu lähetetty.",
      "2 kutsua lähetetty.",
      "21 kutsua lähetetty.",
    ]);
    expect([0, 1, 2].map((count) => translate("en", "groups.invite.sent", { count }))).toEqual([
      "0 invitations sent.",
      "1 invitation sent.",
      "2 invitations sent.",
    ]);
    expect(translate("en", "groups.invite.capacity", { count: 1 })).toContain("1 place left");
    expect(translate("en", "groups.invite.capacity", { count: 3 })).toContain("3 places left");
    expect(translate("en", "groups.invite.capacity", { count: 0 })).toContain("no places left");
    expect(translate("fi", "groups.invite.capacity", { count: 1 })).toContain("yksi paikka");
    // Counts arrive formatted for the page ("1 234" in Finnish): still read as numbers.
    expect(translate("fi", "admin.users.count", { count: "1" })).toBe("1 henkilö");
    expect(translate("fi", "admin.users.count", { count: "1\u00a0234" })).toBe("1\u00a0234 henkilöä");
    expect(translate("en", "admin.users.count", { count: "1,234" })).toBe("1,234 people");
  });

  it("reach the invitation form's confirmation", async () => {
    const group = makeGroup();
    const mod = await createUser({ locale: "fi" });
    addMember(group.id, mod.id, { role: "moderator" });
    const res = await callAction(
      invitationsRoute as never,
      formRequest(`/g/${group.slug}/invitations`, { intent: "invite", emails: "yksi@example.test" }, await sessionCookie(mod.id)),
      { slug: group.slug },
    );
    expect(res.status).toBe(200);
    expect(res.data.message).toBe("1 kutsu lähetetty.");
  });
});

describe("a read-only group's new-idea page", () => {
  for (const kind of ["archived", "ended"] as const) {
    it(`explains that the ${kind} group takes no ideas and what still works (403, translated), for members and staff`, async () => {
      const group = makeGroup({ name: "Vanha pilotti" });
      makeBoard(group.id);
      const member = await createUser({ locale: "fi" });
      const staff = await createUser({ role: "staff" });
      addMember(group.id, member.id);
      db()
        .$client.prepare(`UPDATE groups SET ${kind === "archived" ? "archived_at" : "ends_at"} = ? WHERE id = ?`)
        .run(Date.now() - 60_000, group.id);
      for (const who of [member, staff]) {
        const res = await callLoader(newIdea as never, getRequest(`/g/${group.slug}/ideas/new`, { cookie: await sessionCookie(who.id) }), { slug: group.slug });
        expect(res.status).toBe(403);
        expect(res.data).toEqual({ closed: { archived: kind === "archived" } });
      }
      expect(translate("fi", kind === "archived" ? "ideas.readOnly.archived" : "ideas.readOnly.ended", { group: "Vanha pilotti" })).toMatch(
        kind === "archived" ? /arkistoitu/ : /päättynyt/,
      );
    });
  }
});

describe("a vote without JavaScript", () => {
  async function scene() {
    const group = makeGroup();
    const board = makeBoard(group.id);
    const author = await createUser();
    const voter = await createUser();
    addMember(group.id, author.id);
    addMember(group.id, voter.id);
    const idea = makeIdea({ groupId: group.id, boardId: board.id, authorId: author.id });
    return { group, idea, cookie: await sessionCookie(voter.id) };
  }
  const documentPost = (path: string, fields: Record<string, string>, cookie: string, dest: string) =>
    new Request(`${BASE}${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: cookie,
        "Sec-Fetch-Dest": dest,
        Accept: dest === "document" ? "text/html" : "*/*",
      },
    });

  it("comes back to the board's clean address (no ?index), keeping its filters", async () => {
    const { group, idea, cookie } = await scene();
    const res = await callAction(
      boardView as never,
      documentPost(`/g/${group.slug}/ideas?index&sort=new`, { intent: "vote", number: String(idea.number), voted: "1" }, cookie, "document"),
      { slug: group.slug },
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/g/${group.slug}/ideas?sort=new`);
    const home = await callAction(
      groupHome as never,
      documentPost(`/g/${group.slug}?index`, { intent: "vote", number: String(idea.number), voted: "0" }, cookie, "document"),
      { slug: group.slug },
    );
    expect(home.status).toBe(303);
    expect(home.location).toBe(`/g/${group.slug}`);
  });

  it("still answers a fetcher's vote with the count", async () => {
    const { group, idea, cookie } = await scene();
    const res = await callAction(
      boardView as never,
      documentPost(`/g/${group.slug}/ideas`, { intent: "vote", number: String(idea.number), voted: "1" }, cookie, "empty"),
      { slug: group.slug },
    );
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, voted: true, voteCount: 1 });
  });
});
