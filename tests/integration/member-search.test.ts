// The member directory's search: name, @handle and introduction, as the README promises, folded as idea search is.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { searchMembers } from "../../app/models/member-search.server";
import * as directory from "../../app/routes/g.$slug.members._index";
import * as manage from "../../app/routes/g.$slug.manage";
import type { Group, User } from "../../db/schema";
import { addMember, createUser, makeGroup, sessionCookie } from "../support/factories";
import { callLoader, getRequest } from "../support/remix";

describe("member directory search", () => {
  let group: Group;
  let other: Group;
  const people: Record<string, User & { handle: string | null }> = {};
  let cookie: string;

  const setIntro = (groupId: string, userId: string, intro: string) =>
    db()
      .update(schema.memberships)
      .set({ intro })
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId)))
      .run();

  beforeAll(async () => {
    group = makeGroup();
    other = makeGroup();
    for (const [key, name] of [
      ["aino", "Aino Mäkinen"],
      ["eero", "Eero Virtanen"],
      ["helmi", "Helmi Laine"],
      ["left", "Lauri Lähtijä"],
    ] as const) {
      const user = await createUser({ name });
      people[key] = { ...user, handle: db().select({ handle: schema.users.handle }).from(schema.users).where(eq(schema.users.id, user.id)).get()!.handle };
    }
    addMember(group.id, people.aino.id);
    addMember(group.id, people.eero.id, { role: "moderator" });
    addMember(group.id, people.helmi.id);
    addMember(group.id, people.left.id, { state: "left" });
    addMember(other.id, people.helmi.id);
    // "koodari" is only in the handle, so that a match can only come from there.
    db().update(schema.users).set({ handle: "koodari-helmi" }).where(eq(schema.users.id, people.helmi.id)).run();
    setIntro(group.id, people.aino.id, "Käytän sovellusta päivittäin junassa ja toivon kausilippua puhelimeen.");
    setIntro(group.id, people.eero.id, "Pyöräilen töihin; kaupunkipyörät kiinnostavat.");
    setIntro(other.id, people.helmi.id, "Toisen ryhmän esittely: junassa joka päivä.");
    setIntro(group.id, people.left.id, "Junassa minäkin.");
    cookie = await sessionCookie(people.aino.id);
  });

  const names = (q: string, groupId = group.id) => searchMembers({ groupId, q, page: 1 }).rows.map((r) => r.name);

  it("finds by name, by @handle and by a word of the introduction", () => {
    expect(names("virtanen")).toEqual(["Eero Virtanen"]);
    expect(names("@koodari-helmi")).toEqual(["Helmi Laine"]);
    expect(names("koodari")).toEqual(["Helmi Laine"]);
    expect(names("junassa")).toEqual(["Aino Mäkinen"]);
    expect(names("kaupunkipyörät")).toEqual(["Eero Virtanen"]);
    // Inside words, and every word must match (in any of the three).
    expect(names("kausilip")).toEqual(["Aino Mäkinen"]);
    expect(names("aino junassa")).toEqual(["Aino Mäkinen"]);
    expect(names("eero junassa")).toEqual([]);
  });

  it("folds case and accents, and finds no one for a query without letters", () => {
    for (const q of ["MÄKINEN", "makinen", "Makinen", "KAYTAN"]) expect(names(q), q).toEqual(["Aino Mäkinen"]);
    expect(names("PYORAILEN")).toEqual(["Eero Virtanen"]);
    for (const q of ["@", "!!!", "%", "_"]) expect(names(q), q).toEqual([]);
  });

  it("reads only the group's active members, and their introductions in this group", () => {
    // Helmi's introduction mentions "junassa" in the other group only; Lauri has left.
    expect(names("junassa")).toEqual(["Aino Mäkinen"]);
    expect(names("lahtija")).toEqual([]);
    expect(names("junassa", other.id)).toEqual(["Helmi Laine"]);
    expect(names("virtanen", other.id)).toEqual([]);
  });

  it("answers over the route: moderators first, a total, and a message for an overlong query", async () => {
    const load = (q: string) => callLoader(directory, getRequest(`/g/${group.slug}/members?q=${encodeURIComponent(q)}`, { cookie }), { slug: group.slug });
    const byIntro = await load("in");
    expect(byIntro.status).toBe(200);
    expect(byIntro.data.rows.map((r: { name: string }) => r.name)).toEqual(["Eero Virtanen", "Aino Mäkinen", "Helmi Laine"]);
    expect(byIntro.data.total).toBe(3);
    const all = await load("");
    expect(all.data.total).toBe(3);
    const long = await load("junassa ".repeat(20));
    expect(long.status).toBe(400);
    expect(long.data.queryTooLong).toBe(true);
    expect(long.data.rows).toEqual([]);
    expect(long.data.q).toBe("junassa ".repeat(20).trim());
  });

  it("searches the same three on the manage page, where an overlong query lists nobody instead of everyone", async () => {
    const moderator = await sessionCookie(people.eero.id);
    const load = (q: string) =>
      callLoader(manage, getRequest(`/g/${group.slug}/manage?q=${encodeURIComponent(q)}`, { cookie: moderator }), { slug: group.slug });
    const byHandle = await load(`@${people.helmi.handle}`);
    expect(byHandle.data.members.rows.map((r: { name: string }) => r.name)).toEqual(["Helmi Laine"]);
    const long = await load("a".repeat(150));
    expect(long.status).toBe(400);
    expect(long.data.queryTooLong).toBe(true);
    expect(long.data.members.rows).toEqual([]);
  });
});
