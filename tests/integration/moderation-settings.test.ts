// The group's moderation setting (the auto-hide threshold): only an admin changes it, within 2-10 or off; a refusal
// or bad input writes nothing (not the group, not the audit log, not an event).
import { describe, expect, it } from "vitest";
import { execute, type Actor } from "../../app/commands/command.server";
import { updateModerationSettings } from "../../app/features/moderation/commands/update-moderation-settings.server";
import { statusOf } from "../../app/http/command-reply.server";
import { findGroupById } from "../../app/models/group.server";
import { snapshotOf } from "../support/db";
import { makePersonas, type Persona } from "../support/personas";

type World = Awaited<ReturnType<typeof makePersonas>>;
const actorOf = (w: World, who: Exclude<Persona, "anonymous">): Actor => ({ ...w.users[who], email: `${w.users[who].id}@example.test`, locale: null });
const TABLES = ["groups", "audit_log", "domain_events"] as const;

describe("moderation settings", () => {
  it("a new group hides after 3 reporters; an admin sets 2-10 or off, audited", async () => {
    const w = await makePersonas();
    expect(findGroupById(w.group.id)!.autoHideThreshold).toBe(3);
    for (const value of [2, 10, null]) {
      const done = execute(updateModerationSettings, actorOf(w, "admin"), { groupId: w.group.id, autoHideThreshold: value, holdFirstPosts: 0 });
      expect(done.ok).toBe(true);
      expect(findGroupById(w.group.id)!.autoHideThreshold).toBe(value);
    }
    const audit = snapshotOf(["audit_log"]) as unknown as Record<string, { action: string }[]>;
    expect(JSON.stringify(audit)).toContain("moderation.settings");
  });

  it("refuses everyone but an admin with the page's status, and bad values, writing nothing", async () => {
    const w = await makePersonas();
    const refused: [Exclude<Persona, "anonymous">, number][] = [
      ["nonMember", 404],
      ["otherGroup", 404],
      ["banned", 404],
      ["member", 403],
      ["moderator", 403],
      ["staff", 403],
    ];
    const before = snapshotOf([...TABLES]);
    for (const [who, status] of refused) {
      const done = execute(updateModerationSettings, actorOf(w, who), { groupId: w.group.id, autoHideThreshold: 5, holdFirstPosts: 0 });
      expect(done.ok, who).toBe(false);
      if (!done.ok) expect(statusOf(done.error), who).toBe(status);
    }
    for (const bad of [1, 11, 2.5, "3", -1]) {
      const done = execute(updateModerationSettings, actorOf(w, "admin"), { groupId: w.group.id, autoHideThreshold: bad as never, holdFirstPosts: 0 });
      expect(done.ok, String(bad)).toBe(false);
      if (!done.ok) expect(statusOf(done.error)).toBe(400);
    }
    expect(snapshotOf([...TABLES])).toEqual(before);
  });
});
