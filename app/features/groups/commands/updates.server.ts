import { z } from "zod";
import type { CommandContext } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { RULES } from "~/auth/rate-limit.server";
import { fail } from "~/domain/errors";
import { canPostUpdates } from "~/policy";
import { multiLine, singleLine } from "~/schemas/fields";

// Updates on the group home (group posts) come from the product team: staff and admins; others 403, outsiders 404.
export function authorizeUpdates(ctx: CommandContext, groupId: string) {
  const scope = groupScope(ctx, { id: groupId });
  if (!canPostUpdates(ctx.actor.role)) throw fail.forbidden();
  return scope;
}

// The update form's rules (postSchema in app/schemas/group.ts), for callers without the form too.
export const postFields = {
  title: singleLine({ min: 2, max: 120, message: "validation.title" }),
  body: multiLine({ min: 1, max: 10_000, minMessage: "validation.body" }),
  pinned: z.boolean(),
};
export const postLimit = (ctx: CommandContext) => ({
  key: `post:user:${ctx.actor.id}`,
  rule: RULES.groupPosts,
  message: "groups.updates.rateLimited" as const,
});
