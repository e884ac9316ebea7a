import { z } from "zod";
import { defineCommand } from "~/commands/command.server";
import { groupScope } from "~/commands/scope.server";
import { fail } from "~/domain/errors";
import { updateIntro as saveIntro } from "~/models/membership.server";
import { multiLine } from "~/schemas/fields";
import { id } from "../schemas";

/** A member's introduction in the group's directory. */
export const updateIntro = defineCommand({
  name: "member.update_intro",
  input: z.object({ groupId: id, intro: multiLine({ max: 500 }) }).strict(),
  authorize(ctx, input) {
    const scope = groupScope(ctx, { id: input.groupId });
    if (scope.membership?.state !== "active") throw fail.notFound();
    // A 400 beside the form, as this page has always answered (not the 409 of other read-only writes).
    if (scope.readOnly) throw fail.invalid({ message: "groups.readOnlyError" });
    return scope;
  },
  run(ctx, input, scope) {
    saveIntro({ groupId: scope.group.id, userId: ctx.actor.id, intro: input.intro });
    return { saved: true };
  },
});
