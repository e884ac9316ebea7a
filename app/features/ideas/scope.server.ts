import type { CommandContext } from "~/commands/command.server";
import { groupScope, type GroupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { ideaRow } from "~/models/idea.server";
import type { Idea } from "../../../db/schema";

export type IdeaScope = GroupScope & { idea: Idea };

/** The group scope and the idea by its number in the group, re-read in the command's transaction (404 when either is not there for the actor). */
export function ideaScope(ctx: CommandContext, input: { groupId: string; number: number }): IdeaScope {
  const scope = groupScope(ctx, { id: input.groupId });
  const idea = ideaRow(ctx.tx, scope.group.id, input.number);
  if (!idea) throw fail.notFound();
  return { ...scope, idea };
}
