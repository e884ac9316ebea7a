// The ideas area's commands with the result shapes the tests were written against (`{ ok, id }` or
// `{ ok: false, error }`), for tests that set a scene with comments and ideas: each runs the real command
// (app/features/ideas/commands) for its actor and then drains the events, so the notifications and e-mails a
// comment causes exist when the call returns, as they did when the model wrote them in its transaction.
import { eq } from "drizzle-orm";
import { executeOrThrow, execute, type Actor } from "../../app/commands/command.server";
import { db, schema } from "../../app/db.server";
import type { DomainError } from "../../app/domain/errors";
import { drainEvents } from "../../app/events/dispatcher.server";
import { addComment as addCommentCommand } from "../../app/features/ideas/commands/add-comment.server";
import { deleteComment as deleteCommentCommand } from "../../app/features/ideas/commands/delete-comment.server";
import { editComment as editCommentCommand } from "../../app/features/ideas/commands/edit-comment.server";
import { editIdea } from "../../app/features/ideas/commands/edit-idea.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import type { Group, IdeaSource, OrgRole } from "../../db/schema";

export { executeOrThrow, drainEvents };

type Person = { id: string; name?: string; role?: OrgRole };
type Failure = { ok: false; error: "notFound" | "closed" | "notAllowed" };

/** The actor of a test's person (their account as stored, whatever the test kept of it). */
export function actorFor(person: { id: string } | string): Actor {
  const id = typeof person === "string" ? person : person.id;
  const u = db().select().from(schema.users).where(eq(schema.users.id, id)).get();
  if (!u) throw new Error(`no user ${id}`);
  return { id: u.id, name: u.name, email: u.email, role: u.role, locale: u.locale };
}

const failure = (error: DomainError): Failure => ({
  ok: false,
  error: error.code === "not_found" ? "notFound" : error.code === "forbidden" ? "notAllowed" : "closed",
});

function ideaOf(ideaId: number) {
  const idea = db().select({ groupId: schema.ideas.groupId, number: schema.ideas.number }).from(schema.ideas).where(eq(schema.ideas.id, ideaId)).get();
  if (!idea) throw new Error(`no idea ${ideaId}`);
  return idea;
}

export function addComment(input: {
  group: Pick<Group, "id">;
  number: number;
  author: Person;
  body: string;
  parentId: number | null;
  now?: number;
}): { ok: true; id: number } | Failure {
  const result = execute(
    addCommentCommand,
    actorFor(input.author),
    { groupId: input.group.id, number: input.number, body: input.body, parentId: input.parentId },
    { now: input.now },
  );
  drainEvents();
  return result.ok ? { ok: true, id: result.value.id } : failure(result.error);
}

export function editComment(input: {
  group?: Pick<Group, "id">;
  ideaId: number;
  commentId: number;
  author: Person;
  body: string;
}): { ok: true; id: number } | Failure {
  const idea = ideaOf(input.ideaId);
  const result = execute(editCommentCommand, actorFor(input.author), {
    groupId: idea.groupId,
    number: idea.number,
    commentId: input.commentId,
    body: input.body,
  });
  drainEvents();
  return result.ok ? { ok: true, id: result.value.id } : failure(result.error);
}

export function deleteComment(input: { ideaId: number; commentId: number; authorId: string }): { ok: true; id: number } | Failure {
  const idea = ideaOf(input.ideaId);
  const result = execute(deleteCommentCommand, actorFor(input.authorId), { groupId: idea.groupId, number: idea.number, commentId: input.commentId });
  drainEvents();
  return result.ok ? { ok: true, id: result.value.id } : failure(result.error);
}

/** An idea posted by `authorId` (or recorded for them by `recording.by`), through the submitIdea command. */
export function createIdea(input: {
  group: Pick<Group, "id">;
  boardId: number;
  authorId: string;
  title: string;
  body: string;
  tagIds: number[];
  recording?: { by: { id: string }; source: IdeaSource };
}): { ok: true; id: number; number: number } | { ok: false; error: "boardClosed" | "boardNotFound" } {
  const actor = actorFor(input.recording ? input.recording.by.id : input.authorId);
  const author = input.recording ? db().select().from(schema.users).where(eq(schema.users.id, input.authorId)).get() : null;
  const result = execute(submitIdea, actor, {
    groupId: input.group.id,
    boardId: input.boardId,
    title: input.title,
    body: input.body,
    tagIds: input.tagIds,
    onBehalfOf: author ? author.email : null,
    source: input.recording?.source ?? null,
  });
  drainEvents();
  if (result.ok) return { ok: true, ...result.value };
  if (result.error.code === "closed") return { ok: false, error: "boardClosed" };
  if (result.error.fieldErrors?.boardId) return { ok: false, error: "boardNotFound" };
  throw result.error;
}

/** The author's edit, through the editIdea command: `{ ok: false, error: "notAllowed" }` for every refusal but 404. */
export function updateIdea(input: {
  group: Pick<Group, "id">;
  number: number;
  userId: string;
  readOnly?: boolean;
  title: string;
  body: string;
  tagIds: number[];
}): { ok: true } | { ok: false; error: "notFound" | "notAllowed" } {
  const result = execute(editIdea, actorFor(input.userId), {
    groupId: input.group.id,
    number: input.number,
    title: input.title,
    body: input.body,
    tagIds: input.tagIds,
  });
  drainEvents();
  if (result.ok) return { ok: true };
  if (result.error.code === "invalid") throw result.error;
  return { ok: false, error: result.error.code === "not_found" ? "notFound" : "notAllowed" };
}
