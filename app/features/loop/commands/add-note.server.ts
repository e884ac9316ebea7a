import { schema } from "~/db.server";
import { defineCommand } from "~/commands/command.server";
import { groupScope, requireWritable } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { recordAudit } from "~/models/audit.server";
import { canSeeInternalNotes } from "~/policy";
import { ideaRow } from "../queries/ideas.server";
import { addNoteInput } from "../schemas";

/**
 * An internal note on an idea: what staff know that members must never see. Refusals: outsiders 404; anyone but
 * staff 403; a read-only group 409; an unknown idea 404. No event: nobody is told about a note.
 */
export const addNote = defineCommand({
  name: "loop.addNote",
  input: addNoteInput,
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (!canSeeInternalNotes(scope.viewer)) throw fail.forbidden();
    requireWritable(scope);
    return scope;
  },
  run(ctx, input, scope) {
    const idea = ideaRow(ctx.tx, scope.group.id, input.number);
    if (!idea) throw fail.notFound();
    const note = ctx.tx
      .insert(schema.ideaNotes)
      .values({ ideaId: idea.id, authorId: ctx.actor.id, body: input.body, createdAt: ctx.now })
      .returning({ id: schema.ideaNotes.id })
      .get();
    recordAudit(ctx.tx, { actorId: ctx.actor.id, action: "idea.note", targetType: "idea", targetId: String(idea.id), groupId: scope.group.id });
    return { noteId: note.id };
  },
});
