import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { holdIfNewcomer } from "~/features/moderation/hold.server";
import { requireNotMuted } from "~/features/moderation/mute-guard.server";
import { RULES } from "~/auth/rate-limit.server";
import { DomainError, fail } from "~/domain/errors";
import { insertIdea, type Recording } from "~/models/idea.server";
import { findActiveMember } from "~/models/membership.server";
import { UnknownTagError, UNKNOWN_TAG_MESSAGE } from "~/models/tag.server";
import { canRecordForMember, canSubmitIdea } from "~/policy";
import { groupId, ideaBody, ideaSource, ideaTitle, rowId, tagIds } from "../schemas";

/**
 * A member (or staff) posts an idea on a board. Staff recording an idea heard elsewhere (phone, chat, an event)
 * name the member it belongs to (`onBehalfOf`: @handle or e-mail) and where it was heard; the member is told by
 * the subscriber of `idea.submitted` (app/features/ideas/subscribers/idea-recorded.server.ts).
 */
export const submitIdea = defineCommand({
  name: "idea.submit",
  input: z
    .object({
      groupId,
      boardId: rowId,
      title: ideaTitle,
      body: ideaBody.optional().transform((v) => v ?? ""),
      tagIds: tagIds.optional().transform((v) => v ?? []),
      onBehalfOf: z.string().max(254).nullish(),
      source: ideaSource.nullish(),
    })
    .strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    // A read-only group refuses everyone with the same 403 as before (the new-idea page explains why).
    if (!canSubmitIdea(scope.viewer, scope.readOnly)) throw fail.forbidden();
    requireNotMuted(ctx, scope.group.id);
    let recording: Recording | undefined;
    let authorId = ctx.actor.id;
    if (input.onBehalfOf || input.source) {
      if (!canRecordForMember(scope.viewer, scope.readOnly)) throw fail.forbidden();
      const member = input.onBehalfOf ? findActiveMember(scope.group.id, input.onBehalfOf) : null;
      if (!member) throw fail.invalid({ message: "loop.record.noSuchMember", fieldErrors: { onBehalfOf: ["loop.record.noSuchMember"] } });
      if (!input.source) throw fail.invalid({ message: "loop.record.sourceRequired", fieldErrors: { source: ["loop.record.sourceRequired"] } });
      authorId = member.id;
      recording = { by: { id: ctx.actor.id, name: ctx.actor.name }, source: input.source };
    }
    return { ...scope, authorId, recording };
  },
  rateLimit: (ctx) => ({ key: `idea:user:${ctx.actor.id}`, rule: RULES.ideas, message: "ideas.rateLimited" }),
  run(ctx, input, scope) {
    let created: ReturnType<typeof insertIdea>;
    try {
      created = insertIdea(ctx.tx, {
        groupId: scope.group.id,
        boardId: input.boardId,
        authorId: scope.authorId,
        title: input.title,
        body: input.body,
        tagIds: input.tagIds,
        recording: scope.recording,
        now: ctx.now,
      });
    } catch (error) {
      if (error instanceof UnknownTagError) throw fail.invalid({ message: UNKNOWN_TAG_MESSAGE, fieldErrors: { tags: [UNKNOWN_TAG_MESSAGE] } });
      throw error;
    }
    if (!created.ok && created.error === "boardClosed")
      throw new DomainError("closed", { message: "ideas.boardClosed", fieldErrors: { boardId: ["ideas.boardClosed"] } });
    if (!created.ok) throw fail.invalid({ fieldErrors: { boardId: ["validation.invalid"] } });
    const recorded = scope.recording ? { byId: scope.recording.by.id, byName: scope.recording.by.name, source: scope.recording.source } : null;
    // A newcomer's post waits for a moderator (an idea staff record for a member does not): idea.submitted on approval.
    if (!recorded && holdIfNewcomer(ctx, scope, { itemType: "idea", id: created.id })) return { id: created.id, number: created.number, held: true };
    ctx.emit({
      type: "idea.submitted",
      groupId: scope.group.id,
      payload: { ideaId: created.id, number: created.number, title: input.title, boardId: input.boardId, authorId: scope.authorId, recorded },
    });
    return { id: created.id, number: created.number, held: false };
  },
});
