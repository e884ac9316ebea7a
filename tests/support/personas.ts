// The eight ways a person can stand towards a group (and the idea's author), for the access tests: each gets an
// account and a session, in a group with a board and a second group that only "otherGroup" belongs to.
import type { OrgRole } from "../../db/schema";
import { addMember, createUser, makeBoard, makeGroup, sessionCookie } from "./factories";

export const PERSONAS = ["anonymous", "nonMember", "otherGroup", "banned", "member", "moderator", "staff", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];
/** Everyone with an account: the personas but the anonymous one, and the author of the ideas under test. */
export type Who = Exclude<Persona, "anonymous"> | "author";
/** Who gets 404 for everything inside the group. */
export const OUTSIDERS: readonly Persona[] = ["anonymous", "nonMember", "otherGroup", "banned"];

export async function makePersonas(groupOverrides: Parameters<typeof makeGroup>[0] = {}) {
  const group = makeGroup(groupOverrides);
  const other = makeGroup();
  const users = {} as Record<Who, { id: string; name: string; role: OrgRole }>;
  const cookies = {} as Record<Persona | "author", string | undefined>;
  const make = async (who: Who, role: OrgRole = "member") => {
    const u = await createUser({ role, name: `Persona ${who}` });
    users[who] = { id: u.id, name: u.name, role: u.role };
    cookies[who] = await sessionCookie(u.id);
  };
  for (const who of ["nonMember", "otherGroup", "banned", "member", "moderator", "author"] as const) await make(who);
  await make("staff", "staff");
  await make("admin", "admin");
  addMember(other.id, users.otherGroup.id);
  addMember(group.id, users.banned.id, { state: "banned" });
  addMember(group.id, users.member.id);
  addMember(group.id, users.moderator.id, { role: "moderator" });
  addMember(group.id, users.author.id);
  const board = makeBoard(group.id, { name: "Main board" });
  return { group, other, slug: group.slug, board, users, cookies };
}
