// Issue 11 item 8 over HTTP, as the demo runs (no SMTP, e-mails only logged): the admin outbox page shows no
// sign-in link, an admin's "Show the sign-in link" (a plain form post, no JavaScript needed) shows a working one
// and is audited, and the server log never has it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccount, post, queryDb, signInHttp } from "../support/http";
import { deliveredTextIn } from "../support/outbox";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const PASSWORD = "a good long password";

describe("the admin outbox page", () => {
  it("redacts sign-in links, and reveals one on request, audited", async () => {
    await insertAccount(server.dbPath, { email: "admin@example.test", role: "admin", password: PASSWORD, locale: "en" });
    await insertAccount(server.dbPath, { email: "forgetful@example.test", password: PASSWORD, locale: "en" });
    expect((await post(`${server.url}/forgot-password`, { email: "forgetful@example.test" })).status).toBe(200);
    // Wait for the dispatcher to log it.
    for (let i = 0; i < 50 && queryDb<{ status: string }>(server.dbPath, "SELECT status FROM email_outbox")[0]?.status !== "logged"; i++)
      await new Promise((r) => setTimeout(r, 100));
    const [mail] = queryDb<{ id: number; status: string }>(server.dbPath, "SELECT id, status FROM email_outbox WHERE to_address = 'forgetful@example.test'");
    expect(mail.status).toBe("logged");
    const link = deliveredTextIn(server.dbPath, "forgetful@example.test").match(/http:\/\/\S+/)![0];
    const token = new URL(link).searchParams.get("token")!;
    expect(server.output()).toContain("forgetful@example.test");
    expect(server.output()).not.toContain(token);

    const cookie = await signInHttp(server.url, "admin@example.test", PASSWORD);
    const page = await (await fetch(`${server.url}/admin/outbox`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain("Show the sign-in link");
    expect(page).not.toContain(token);

    const revealed = await post(`${server.url}/admin/outbox`, { intent: "reveal", id: String(mail.id) }, { cookie });
    expect(revealed.status).toBe(200);
    const html = await revealed.text();
    expect(html).toContain(`href="${link}"`);
    expect(queryDb<{ action: string; target_id: string }>(server.dbPath, "SELECT action, target_id FROM audit_log WHERE action = 'outbox.reveal'")).toEqual([
      { action: "outbox.reveal", target_id: String(mail.id) },
    ]);

    // The revealed link works.
    const reset = await fetch(link, { headers: { "Accept-Language": "en" } });
    expect(reset.status).toBe(200);
    expect(await reset.text()).toContain("Choose a new password");
  });
});
