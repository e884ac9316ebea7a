// Who may act on whose membership, over the manage route's real form posts: a moderator acts on ordinary
// members only (never on another moderator, staff, an admin or themselves); staff and admins act on anyone.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { executeOrThrow } from "../../app/commands/command.server";
import { changeMemberRole } from "../../app/features/groups/commands/change-member-role.server";
import { findMembership } from "../../app/models/membership.server";
import * as manageRoute from "../../app/routes/g.$slug.manage";
import { addMember, createUser, makeGroup, sessionCookie } from "../support/factories";
import { snapshotOf } from "../support/db";
import { callAction, callLoader, formRequest, getRequest } from "../support/remix";

const TABLES = ["memberships", "groups", "audit_log", "notifications", "email_outbox", "invitations"] as const;

type Action = { name: string; fields: Record<string, string>; needs: "active" | "banned" };
const ACTIONS: Action[] = [
  { name: "promote", fields: { intent: "role", role: "moderator" }, needs: "active" },
  { name: "demote", fields: { intent: "role", role: "member" }, needs: "active" },
  { name: "remove", fields: { intent: "remove", reason: "" }, needs: "active" },
  { name: "ban", fields: { intent: "ban", reason: "" }, needs: "active" },
  { name: "lift ban", fields: { intent: "unban" }, needs: "banned" },
];

const setState = (groupId: string, userId: string, state: "active" | "banned", role: "member" | "moderator") =>
  db()
    .update(schema.memberships)
    .set({ state, role })
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId)))
    .run();

/** A group where Mona was promoted by Otto (another moderator), with staff and an admin as members too. */
async function scene() {
  const group = makeGroup();
  const users = {
    otto: await createUser({ name: "Otto Moderator" }),
    mona: await createUser({ name: "Mona Moderator" }),
    staff: await createUser({ name: "Sami Staff", role: "staff" }),
    admin: await createUser({ name: "Aino Admin", role: "admin" }),
    member: await createUser({ name: "Mikko Member" }),
  };
  for (const u of Object.values(users)) addMember(group.id, u.id);
  setState(group.id, users.otto.id, "active", "moderator");
  executeOrThrow(changeMemberRole, users.otto, { groupId: group.id, userId: users.mona.id, role: "moderator" });
  return { group, users };
}

async function post(group: { slug: string }, actorId: string, userId: string, fields: Record<string, string>) {
  return callAction(manageRoute as never, formRequest(`/g/${group.slug}/manage`, { ...fields, userId }, await sessionCookie(actorId)), { slug: group.slug });
}

describe("membership actions by a moderator", () => {
  for (const action of ACTIONS) {
    // A ban resets the group role to member, so there is no banned moderator to lift a ban for.
    for (const target of action.needs === "banned" ? (["staff", "admin", "mona"] as const) : (["otto", "staff", "admin", "mona"] as const)) {
      const label = target === "otto" ? "the moderator who promoted them" : target === "mona" ? "themselves" : target;
      it(`refuses to ${action.name} ${label} with 403 and writes nothing`, async () => {
        const { group, users } = await scene();
        const role = target === "otto" ? "moderator" : "member";
        if (action.needs === "banned" && target !== "mona") setState(group.id, users[target].id, "banned", "member");
        const before = snapshotOf(TABLES);
        const res = await post(group, users.mona.id, users[target].id, action.fields);
        expect(res.status).toBe(403);
        expect(snapshotOf(TABLES)).toBe(before);
        if (action.needs === "active" && target !== "mona") expect(findMembership(group.id, users[target].id)).toMatchObject({ state: "active", role });
      });
    }
    it(`may ${action.name} an ordinary member`, async () => {
      const { group, users } = await scene();
      if (action.needs === "banned") setState(group.id, users.member.id, "banned", "member");
      if (action.name === "demote") setState(group.id, users.member.id, "active", "moderator");
      // Demoting needs a moderator target, which a moderator may not touch: only staff demote.
      const actor = action.name === "demote" ? users.staff : users.mona;
      const res = await post(group, actor.id, users.member.id, action.fields);
      expect(res.status).toBe(200);
      expect(res.data.ok).toBe(true);
    });
  }

  it("is judged by the roles inside the transaction, not by the page: a moderator demoted meanwhile is refused", async () => {
    const { group, users } = await scene();
    const cookie = await sessionCookie(users.mona.id);
    // Otto demotes Mona after her page loaded, before her post arrives.
    setState(group.id, users.mona.id, "active", "member");
    const before = snapshotOf(TABLES);
    const res = await callAction(manageRoute as never, formRequest(`/g/${group.slug}/manage`, { intent: "ban", reason: "", userId: users.member.id }, cookie), {
      slug: group.slug,
    });
    expect(res.status).toBe(403); // no longer a manager at all
    expect(snapshotOf(TABLES)).toBe(before);
  });

  it("offers no action for moderators, staff, admins or oneself on the manage page", async () => {
    const { group, users } = await scene();
    const res = await callLoader(manageRoute as never, getRequest(`/g/${group.slug}/manage`, { cookie: await sessionCookie(users.mona.id) }), {
      slug: group.slug,
    });
    expect(res.data.me).toEqual({ id: users.mona.id, orgRole: "member", groupRole: "moderator" });
  });
});

describe("membership actions by staff", () => {
  for (const action of ACTIONS) {
    it(`may ${action.name} a moderator`, async () => {
      const { group, users } = await scene();
      if (action.needs === "banned") setState(group.id, users.mona.id, "banned", "member");
      if (action.name === "promote") setState(group.id, users.mona.id, "active", "member");
      const res = await post(group, users.staff.id, users.mona.id, action.fields);
      expect(res.status).toBe(200);
      expect(res.data.ok).toBe(true);
      const after = findMembership(group.id, users.mona.id)!;
      const expected = {
        promote: ["active", "moderator"],
        demote: ["active", "member"],
        remove: ["removed", "member"],
        ban: ["banned", "member"],
        "lift ban": ["removed", "member"],
      }[action.name]!;
      expect([after.state, after.role]).toEqual(expected);
    });
  }

  it("may not act on themselves", async () => {
    const { group, users } = await scene();
    const before = snapshotOf(TABLES);
    expect((await post(group, users.staff.id, users.staff.id, { intent: "ban", reason: "" })).status).toBe(403);
    expect(snapshotOf(TABLES)).toBe(before);
  });
});
