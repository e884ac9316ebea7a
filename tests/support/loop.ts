// The feedback loop's commands with the result shapes the loop's tests were written against (`{ ok: true, ... }` or
// `{ ok: false, error: "closed" | "responseRequired" | ... }`), for tests that set a scene: each runs the real
// command (app/features/loop/commands) for its actor and then drains the events, so the notifications and e-mails
// a change causes exist when the call returns, as they did when the model wrote them in its transaction.
// Refusals map back to the model's old codes: not_found "notFound", a read-only group "closed" (the model checked
// it itself), a bare 403 "notAllowed", and a message key's last part ("loop.error.merge.same" -> "same").
import { execute } from "../../app/commands/command.server";
import type { DomainError } from "../../app/domain/errors";
import { drainEvents } from "../../app/events/dispatcher.server";

export { drainEvents };
import { addNote as addNoteCommand } from "../../app/features/loop/commands/add-note.server";
import { changeStatus as changeStatusCommand } from "../../app/features/loop/commands/change-status.server";
import { mergeIdeas as mergeIdeasCommand } from "../../app/features/loop/commands/merge-ideas.server";
import { unmergeIdea as unmergeIdeaCommand } from "../../app/features/loop/commands/unmerge-idea.server";
import type { SettableStatus } from "../../app/features/loop/schemas";
import type { Group } from "../../db/schema";
import { actorFor } from "./ideas";

type Person = { id: string; name?: string; role?: string };
type Failure = { ok: false; error: string };

export function legacyCode(error: DomainError): string {
  if (error.code === "not_found") return "notFound";
  if (error.code === "read_only") return "closed";
  if (error.code === "forbidden" && !error.messageKey) return "notAllowed";
  if (error.code === "invalid" && !error.messageKey) return "invalid";
  const key = error.messageKey ?? error.code;
  return key.slice(key.lastIndexOf(".") + 1);
}

/** After a change, its events are handled (a refusal has none: draining then would handle other tests' leftovers). */
function settle<R extends object>(result: { ok: true; value: R } | { ok: false; error: DomainError }): ({ ok: true } & R) | Failure {
  if (result.ok) drainEvents();
  return result.ok ? { ok: true, ...result.value } : { ok: false, error: legacyCode(result.error) };
}

export function changeStatus(input: {
  group: Pick<Group, "id">;
  number: number;
  actor: Person;
  status: SettableStatus;
  response: string | null;
  now?: number;
}) {
  const result = execute(
    changeStatusCommand,
    actorFor(input.actor),
    { groupId: input.group.id, number: input.number, status: input.status, response: input.response },
    { now: input.now },
  );
  // The old model answered `{ ok: true }` and nothing else.
  const settled = settle(result);
  return settled.ok ? { ok: true as const } : settled;
}

export function mergeIdeas(input: { group: Pick<Group, "id">; fromNumber: number; intoNumber: number; actor: Person; response: string | null; now?: number }) {
  return settle(
    execute(
      mergeIdeasCommand,
      actorFor(input.actor),
      { groupId: input.group.id, fromNumber: input.fromNumber, intoNumber: input.intoNumber, response: input.response },
      { now: input.now },
    ),
  );
}

export function unmergeIdea(input: { group: Pick<Group, "id">; number: number; actor: Person; now?: number }) {
  return settle(execute(unmergeIdeaCommand, actorFor(input.actor), { groupId: input.group.id, number: input.number }, { now: input.now }));
}

export function addNote(input: { groupId: string; number: number; author: Person; body: string }) {
  return settle(execute(addNoteCommand, actorFor(input.author), { groupId: input.groupId, number: input.number, body: input.body }));
}
