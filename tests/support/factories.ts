import { hashPassword } from "../../app/auth/password.server";
import { createSessionCookie } from "../../app/auth/session.server";
import { and, eq } from "drizzle-orm";
import { db, schema } from "../../app/db.server";
import * as groupModels from "../../app/models/group.server";
import { activateMembership } from "../../app/models/membership.server";
import { insertBoard } from "../../app/models/board.server";
import { insertIdea } from "../../app/models/idea.server";
import { insertTag } from "../../app/models/tag.server";
import { insertUser } from "../../app/models/user.server";
import type { Locale, OrgRole } from "../../db/schema";

export const PASSWORD = "correct horse battery";
let hashed: Promise<string> | undefined;
let counter = 0;

export async function createUser(overrides: { role?: OrgRole; email?: string; name?: string; locale?: Locale | null; password?: string | null } = {}) {
  counter += 1;
  const passwordHash =
    overrides.password === null ? null : overrides.password ? await hashPassword(overrides.password) : await (hashed ??= hashPassword(PASSWORD));
  const user = insertUser(db(), {
    email: overrides.email ?? `user${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`,
    name: overrides.name ?? `Test User ${counter}`,
    role: overrides.role ?? "member",
    locale: overrides.locale === undefined ? "en" : overrides.locale,
    passwordHash,
  });
  if (!user) throw new Error("email taken");
  return user;
}

/** A Cookie header value for a fresh session of the user. */
export async function sessionCookie(userId: string): Promise<string> {
  return (await createSessionCookie(userId)).split(";")[0];
}

let groupCounter = 0;

/** A pilot group made through the model, as an admin would. */
export function makeGroup(overrides: Partial<import("../../app/models/group.server").GroupInput> = {}) {
  groupCounter += 1;
  const { createGroup, findGroupById } = groupModels;
  // Tests make the boards they need (makeBoard); the first board an admin's new group gets is tested in groups.test.ts.
  const created = createGroup({
    firstBoard: false,
    actorId: null,
    input: {
      name: `Group ${groupCounter}`,
      slug: `group-${groupCounter}-${Math.random().toString(36).slice(2, 6)}`,
      description: "",
      joinPolicy: "invite",
      screeningQuestion: null,
      responseTargetDays: 7,
      capacity: null,
      startsAt: null,
      endsAt: null,
      ...overrides,
    },
  });
  if (!created.ok) throw new Error("slug taken");
  return findGroupById(created.id)!;
}

/** Makes the user an active member (optionally a moderator), or puts the membership in another state. */
export function addMember(
  groupId: string,
  userId: string,
  options: { role?: "member" | "moderator"; state?: "active" | "banned" | "requested" | "left" } = {},
) {
  const state = options.state ?? "active";
  if (state === "active") {
    const result = db().transaction((tx) => activateMembership(tx, { groupId, userId }), { behavior: "immediate" });
    if (!result.ok) throw new Error(result.error);
  } else {
    db().insert(schema.memberships).values({ groupId, userId, state, requestedAt: Date.now() }).run();
  }
  if (options.role === "moderator")
    db()
      .update(schema.memberships)
      .set({ role: "moderator" })
      .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, userId)))
      .run();
}

/** A board in the group, made through the model as a moderator would. */
export function makeBoard(groupId: string, overrides: { name?: string; description?: string; closed?: boolean } = {}) {
  const board = db().transaction(
    (tx) =>
      insertBoard(tx, {
        groupId,
        actorId: null,
        name: overrides.name ?? `Board ${Math.random().toString(36).slice(2, 6)}`,
        description: overrides.description ?? "",
      }),
    { behavior: "immediate" },
  );
  if (overrides.closed) db().update(schema.boards).set({ closedAt: Date.now() }).where(eq(schema.boards.id, board.id)).run();
  return board;
}

/** An idea posted through the model; returns its id and per-group number. */
export function makeIdea(input: { groupId: string; boardId: number; authorId: string; title?: string; body?: string; tagIds?: number[]; now?: number }) {
  const created = db().transaction(
    (tx) =>
      insertIdea(tx, {
        groupId: input.groupId,
        boardId: input.boardId,
        authorId: input.authorId,
        title: input.title ?? `Idea ${Math.random().toString(36).slice(2, 8)}`,
        body: input.body ?? "",
        tagIds: input.tagIds ?? [],
        now: input.now,
      }),
    { behavior: "immediate" },
  );
  if (!created.ok) throw new Error(created.error);
  return created;
}

/** A tag in the group. */
export function makeTag(groupId: string, name = `Tag ${Math.random().toString(36).slice(2, 6)}`, color: "blue" | "green" | "red" = "blue") {
  const tag = db().transaction((tx) => insertTag(tx, { groupId, actorId: null, name, color }), { behavior: "immediate" });
  if (!tag) throw new Error("tag name taken");
  return tag;
}
