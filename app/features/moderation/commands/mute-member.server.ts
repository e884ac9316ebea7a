import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { defineCommand, type CommandContext } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { MODERATION_REASON_MAX, MUTE_LENGTH_MS, MUTE_LENGTHS } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { activeMute } from "../cases.server";
import { multiLine } from "~/schemas/fields";
import { groupIdInput, personOf } from "../items.server";
import { canMute, canReview, type Person } from "../rules";

const userIdInput = z.string().min(1).max(64);
const reasonInput = multiLine({ min: 1, max: MODERATION_REASON_MAX, message: "moderation.decide.reasonTooLong", minMessage: "moderation.mute.reasonRequired" });

/**
 * The target as the rules see them: an active member of the group (404 otherwise), and whether the actor may
 * mute them (moderators ordinary members; staff and admins anyone but themselves).
 */
function authorizeMute(ctx: CommandContext, input: { groupId: string; userId: string }) {
  const scope = groupScope(ctx, { id: input.groupId });
  if (!canReview(scope.viewer)) throw fail.forbidden();
  const row = ctx.tx
    .select({ id: schema.users.id, name: schema.users.name, orgRole: schema.users.role, groupRole: schema.memberships.role })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(and(eq(schema.memberships.groupId, scope.group.id), eq(schema.memberships.userId, input.userId), eq(schema.memberships.state, "active")))
    .get();
  if (!row) throw fail.notFound();
  const target: Person = { id: row.id, orgRole: row.orgRole, groupRole: row.groupRole };
  if (!canMute(personOf(ctx.actor, scope), target)) throw fail.forbidden();
  return { ...scope, target: { ...target, name: row.name } };
}

/**
 * Mutes a member in the group for 1 day, 1 week, 30 days or until lifted, with the reason they see. A mute in
 * force is replaced (lifted now by the actor) by the new one. Audited; member.muted tells them (in-app, e-mail).
 */
export const muteMember = defineCommand({
  name: "moderation.mute",
  input: z.object({ groupId: groupIdInput, userId: userIdInput, length: z.enum(MUTE_LENGTHS), reason: reasonInput }).strict(),
  authorize: authorizeMute,
  run(ctx, input, { group, target }) {
    const m = schema.memberMutes;
    ctx.tx
      .update(m)
      .set({ liftedAt: ctx.now, liftedBy: ctx.actor.id })
      .where(and(eq(m.groupId, group.id), eq(m.userId, target.id), isNull(m.liftedAt)))
      .run();
    const ms = MUTE_LENGTH_MS[input.length];
    const endsAt = ms === null ? null : ctx.now + ms;
    const mute = ctx.tx
      .insert(m)
      .values({ groupId: group.id, userId: target.id, mutedBy: ctx.actor.id, reason: input.reason, length: input.length, startsAt: ctx.now, endsAt })
      .returning({ id: m.id })
      .get();
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "moderation.mute",
      targetType: "user",
      targetId: target.id,
      groupId: group.id,
      details: { name: target.name, length: input.length, endsAt, reason: input.reason },
    });
    ctx.emit({
      type: "member.muted",
      groupId: group.id,
      payload: { muteId: mute.id, userId: target.id, reason: input.reason, endsAt, actorName: ctx.actor.name },
    });
    return { muteId: mute.id, endsAt };
  },
});

/** Lifts the member's mute in force (409 "not muted" without one). Audited; member.unmuted tells them. */
export const unmuteMember = defineCommand({
  name: "moderation.unmute",
  input: z.object({ groupId: groupIdInput, userId: userIdInput }).strict(),
  authorize: authorizeMute,
  run(ctx, _input, { group, target }) {
    const mute = activeMute(ctx.tx, group.id, target.id, ctx.now);
    if (!mute) throw fail.conflict("moderation.mute.notMuted");
    const m = schema.memberMutes;
    ctx.tx
      .update(m)
      .set({ liftedAt: ctx.now, liftedBy: ctx.actor.id })
      .where(and(eq(m.groupId, group.id), eq(m.userId, target.id), isNull(m.liftedAt)))
      .run();
    recordAudit(ctx.tx, {
      actorId: ctx.actor.id,
      action: "moderation.unmute",
      targetType: "user",
      targetId: target.id,
      groupId: group.id,
      details: { name: target.name, muteId: mute.id },
    });
    ctx.emit({ type: "member.unmuted", groupId: group.id, payload: { muteId: mute.id, userId: target.id, actorName: ctx.actor.name } });
    return { muteId: mute.id };
  },
});
