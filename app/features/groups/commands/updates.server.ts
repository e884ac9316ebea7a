import { z } from "zod";
import type { CommandContext } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { RULES } from "~/auth/rate-limit.server";
import { fail } from "~/domain/errors";
import { canPostUpdates } from "~/policy";

// Updates on the group home (group posts) come from the product team: staff and admins; others 403, outsiders 404.
export function authorizeUpdates(ctx: CommandContext, groupId: string) {
  const scope = groupScope(ctx, { id: groupId });
  if (!canPostUpdates(ctx.actor.role)) throw fail.forbidden();
  return scope;
}

export const postFields = { title: z.string().min(1).max(200), body: z.string().max(20_000), pinned: z.boolean() };
export const postLimit = (ctx: CommandContext) => ({
  key: `post:user:${ctx.actor.id}`,
  rule: RULES.groupPosts,
  message: "groups.updates.rateLimited" as const,
});
