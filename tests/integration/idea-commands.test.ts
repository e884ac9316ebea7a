// The ideas area's commands refuse the personas they should, directly (execute, as a JSON API or a job would call
// them) and through the page that offers them, with the same status both ways: outsiders 404, who may not act 403,
// a read-only group 409 or 403 as each page always answered. Each case runs on a fresh idea (and a comment by its
// author), so one persona's success does not change what the next one meets.
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "../../app/db.server";
import { eq } from "drizzle-orm";
import { execute, type Command } from "../../app/commands/command.server";
import { statusOf } from "../../app/http/command-reply.server";
import { addComment } from "../../app/features/ideas/commands/add-comment.server";
import { castVote } from "../../app/features/ideas/commands/cast-vote.server";
import { deleteComment } from "../../app/features/ideas/commands/delete-comment.server";
import { editComment } from "../../app/features/ideas/commands/edit-comment.server";
import { editIdea } from "../../app/features/ideas/commands/edit-idea.server";
import { setFollow } from "../../app/features/ideas/commands/set-follow.server";
import { setIdeaTags } from "../../app/features/ideas/commands/set-idea-tags.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import { withdrawIdea } from "../../app/features/ideas/commands/withdraw-idea.server";
import * as ideaPage from "../../app/routes/g.$slug.ideas.$number/route";
import * as editPage from "../../app/routes/g.$slug.ideas.$number_.edit";
import * as newIdeaPage from "../../app/routes/g.$slug.ideas.new";
import { makeIdea, makeTag } from "../support/factories";
import { actorFor } from "../support/ideas";
import { insertComment } from "../../app/models/comment.server";
import { callAction, formRequest } from "../support/remix";
import { makePersonas, type Who } from "../support/personas";

type World = Awaited<ReturnType<typeof makePersonas>>;
let world: World;
let readOnlyWorld: World;
let tagId: number;
let readOnlyTagId: number;

const WHO: readonly Who[] = ["nonMember", "otherGroup", "banned", "member", "moderator", "staff", "admin", "author"];
const OK = 200;

/** A fresh idea by the world's author with one comment of theirs, for one call. */
function scene(w: World) {
  const idea = makeIdea({ groupId: w.group.id, boardId: w.board.id, authorId: w.users.author.id, title: "An idea under test" });
  // Written by the model, not the command: hundreds of scenes would pass the author's comment rate limit.
  const comment = db().transaction((tx) =>
    insertComment(tx, { groupId: w.group.id, number: idea.number, author: w.users.author, body: "The author's comment", parentId: null, now: Date.now() }),
  );
  return { idea, commentId: comment.id };
}
type Scene = ReturnType<typeof scene> & { w: World; tag: number };

type Case = {
  name: string;
  command: Command<any, any, any>;
  input: (s: Scene) => unknown;
  /** The same action through its page: the module, the address and the form's fields. */
  page: (s: Scene) => {
    mod: { action: (...args: never[]) => unknown };
    path: string;
    fields: Record<string, string | string[]>;
    params: Record<string, string>;
  };
  /** The status each persona gets (200: allowed), in a live group. */
  expect: Partial<Record<Who, number>>;
  /** The status for the group's own member and author in a read-only group. */
  readOnly: number;
};

const ideaForm = (s: Scene, fields: Record<string, string | string[]>) => ({
  mod: ideaPage,
  path: `/g/${s.w.slug}/ideas/${s.idea.number}`,
  fields,
  params: { slug: s.w.slug, number: String(s.idea.number) },
});
const outsiders = { nonMember: 404, otherGroup: 404, banned: 404 } as const;
const everyone = { ...outsiders, member: OK, moderator: OK, staff: OK, admin: OK, author: OK };
const authorOnly = { ...outsiders, member: 403, moderator: 403, staff: 403, admin: 403, author: OK };

const CASES: Case[] = [
  {
    name: "castVote",
    command: castVote,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, voted: true }),
    page: (s) => ideaForm(s, { intent: "vote", number: String(s.idea.number), voted: "1" }),
    // Staff see the group without belonging to it and do not vote.
    expect: { ...everyone, staff: 403, admin: 403 },
    readOnly: 403,
  },
  {
    name: "setFollow",
    command: setFollow,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, following: true }),
    page: (s) => ideaForm(s, { intent: "follow", following: "1" }),
    expect: everyone,
    readOnly: 409,
  },
  {
    name: "addComment",
    command: addComment,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, body: "Me too", parentId: null }),
    page: (s) => ideaForm(s, { intent: "comment", body: "Me too" }),
    expect: everyone,
    readOnly: 403,
  },
  {
    name: "editComment",
    command: editComment,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, commentId: s.commentId, body: "Edited" }),
    page: (s) => ideaForm(s, { intent: "editComment", commentId: String(s.commentId), body: "Edited" }),
    expect: authorOnly,
    readOnly: 409,
  },
  {
    name: "deleteComment",
    command: deleteComment,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, commentId: s.commentId }),
    page: (s) => ideaForm(s, { intent: "deleteComment", commentId: String(s.commentId) }),
    expect: authorOnly,
    readOnly: 409,
  },
  {
    name: "withdrawIdea",
    command: withdrawIdea,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number }),
    page: (s) => ideaForm(s, { intent: "withdraw" }),
    expect: authorOnly,
    readOnly: 403,
  },
  {
    name: "setIdeaTags",
    command: setIdeaTags,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, tagIds: [s.tag] }),
    page: (s) => ideaForm(s, { intent: "tags", tags: [String(s.tag)] }),
    // The author while the idea is editable, and the group's managers.
    expect: { ...outsiders, member: 403, moderator: OK, staff: OK, admin: OK, author: OK },
    readOnly: 403,
  },
  {
    name: "editIdea",
    command: editIdea,
    input: (s) => ({ groupId: s.w.group.id, number: s.idea.number, title: "A better title", body: "", tagIds: [] }),
    page: (s) => ({
      mod: editPage,
      path: `/g/${s.w.slug}/ideas/${s.idea.number}/edit`,
      fields: { intent: "save", title: "A better title" },
      params: { slug: s.w.slug, number: String(s.idea.number) },
    }),
    expect: authorOnly,
    readOnly: 403,
  },
  {
    name: "submitIdea",
    command: submitIdea,
    input: (s) => ({ groupId: s.w.group.id, boardId: s.w.board.id, title: "A new idea here", body: "", tagIds: [] }),
    page: (s) => ({
      mod: newIdeaPage,
      path: `/g/${s.w.slug}/ideas/new`,
      fields: { intent: "submit", boardId: String(s.w.board.id), title: "A new idea here", confirmed: "1" },
      params: { slug: s.w.slug },
    }),
    expect: everyone,
    readOnly: 403,
  },
  {
    name: "submitIdea, recorded for a member",
    command: submitIdea,
    input: (s) => ({
      groupId: s.w.group.id,
      boardId: s.w.board.id,
      title: "Heard on the phone",
      body: "",
      tagIds: [],
      onBehalfOf: handleOf(s.w.users.member.id),
      source: "phone",
    }),
    page: (s) => ({
      mod: newIdeaPage,
      path: `/g/${s.w.slug}/ideas/new`,
      fields: {
        intent: "submit",
        boardId: String(s.w.board.id),
        title: "Heard on the phone",
        confirmed: "1",
        onBehalfOf: handleOf(s.w.users.member.id),
        source: "phone",
      },
      params: { slug: s.w.slug },
    }),
    // Staff record ideas heard elsewhere; members and moderators may not post in someone else's name.
    expect: { ...outsiders, member: 403, moderator: 403, staff: OK, admin: OK, author: 403 },
    readOnly: 403,
  },
];

function handleOf(userId: string): string {
  return `@${db().select({ handle: schema.users.handle }).from(schema.users).where(eq(schema.users.id, userId)).get()!.handle}`;
}

const directStatus = (c: Case, s: Scene, who: Who) => {
  const result = execute(c.command, actorFor(s.w.users[who]), c.input(s));
  return result.ok ? OK : statusOf(result.error);
};
async function pageStatus(c: Case, s: Scene, who: Who) {
  const { mod, path, fields, params } = c.page(s);
  const res = await callAction(mod as never, formRequest(path, fields, s.w.cookies[who]), params);
  // A redirect after the change, or the form's answer: both mean it was done.
  return res.status === 302 || res.status === 303 ? OK : res.status;
}

beforeAll(async () => {
  world = await makePersonas();
  tagId = makeTag(world.group.id, "Alpha").id;
  readOnlyWorld = await makePersonas();
  readOnlyTagId = makeTag(readOnlyWorld.group.id, "Alpha").id;
});

describe("each ideas command refuses the personas it should, directly and through its page alike", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      for (const who of WHO) {
        const want = c.expect[who];
        if (want === undefined) continue;
        const direct = directStatus(c, { ...scene(world), w: world, tag: tagId }, who);
        const viaPage = await pageStatus(c, { ...scene(world), w: world, tag: tagId }, who);
        expect({ who, direct }).toEqual({ who, direct: want });
        expect({ who, viaPage }).toEqual({ who, viaPage: want });
      }
    });
  }
});

describe("in a read-only group", () => {
  it("every ideas command refuses the group's own member and author as its page does", async () => {
    // Make the scenes first: the group turns read-only only after its ideas and comments exist.
    const scenes = CASES.map(() => ({
      direct: { ...scene(readOnlyWorld), w: readOnlyWorld, tag: readOnlyTagId },
      page: { ...scene(readOnlyWorld), w: readOnlyWorld, tag: readOnlyTagId },
    }));
    const more = CASES.map(() => ({
      direct: { ...scene(readOnlyWorld), w: readOnlyWorld, tag: readOnlyTagId },
      page: { ...scene(readOnlyWorld), w: readOnlyWorld, tag: readOnlyTagId },
    }));
    db().update(schema.groups).set({ archivedAt: Date.now() }).where(eq(schema.groups.id, readOnlyWorld.group.id)).run();
    for (const [i, c] of CASES.entries()) {
      for (const [who, s] of [
        ["member", scenes[i]],
        ["author", more[i]],
      ] as const) {
        // The recording case is staff's: in a read-only group staff are refused too.
        const actor: Who = c.name.includes("recorded") ? "staff" : who;
        expect({ c: c.name, actor, direct: directStatus(c, s.direct, actor) }).toEqual({ c: c.name, actor, direct: c.readOnly });
        expect({ c: c.name, actor, viaPage: await pageStatus(c, s.page, actor) }).toEqual({ c: c.name, actor, viaPage: c.readOnly });
      }
    }
  });
});
