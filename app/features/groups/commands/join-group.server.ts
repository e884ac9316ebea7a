import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { RULES } from "~/auth/rate-limit.server";
import { fail } from "~/domain/errors";
import { findGroupById } from "~/models/group.server";
import { activateMembership, insertJoinRequest, membershipOf } from "~/models/membership.server";
import { isReadOnly } from "~/policy";
import { id, optionalText } from "../schemas";

export type JoinOutcome = "joined" | "requested" | "alreadyMember" | "alreadyRequested";

/**
 * Joining from a group's join page: an open group takes the member at once, a group that takes requests queues
 * the request for its moderators (told by the subscriber). Only a group that a non-member may see is joinable:
 * an invitation-only or read-only group, or one the person is banned from, is not found, as its page is.
 * Someone already in (or already waiting) is no refusal: the outcome says where to send them.
 */
export const joinGroup = defineCommand({
  name: "member.join",
  input: z.object({ groupId: id, answer: optionalText(1000) }).strict(),
  authorize(ctx, input) {
    const group = findGroupById(input.groupId);
    if (!group || group.joinPolicy === "invite" || isReadOnly(group, ctx.now)) throw fail.notFound();
    const current = membershipOf(ctx.tx, group.id, ctx.actor.id);
    if (current?.state === "banned") throw fail.notFound();
    return { group, current };
  },
  rateLimit: (ctx) => ({ key: `join:user:${ctx.actor.id}`, rule: RULES.joinRequests, message: "groups.join.rateLimited" }),
  run(ctx, input, { group, current }): { outcome: JoinOutcome } {
    if (current?.state === "active") return { outcome: "alreadyMember" };
    if (current?.state === "requested") return { outcome: "alreadyRequested" };
    if (group.joinPolicy === "open") {
      const joined = activateMembership(ctx.tx, { groupId: group.id, userId: ctx.actor.id, now: ctx.now });
      if (!joined.ok) throw fail.conflict(joined.error === "full" ? "groups.join.full" : "groups.join.closed");
      ctx.emit({ type: "member.joined", groupId: group.id, payload: { userId: ctx.actor.id, name: ctx.actor.name, via: "open" } });
      return { outcome: "joined" };
    }
    insertJoinRequest(ctx.tx, { groupId: group.id, userId: ctx.actor.id, answer: input.answer, now: ctx.now });
    ctx.emit({ type: "member.join_requested", groupId: group.id, payload: { userId: ctx.actor.id, name: ctx.actor.name } });
    return { outcome: "requested" };
  },
});
