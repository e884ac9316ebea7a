import { and, desc, eq } from "drizzle-orm";
import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { groupScope, requireWritable } from "~/commands/scope.server";
import type { IdeaStatus } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { canRespond, isIdeaLive } from "~/policy";
import { RESPONSE_REQUIRED } from "~/schemas/idea";
import { ideaRow } from "../queries/ideas.server";
import { changeStatusInput } from "../schemas";

/**
 * Staff change an idea's status, with an official response (required for done and declined), or respond without
 * changing it: the idea, its history, the first-response time and the audit entry, in the command's transaction.
 * Everyone who cared hears of it from the idea.status_changed subscriber after the commit (subscribers/), so the
 * write lock is held for the change only, however many people voted.
 *
 * Refusals, in this order: outsiders 404; anyone but staff 403; a read-only group 409; an unknown idea 404; a
 * withdrawn or merged idea 409; done/declined without a response 400; nothing changed (or the same response sent
 * again: a double submit would tell everyone twice) 400.
 */
export const changeStatus = defineCommand({
  name: "loop.changeStatus",
  input: changeStatusInput,
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canRespond(scope.viewer, false)) throw fail.forbidden();
    requireWritable(scope);
    return scope;
  },
  run(ctx, input, scope) {
    const { tx, now } = ctx;
    const idea = ideaRow(tx, scope.group.id, input.number);
    if (!idea) throw fail.notFound();
    if (!isIdeaLive(idea)) throw fail.closed("loop.error.closed");
    if ((RESPONSE_REQUIRED as readonly IdeaStatus[]).includes(input.status) && !input.response) throw fail.invalid({ message: "loop.error.responseRequired" });
    if (input.status === idea.status && !input.response) throw fail.invalid({ message: "loop.error.unchanged" });
    const latest = tx
      .select({ toStatus: schema.ideaEvents.toStatus, response: schema.ideaEvents.response })
      .from(schema.ideaEvents)
      .where(and(eq(schema.ideaEvents.ideaId, idea.id), eq(schema.ideaEvents.kind, "status")))
      .orderBy(desc(schema.ideaEvents.id))
      .limit(1)
      .get();
    if (latest && latest.toStatus === input.status && latest.toStatus === idea.status && latest.response === input.response)
      throw fail.invalid({ message: "loop.error.unchanged" });
    tx.update(schema.ideas)
      .set({ status: input.status, lastActivityAt: now, firstResponseAt: idea.firstResponseAt ?? now })
      .where(eq(schema.ideas.id, idea.id))
      .run();
    const event = tx
      .insert(schema.ideaEvents)
      .values({
        ideaId: idea.id,
        groupId: scope.group.id,
        actorId: ctx.actor.id,
        kind: "status",
        fromStatus: idea.status,
        toStatus: input.status,
        response: input.response,
        createdAt: now,
      })
      .returning({ id: schema.ideaEvents.id })
      .get();
    recordAudit(tx, {
      actorId: ctx.actor.id,
      action: "idea.status",
      targetType: "idea",
      targetId: String(idea.id),
      groupId: scope.group.id,
      details: { number: idea.number, from: idea.status, to: input.status, responded: Boolean(input.response) },
    });
    ctx.emit({
      type: "idea.status_changed",
      groupId: scope.group.id,
      payload: {
        ideaId: idea.id,
        number: idea.number,
        title: idea.title,
        from: idea.status,
        to: input.status,
        response: input.response,
        ideaEventId: event.id,
        actorName: ctx.actor.name,
      },
    });
    return { ideaId: idea.id, number: idea.number, groupName: scope.group.name, from: idea.status, to: input.status as IdeaStatus, ideaEventId: event.id };
  },
});
