import { eq } from "drizzle-orm";
import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { AUTO_HIDE_MAX, AUTO_HIDE_MIN, HOLD_FIRST_POSTS_MAX } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { canAdministerGroups } from "~/policy";

/**
 * The group's moderation settings, by an admin (the settings page's own rule): how many distinct reporters hide an
 * item pending review (2-10, or null: off), and how many first posts of a new member wait for approval (0-10).
 */
export const updateModerationSettings = defineCommand({
  name: "moderation.settings",
  input: z
    .object({
      groupId: z.string().min(1).max(40),
      autoHideThreshold: z
        .number()
        .int()
        .min(AUTO_HIDE_MIN, "moderation.settings.thresholdRange")
        .max(AUTO_HIDE_MAX, "moderation.settings.thresholdRange")
        .nullable(),
      holdFirstPosts: z.number().int().min(0, "moderation.settings.holdRange").max(HOLD_FIRST_POSTS_MAX, "moderation.settings.holdRange"),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canAdministerGroups(ctx.actor.role)) throw fail.forbidden();
    return scope;
  },
  run(ctx, input, { group }) {
    const changed = group.autoHideThreshold !== input.autoHideThreshold || group.holdFirstPosts !== input.holdFirstPosts;
    if (!changed) return { changed };
    ctx.tx
      .update(schema.groups)
      .set({ autoHideThreshold: input.autoHideThreshold, holdFirstPosts: input.holdFirstPosts, updatedAt: ctx.now })
      .where(eq(schema.groups.id, group.id))
      .run();
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "moderation.settings",
      targetType: "group",
      targetId: group.id,
      groupId: group.id,
      details: { from: group.autoHideThreshold, to: input.autoHideThreshold, holdFrom: group.holdFirstPosts, holdTo: input.holdFirstPosts },
    });
    return { changed };
  },
});
