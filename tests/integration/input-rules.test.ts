// The input rules of issue 11 against the real route modules and a real SQLite file: a retag naming a tag that is
// not the group's is a 400 that changes nothing (it used to remove every tag of the idea); single-line fields
// refuse control characters, multi-line text normalises line endings and refuses NUL; ids and numbers are plain
// decimal digits ("into=0x10" used to merge an idea into #16). Every refusal is checked against a snapshot of the
// tables the request could have written.
import { beforeAll, describe, expect, it } from "vitest";
import { setIdeaTags } from "../../app/models/idea.server";
import { execute } from "../../app/commands/command.server";
import { setIdeaTags as setIdeaTagsCommand } from "../../app/features/ideas/commands/set-idea-tags.server";
import { UnknownTagError } from "../../app/models/tag.server";
import * as account from "../../app/routes/account";
import * as ideaPage from "../../app/routes/g.$slug.ideas.$number/route";
import * as editIdea from "../../app/routes/g.$slug.ideas.$number_.edit";
import * as newIdea from "../../app/routes/g.$slug.ideas.new";
import * as settings from "../../app/routes/g.$slug.settings";
import * as notifications from "../../app/routes/notifications";
import { makeIdea, makeTag } from "../support/factories";
import { rows, snapshotOf, value } from "../support/db";
import { db } from "../../app/db.server";
// Refusals from a command come translated (app/http/command-reply.server.ts); the form shows them as they are.
import { en } from "../../app/i18n/en";
import { makePersonas } from "../support/personas";
import { callAction, formRequest, type Result } from "../support/remix";

let world: Awaited<ReturnType<typeof makePersonas>>;
let tagA: ReturnType<typeof makeTag>;
let tagB: ReturnType<typeof makeTag>;
let foreignTag: ReturnType<typeof makeTag>;

const TABLES = ["ideas", "idea_tags", "idea_events", "votes", "follows", "comments", "tags", "audit_log", "notifications", "users", "groups", "email_outbox"];
const snapshot = () => snapshotOf(TABLES);
const ideaPath = (n: number | string) => `/g/${world.slug}/ideas/${n}`;
const tagsOf = (ideaId: number) => rows("SELECT tag_id FROM idea_tags WHERE idea_id = ? ORDER BY tag_id", ideaId).map((r) => r.tag_id);
/** The field errors of a conform reply in the action's data, wherever the route put it. */
const fieldErrors = (res: Result): Record<string, string[]> => (res.data?.result?.error ?? {}) as Record<string, string[]>;

beforeAll(async () => {
  world = await makePersonas();
  tagA = makeTag(world.group.id, "Alpha");
  tagB = makeTag(world.group.id, "Beta");
  foreignTag = makeTag(world.other.id, "Foreign");
});

function taggedIdea() {
  return makeIdea({
    groupId: world.group.id,
    boardId: world.board.id,
    authorId: world.users.author.id,
    title: "Tagged idea under test",
    tagIds: [tagA.id, tagB.id],
  });
}

describe("a retag naming a tag that is not the group's", () => {
  it.each([
    ["a tag that does not exist", () => ["999999"]],
    ["another group's tag", () => [String(foreignTag.id)]],
    ["one good tag and one unknown", () => [String(tagA.id), "999999"]],
  ])("%s: 400 on the tags field, the idea's tags and the audit log unchanged", async (_name, tags) => {
    const idea = taggedIdea();
    const before = snapshot();
    const res = await callAction(ideaPage as never, formRequest(ideaPath(idea.number), { intent: "tags", tags: tags() }, world.cookies.moderator), {
      slug: world.slug,
      number: String(idea.number),
    });
    expect(res.status).toBe(400);
    expect(fieldErrors(res).tags).toEqual([en["validation.unknownTag"]]);
    expect(snapshot()).toBe(before);
    expect(tagsOf(idea.id)).toEqual([tagA.id, tagB.id].sort((a, b) => a - b));
  });

  it("a valid retag still works and is audited", async () => {
    const idea = taggedIdea();
    const res = await callAction(ideaPage as never, formRequest(ideaPath(idea.number), { intent: "tags", tags: [String(tagB.id)] }, world.cookies.moderator), {
      slug: world.slug,
      number: String(idea.number),
    });
    expect(res.status).toBe(302);
    expect(tagsOf(idea.id)).toEqual([tagB.id]);
    expect(value("SELECT count(*) FROM audit_log WHERE action = 'idea.tags' AND target_id = ?", String(idea.id))).toBe(1);
  });

  it("the model and the command refuse, so every caller is covered: UnknownTagError (invalid) and nothing written", () => {
    const idea = taggedIdea();
    const before = snapshot();
    expect(() => db().transaction((tx) => setIdeaTags(tx, { groupId: world.group.id, ideaId: idea.id, tagIds: [foreignTag.id] }))).toThrow(UnknownTagError);
    expect(
      execute(setIdeaTagsCommand, world.users.moderator as never, { groupId: world.group.id, number: idea.number, tagIds: [foreignTag.id] }),
    ).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(snapshot()).toBe(before);
  });

  it("posting a new idea with an unknown tag: 400 on the tags field and no idea", async () => {
    const before = snapshot();
    const res = await callAction(
      newIdea as never,
      formRequest(
        `/g/${world.slug}/ideas/new`,
        {
          intent: "submit",
          boardId: String(world.board.id),
          title: "An idea with a made-up tag",
          tags: [String(tagA.id), String(foreignTag.id)],
          confirmed: "1",
        },
        world.cookies.member,
      ),
      { slug: world.slug },
    );
    expect(res.status).toBe(400);
    expect(fieldErrors(res).tags).toEqual([en["validation.unknownTag"]]);
    expect(snapshot()).toBe(before);
  });

  it("editing an idea with an unknown tag: 400 and neither the text nor the tags change", async () => {
    const idea = taggedIdea();
    const before = snapshot();
    const res = await callAction(
      editIdea as never,
      formRequest(
        `${ideaPath(idea.number)}/edit`,
        { intent: "save", title: "A new title that must not land", tags: String(foreignTag.id) },
        world.cookies.author,
      ),
      { slug: world.slug, number: String(idea.number) },
    );
    expect(res.status).toBe(400);
    expect(fieldErrors(res).tags).toEqual([en["validation.unknownTag"]]);
    expect(snapshot()).toBe(before);
  });
});

describe("control characters", () => {
  it.each([["a\u0000b"], ["Aino\r\nBcc: someone@example.com"], ["Tab\tName"], ["Evil\u202Egnp.exe"]])(
    "an account name %j is a field error and is not stored",
    async (name) => {
      const before = snapshot();
      const res = await callAction(account, formRequest("/account", { intent: "profile", name }, world.cookies.member));
      expect(res.status).toBe(400);
      expect(fieldErrors(res).name).toEqual(["validation.controlCharacters"]);
      expect(snapshot()).toBe(before);
    },
  );

  it.each([["Line one\r\nLine two"], ["Line one\nLine two"], ["Line one\rLine two"], ["Nul\u0000title"]])(
    "an idea title %j is a field error and no idea is stored",
    async (title) => {
      const before = snapshot();
      const res = await callAction(
        newIdea as never,
        formRequest(`/g/${world.slug}/ideas/new`, { intent: "submit", boardId: String(world.board.id), title, confirmed: "1" }, world.cookies.member),
        { slug: world.slug },
      );
      expect(res.status).toBe(400);
      expect(fieldErrors(res).title).toEqual(["validation.controlCharacters"]);
      expect(snapshot()).toBe(before);
    },
  );

  it("an idea's description keeps its lines with LF endings; a NUL in it is a field error", async () => {
    const posted = await callAction(
      newIdea as never,
      formRequest(
        `/g/${world.slug}/ideas/new`,
        { intent: "submit", boardId: String(world.board.id), title: "Multi-line description", body: "First line\r\nSecond line\rThird", confirmed: "1" },
        world.cookies.member,
      ),
      { slug: world.slug },
    );
    expect(posted.status).toBe(302);
    expect(value("SELECT body FROM ideas WHERE title = 'Multi-line description'")).toBe("First line\nSecond line\nThird");
    const before = snapshot();
    const refused = await callAction(
      newIdea as never,
      formRequest(
        `/g/${world.slug}/ideas/new`,
        { intent: "submit", boardId: String(world.board.id), title: "Nul in the description", body: "a\u0000b", confirmed: "1" },
        world.cookies.member,
      ),
      { slug: world.slug },
    );
    expect(refused.status).toBe(400);
    expect(fieldErrors(refused).body).toEqual(["validation.invalidCharacters"]);
    expect(snapshot()).toBe(before);
  });

  it("a comment is stored with LF endings; one with a NUL is refused", async () => {
    const idea = taggedIdea();
    const params = { slug: world.slug, number: String(idea.number) };
    const ok = await callAction(
      ideaPage as never,
      formRequest(ideaPath(idea.number), { intent: "comment", body: "Yes\r\n\r\nand also" }, world.cookies.member),
      params,
    );
    expect(ok.status).toBe(302);
    expect(value("SELECT body FROM comments WHERE idea_id = ?", idea.id)).toBe("Yes\n\nand also");
    const before = snapshot();
    const bad = await callAction(
      ideaPage as never,
      formRequest(ideaPath(idea.number), { intent: "comment", body: "Yes\u0000no" }, world.cookies.member),
      params,
    );
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad).body).toEqual(["validation.invalidCharacters"]);
    expect(snapshot()).toBe(before);
  });
});

describe("numbers are plain decimal digits", () => {
  it("a merge into 0x10 is a 400 and merges nothing, although idea #16 exists", async () => {
    while (((value("SELECT max(number) FROM ideas WHERE group_id = ?", world.group.id) as number | null) ?? 0) < 16)
      makeIdea({ groupId: world.group.id, boardId: world.board.id, authorId: world.users.author.id });
    const from = makeIdea({ groupId: world.group.id, boardId: world.board.id, authorId: world.users.author.id, title: "A duplicate of number sixteen" });
    for (const into of ["0x10", "1.6e1", " 16", "+16", "016", "16.0"]) {
      const before = snapshot();
      const res = await callAction(ideaPage as never, formRequest(ideaPath(from.number), { intent: "merge", into }, world.cookies.staff), {
        slug: world.slug,
        number: String(from.number),
      });
      expect(res.status, into).toBe(400);
      expect(fieldErrors(res).into, into).toEqual(["validation.invalid"]);
      expect(snapshot(), into).toBe(before);
    }
    expect(value("SELECT status FROM ideas WHERE id = ?", from.id)).toBe("open");
  });

  it("a group's response target of 1e1 days or a member limit of 0x10 is a field error", async () => {
    const before = snapshot();
    const res = await callAction(
      settings as never,
      formRequest(
        `/g/${world.slug}/settings`,
        { intent: "save", name: "Renamed pilot", joinPolicy: "invite", responseTargetDays: "1e1", capacity: "0x10" },
        world.cookies.admin,
      ),
      { slug: world.slug },
    );
    expect(res.status).toBe(400);
    expect(fieldErrors(res)).toMatchObject({ responseTargetDays: ["validation.days"], capacity: ["validation.capacity"] });
    expect(snapshot()).toBe(before);
  });

  it("a notification id written in hex is a 400", async () => {
    const res = await callAction(notifications as never, formRequest("/notifications", { intent: "read", id: "0x1" }, world.cookies.member));
    expect(res.status).toBe(400);
  });
});
