import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import * as audit from "../../app/routes/admin.audit";
import * as outbox from "../../app/routes/admin.outbox";
import * as settings from "../../app/routes/admin.settings";
import * as users from "../../app/routes/admin.users";
import { getOrgSettings } from "../../app/models/org.server";
import { createUser, sessionCookie } from "../support/factories";
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
    const res = await callAction(users, postRequest("/admin/users", { intent: "create", email: "New.Person@Example.test", name: "Uusi Henkilö", role: "staff", locale: "fi" }, { cookie }));
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
    expect(db().select().from(schema.auditLog).where(eq(schema.auditLog.action, "user.role")).all().at(-1)).toMatchObject({ actorId: admin.id, targetId: member.id, details: { from: "member", to: "staff" } });

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
    expect(log.data.rows[0]).toMatchObject({ action: "settings.update", actorName: admin.name });
  });
});
