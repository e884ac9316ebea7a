// Who may see and do what in a pilot group: every group route and action, for every kind of visitor.
import { beforeAll, describe, expect, it } from "vitest";
import * as home from "../../app/routes/g.$slug._index";
import * as layout from "../../app/routes/g.$slug";
import * as invitations from "../../app/routes/g.$slug.invitations";
import * as manage from "../../app/routes/g.$slug.manage";
import * as me from "../../app/routes/g.$slug.me";
import * as members from "../../app/routes/g.$slug.members._index";
import * as profile from "../../app/routes/g.$slug.members.$userId";
import * as settings from "../../app/routes/g.$slug.settings";
import * as updates from "../../app/routes/g.$slug.updates";
import * as join from "../../app/routes/join.$slug";
import { addMember, createUser, makeGroup, sessionCookie } from "../support/factories";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const PERSONAS = ["anonymous", "nonMember", "otherGroup", "banned", "member", "moderator", "staff", "admin"] as const;
type Persona = (typeof PERSONAS)[number];
const cookies = {} as Record<Persona, string | undefined>;
let slug: string;
let inviteOnlySlug: string;
let memberId: string;
let targetId: string;

beforeAll(async () => {
  const group = makeGroup({ joinPolicy: "request" });
  const other = makeGroup();
  slug = group.slug;
  inviteOnlySlug = other.slug;
  const users = {
    nonMember: await createUser(),
    otherGroup: await createUser(),
    banned: await createUser(),
    member: await createUser(),
    moderator: await createUser(),
    staff: await createUser({ role: "staff" }),
    admin: await createUser({ role: "admin" }),
  };
  addMember(other.id, users.otherGroup.id);
  addMember(group.id, users.banned.id, { state: "banned" });
  addMember(group.id, users.member.id);
  addMember(group.id, users.moderator.id, { role: "moderator" });
  memberId = users.member.id;
  const target = await createUser();
  addMember(group.id, target.id);
  targetId = target.id;
  for (const [k, u] of Object.entries(users)) cookies[k as Persona] = await sessionCookie(u.id);
});

const OUTSIDERS: Persona[] = ["anonymous", "nonMember", "otherGroup", "banned"];
const expectStatus = (persona: Persona, insiders: Partial<Record<Persona, number>>) => (OUTSIDERS.includes(persona) ? 404 : (insiders[persona] ?? 200));

describe("group pages", () => {
  const pages: {
    name: string;
    mod: { loader: never };
    path: (s: string) => string;
    params?: () => Record<string, string>;
    insiders: Partial<Record<Persona, number>>;
  }[] = [
    { name: "layout", mod: layout as never, path: (s) => `/g/${s}`, insiders: {} },
    { name: "home", mod: home as never, path: (s) => `/g/${s}`, insiders: {} },
    { name: "directory", mod: members as never, path: (s) => `/g/${s}/members`, insiders: {} },
    { name: "profile", mod: profile as never, path: (s) => `/g/${s}/members/x`, params: () => ({ userId: memberId }), insiders: {} },
    { name: "updates", mod: updates as never, path: (s) => `/g/${s}/updates`, insiders: {} },
    { name: "my membership", mod: me as never, path: (s) => `/g/${s}/me`, insiders: { staff: 404, admin: 404 } },
    { name: "manage", mod: manage as never, path: (s) => `/g/${s}/manage`, insiders: { member: 403 } },
    { name: "invitations", mod: invitations as never, path: (s) => `/g/${s}/invitations`, insiders: { member: 403 } },
    { name: "settings", mod: settings as never, path: (s) => `/g/${s}/settings`, insiders: { member: 403, moderator: 403, staff: 403 } },
  ];
  for (const page of pages) {
    it(`${page.name}: outsiders get 404, roles get what they may`, async () => {
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const persona of PERSONAS) {
        const res = await callLoader(page.mod as never, getRequest(page.path(slug), { cookie: cookies[persona] }), { slug, ...page.params?.() });
        seen[persona] = res.status;
        expected[persona] = expectStatus(persona, page.insiders);
      }
      expect(seen).toEqual(expected);
    });
  }

  it("answers 404 for a group that does not exist, exactly as for a private one", async () => {
    const res = await callLoader(home as never, getRequest("/g/no-such-group", { cookie: cookies.member }), { slug: "no-such-group" });
    expect(res.status).toBe(404);
  });
});

describe("group actions", () => {
  // Each action gets a well-formed request from every persona. Outsiders always get 404; `refused` lists the
  // insiders who are turned away and how; every other insider must get through (200 or a redirect).
  const actions: { name: string; mod: { action: never }; fields: (n: number) => Record<string, string>; refused: Partial<Record<Persona, number>> }[] = [
    // n counts the calls that get through, so the role alternates and each one is a real change.
    {
      name: "manage: change role",
      mod: manage as never,
      fields: (n) => ({ intent: "role", userId: targetId, role: n % 2 === 0 ? "moderator" : "member" }),
      refused: { member: 403 },
    },
    {
      name: "invitations: invite",
      mod: invitations as never,
      fields: () => ({ intent: "invite", emails: `x${Math.random()}@example.test` }),
      refused: { member: 403 },
    },
    // The invitation does not exist: managers get 404 from the model, a member is refused before that.
    {
      name: "invitations: revoke",
      mod: invitations as never,
      fields: () => ({ intent: "revoke", invitationId: "nope" }),
      refused: { member: 403, moderator: 404, staff: 404, admin: 404 },
    },
    {
      name: "updates: create",
      mod: updates as never,
      fields: () => ({ intent: "create", title: "Hello there", body: "Body" }),
      refused: { member: 403, moderator: 403 },
    },
    { name: "settings: restore", mod: settings as never, fields: () => ({ intent: "restore" }), refused: { member: 403, moderator: 403, staff: 403 } },
    // Staff and admins see the group without belonging to it: there is no membership of theirs to edit.
    { name: "my membership: intro", mod: me as never, fields: () => ({ intent: "intro", intro: "Hi!" }), refused: { staff: 404, admin: 404 } },
  ];
  for (const action of actions) {
    it(action.name, async () => {
      let n = 0;
      for (const persona of PERSONAS) {
        const expected = OUTSIDERS.includes(persona) ? 404 : action.refused[persona];
        const res = await callAction(action.mod as never, postRequest(`/g/${slug}`, action.fields(expected ? n : n++), { cookie: cookies[persona] }), { slug });
        if (expected) expect(res.status, persona).toBe(expected);
        else expect([200, 302], persona).toContain(res.status);
      }
    });
  }
});

describe("join page", () => {
  it("shows request groups to signed-in members of the organisation, hides invitation-only groups and bans", async () => {
    expect((await callLoader(join as never, getRequest(`/join/${slug}`, { cookie: cookies.nonMember }), { slug })).status).toBe(200);
    expect((await callLoader(join as never, getRequest(`/join/${inviteOnlySlug}`, { cookie: cookies.nonMember }), { slug: inviteOnlySlug })).status).toBe(404);
    expect((await callLoader(join as never, getRequest(`/join/${slug}`, { cookie: cookies.banned }), { slug })).status).toBe(404);
    expect((await callAction(join as never, postRequest(`/join/${slug}`, { answer: "please" }, { cookie: cookies.banned }), { slug })).status).toBe(404);
    const anonymous = await callLoader(join as never, getRequest(`/join/${slug}`), { slug });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
  });
});
