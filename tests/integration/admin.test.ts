import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db, schema } from "../../app/db.server";
import * as audit from "../../app/routes/admin.audit";
import * as outbox from "../../app/routes/admin.outbox";
import * as settings from "../../app/routes/admin.settings";
import * as users from "../../app/routes/admin.users";
import { getOrgSettings } from "../../app/models/org.server";
import { listAudit, recordAudit } from "../../app/models/audit.server";
import { executeOrThrow } from "../../app/commands/command.server";
import { changeMemberRole } from "../../app/features/groups/commands/change-member-role.server";
import { changeStatus } from "../../app/features/loop/commands/change-status.server";
import { addMember, createUser, makeBoard, makeGroup, makeIdea, makeTag, sessionCookie } from "../support/factories";
import { callAction, callLoader, getRequest, postRequest } from "../support/remix";

const pages = [
  ["/admin/users", users],
  ["/admin/outbox", outbox],
  ["/admin/audit", audit],
  ["/admin/settings", settings],
] as const;

describe("admin authorization", () => {
  it.each(pages)("%s: anonymous -> sign in, member and staff -> 403, admin -> 200", async (path, mod) => {
    const anon = await callLoader(mod, getRequest(path));
    expect(anon.status).toBe(302);
    expect(anon.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    for (const role of ["member", "staff"] as const) {
      const cookie = await sessionCookie((await createUser({ role })).id);
      expect((await callLoader(mod, getRequest(path, { cookie }))).status).toBe(403);
    }
    const admin = await sessionCookie((await createUser({ role: "admin" })).id);
    expect((await callLoader(mod, getRequest(path, { cookie: admin }))).status).toBe(200);
  });

  it("refuses every admin action to members and staff, writing nothing", async () => {
    const before = db().select().from(schema.users).all().length;
    for (const role of ["member", "staff"] as const) {
      const cookie = await sessionCookie((await createUser({ role })).id);
      const create = await callAction(users, postRequest("/admin/users", { intent: "create", email: "x@example.test", name: "X", role: "admin" }, { cookie }));
      expect(create.status).toBe(403);
      const save = await callAction(settings, postRequest("/admin/settings", { name: "Hacked", defaultLocale: "en", timeZone: "UTC" }, { cookie }));
      expect(save.status).toBe(403);
    }
    expect(db().select().from(schema.users).all().length).toBe(before + 2);
    expect(getOrgSettings().name).not.toBe("Hacked");
  });
});

describe("admin adds people", () => {
  it("creates the account, a setup email in the person's language and an audit entry together", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const res = await callAction(
      users,
      postRequest("/admin/users", { intent: "create", email: "New.Person@Example.test", name: "Uusi Henkilö", role: "staff", locale: "fi" }, { cookie }),
    );
    expect(res.status).toBe(200);
    const created = db().select().from(schema.users).where(eq(schema.users.email, "new.person@example.test")).get()!;
    expect(created).toMatchObject({ role: "staff", locale: "fi", passwordHash: null });
    const [email] = db().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, "new.person@example.test")).all();
    expect(email.kind).toBe("account-setup");
    expect(email.textBody).toContain("Aseta salasanasi: http://localhost:3000/reset-password?token=");
    const entry = db().select().from(schema.auditLog).where(eq(schema.auditLog.targetId, created.id)).get()!;
    expect(entry).toMatchObject({ actorId: admin.id, action: "user.create" });

    const listed = await callLoader(users, getRequest("/admin/users?q=uusi", { cookie }));
    expect(listed.data.rows.map((r: { email: string }) => r.email)).toEqual(["new.person@example.test"]);
    expect(listed.data.rows[0].hasPassword).toBe(false);
  });

  it("refuses a duplicate email with a field error and writes nothing", async () => {
    const admin = await createUser({ role: "admin" });
    const existing = await createUser();
    const cookie = await sessionCookie(admin.id);
    const outboxBefore = db().select().from(schema.emailOutbox).all().length;
    const res = await callAction(users, postRequest("/admin/users", { intent: "create", email: existing.email, name: "Dup", role: "member" }, { cookie }));
    expect(res.status).toBe(400);
    expect(res.data.result.error.email).toEqual(["An account with this email already exists."]);
    expect(db().select().from(schema.emailOutbox).all().length).toBe(outboxBefore);
  });

  it("treats % and _ in the search literally", async () => {
    const admin = await createUser({ role: "admin" });
    await createUser({ name: "Percent 100% Person" });
    const cookie = await sessionCookie(admin.id);
    const res = await callLoader(users, getRequest("/admin/users?q=100%25", { cookie }));
    expect(res.data.rows.map((r: { name: string }) => r.name)).toEqual(["Percent 100% Person"]);
    const none = await callLoader(users, getRequest("/admin/users?q=_____________________", { cookie }));
    expect(none.data.rows).toHaveLength(0);
  });
});

describe("roles", () => {
  it("changes a role with an audit entry, but never the admin's own", async () => {
    const admin = await createUser({ role: "admin" });
    const member = await createUser();
    const cookie = await sessionCookie(admin.id);
    const ok = await callAction(users, postRequest("/admin/users", { intent: "role", userId: member.id, role: "staff" }, { cookie }));
    expect(ok.status).toBe(200);
    expect(db().select().from(schema.users).where(eq(schema.users.id, member.id)).get()!.role).toBe("staff");
    expect(db().select().from(schema.auditLog).where(eq(schema.auditLog.action, "user.role")).all().at(-1)).toMatchObject({
      actorId: admin.id,
      targetId: member.id,
      details: { from: "member", to: "staff" },
    });

    const own = await callAction(users, postRequest("/admin/users", { intent: "role", userId: admin.id, role: "member" }, { cookie }));
    expect(own.status).toBe(400);
    expect(db().select().from(schema.users).where(eq(schema.users.id, admin.id)).get()!.role).toBe("admin");

    const missing = await callAction(users, postRequest("/admin/users", { intent: "role", userId: "no-such-user", role: "member" }, { cookie }));
    expect(missing.status).toBe(404);
    const badRole = await callAction(users, postRequest("/admin/users", { intent: "role", userId: member.id, role: "superuser" }, { cookie }));
    expect(badRole.status).toBe(400);
  });
});

describe("organisation settings", () => {
  it("validates the time zone and saves with an audit entry", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const bad = await callAction(settings, postRequest("/admin/settings", { name: "Org", defaultLocale: "en", timeZone: "Mars/Olympus" }, { cookie }));
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.timeZone).toEqual(["validation.timeZone"]);
    const ok = await callAction(settings, postRequest("/admin/settings", { name: "Rail Oy", defaultLocale: "en", timeZone: "Europe/Stockholm" }, { cookie }));
    expect(ok.status).toBe(200);
    expect(getOrgSettings()).toEqual({ name: "Rail Oy", defaultLocale: "en", timeZone: "Europe/Stockholm" });
    const log = await callLoader(audit, getRequest("/admin/audit", { cookie }));
    expect(log.data.rows[0]).toMatchObject({ action: "settings.update", actor: { id: admin.id, name: admin.name }, subject: { type: "org" } });
  });
});

describe("the audit log, readable", () => {
  async function world() {
    const admin = await createUser({ role: "admin", name: "Aino Admin" });
    const staff = await createUser({ role: "staff", name: "Sanna Staff" });
    const mod = await createUser({ name: "Matti Moderator" });
    const member = await createUser({ name: "Mikko Member" });
    const group = makeGroup({ name: "Mobiilipilotti" });
    const other = makeGroup({ name: "Other pilot" });
    addMember(group.id, mod.id, { role: "moderator" });
    addMember(group.id, member.id);
    const board = makeBoard(group.id, { name: "Sovellus" });
    const tag = makeTag(group.id, "Liput");
    const a = makeIdea({ groupId: group.id, boardId: board.id, authorId: member.id, title: "Kausilippu lukitusnäytölle" });
    const b = makeIdea({ groupId: group.id, boardId: board.id, authorId: member.id, title: "Lompakko" });
    executeOrThrow(changeStatus, staff, { groupId: group.id, number: a.number, status: "planned", response: "Tulossa!" });
    executeOrThrow(changeMemberRole, staff, { groupId: group.id, userId: member.id, role: "moderator" });
    db().transaction(
      (tx) => {
        recordAudit(tx, {
          actorId: mod.id,
          action: "idea.merge",
          targetType: "idea",
          targetId: String(b.id),
          groupId: group.id,
          details: { from: b.number, into: a.number, movedVotes: 0, movedFollows: 0, fromStatus: "open" },
        });
        recordAudit(tx, {
          actorId: mod.id,
          action: "idea.tags",
          targetType: "idea",
          targetId: String(a.id),
          groupId: group.id,
          details: { number: a.number, tagIds: [tag.id] },
        });
        recordAudit(tx, {
          actorId: admin.id,
          action: "group.update",
          targetType: "group",
          targetId: other.id,
          groupId: other.id,
          details: { changed: ["name"] },
        });
      },
      { behavior: "immediate" },
    );
    return { admin, staff, mod, member, group, other, board, tag, a, b, cookie: await sessionCookie(admin.id) };
  }

  it("names ideas by number and title with links, people by name, groups by name, and keeps status and role codes for translation", async () => {
    const w = await world();
    const page = await callLoader(audit, getRequest("/admin/audit", { cookie: w.cookie }));
    expect(page.status).toBe(200);
    const byAction = (action: string) => page.data.rows.find((r: { action: string }) => r.action === action);
    const ideaA = { number: w.a.number, title: "Kausilippu lukitusnäytölle", href: `/g/${w.group.slug}/ideas/${w.a.number}` };
    expect(byAction("idea.status")).toMatchObject({
      actor: { name: "Sanna Staff" },
      group: { name: "Mobiilipilotti", href: `/g/${w.group.slug}` },
      subject: { type: "idea", idea: ideaA },
      change: { kind: "status", from: "open", to: "planned" },
    });
    expect(byAction("membership.promote")).toMatchObject({
      subject: { type: "person", name: "Mikko Member" },
      change: { kind: "role", from: "member", to: "moderator" },
    });
    expect(byAction("idea.merge").subject).toEqual({
      type: "idea",
      idea: { number: w.b.number, title: "Lompakko", href: `/g/${w.group.slug}/ideas/${w.b.number}` },
      into: ideaA,
    });
    expect(byAction("idea.tags").subject).toMatchObject({ type: "idea", idea: ideaA, tags: ["Liput"] });
    expect(byAction("group.update").subject).toEqual({ type: "group", name: "Other pilot", href: `/g/${w.other.slug}` });
    expect(byAction("board.create").subject).toEqual({ type: "board", name: "Sovellus", href: `/g/${w.group.slug}/ideas?board=${w.board.slug}` });
    // Nothing raw: no "idea 10", no group id where a name belongs.
    expect(JSON.stringify(page.data.rows)).not.toContain(`"idea ${w.a.id}"`);
  });

  it("resolves a whole page of targets in a fixed handful of queries, not one per row", async () => {
    const w = await world();
    db().transaction(
      (tx) => {
        for (let i = 0; i < 60; i++)
          recordAudit(tx, {
            actorId: w.staff.id,
            action: "idea.status",
            targetType: "idea",
            targetId: String(i % 2 ? w.a.id : w.b.id),
            groupId: w.group.id,
            details: { number: i % 2 ? w.a.number : w.b.number, from: "open", to: "planned" },
          });
      },
      { behavior: "immediate" },
    );
    const prepare = vi.spyOn(db().$client, "prepare");
    const { rows } = listAudit({ page: 1 });
    expect(rows).toHaveLength(50);
    expect(prepare.mock.calls.length).toBeLessThanOrEqual(6);
  });

  it("filters by actor, action, group and day with a GET form; unreadable filters are ignored and said so, never a 500", async () => {
    const w = await world();
    const load = async (query: string) => callLoader(audit, getRequest(`/admin/audit?${query}`, { cookie: w.cookie }));
    const actions = async (query: string) => ((await load(query)).data.rows as { action: string }[]).map((r) => r.action);
    expect(await actions(`actor=${w.mod.id}`)).toEqual(["idea.tags", "idea.merge"]);
    expect(await actions(`action=idea.status&group=${w.group.id}`)).toEqual(["idea.status"]);
    expect(await actions(`group=${w.other.id}`)).toEqual(["group.update", "group.create"]);
    expect(await actions(`group=${w.group.id}&action=membership.promote`)).toEqual(["membership.promote"]);
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: getOrgSettings().timeZone }); // days are the organisation's
    expect((await actions(`from=${today}&to=${today}`)).length).toBeGreaterThanOrEqual(8);
    expect(await actions("from=2099-01-01")).toEqual([]);
    expect(await actions("to=2000-01-01")).toEqual([]);
    const filtered = await load(`action=idea.status&from=${today}&actor=${w.staff.id}`);
    expect(filtered.data).toMatchObject({ total: 1, invalid: [], query: { action: "idea.status", from: today, actor: w.staff.id } });

    for (const bad of [
      "from=2026-13-45",
      "to=yesterday",
      "actor=%3Cscript%3E",
      "action=DROP%20TABLE",
      "group=" + "x".repeat(300),
      "actor=a&actor=b",
      "page=abc",
      "page=-1",
      "from=2026-02-30",
      "from=2026-05-02&to=2026-05-01",
    ]) {
      const res = await load(bad);
      expect(res.status, bad).toBe(200);
      if (!bad.startsWith("page")) expect(res.data.invalid.length, bad).toBeGreaterThan(0);
      expect(res.data.query.page, bad).toBe(1);
    }
    // An unreadable filter is dropped, the readable ones still apply.
    const mixed = await load(`action=idea.status&actor=${w.staff.id}&from=nonsense`);
    expect(mixed.data).toMatchObject({ invalid: ["from"], total: 1 });
  });

  it("gives a group's manage page its readable log, filtered by actor and action, without staff-only entries for moderators", async () => {
    const w = await world();
    const manage = await import("../../app/routes/g.$slug.manage");
    db().transaction((tx) => recordAudit(tx, { actorId: w.staff.id, action: "idea.note", targetType: "idea", targetId: String(w.a.id), groupId: w.group.id }), {
      behavior: "immediate",
    });
    const asMod = async (query = "") =>
      (await callLoader(manage as never, getRequest(`/g/${w.group.slug}/manage${query}`, { cookie: await sessionCookie(w.mod.id) }), { slug: w.group.slug }))
        .data;
    const all = await asMod();
    expect(all.log.map((r: { action: string }) => r.action)).not.toContain("idea.note");
    expect(all.logActions).not.toContain("idea.note");
    expect(all.log.find((r: { action: string }) => r.action === "idea.status").subject.idea.title).toBe("Kausilippu lukitusnäytölle");
    expect((await asMod(`?actor=${w.staff.id}`)).log.map((r: { action: string }) => r.action)).toEqual(["membership.promote", "idea.status"]);
    expect((await asMod("?action=idea.merge")).log).toHaveLength(1);
    expect((await asMod("?action=nonsense!")).logFilter.invalid).toBe(true);
  });
});
