import { eq } from "drizzle-orm";
import type { CommandContext } from "~/commands/command.server";
import type { GroupScope } from "~/commands/scope.server";
import { schema } from "~/db.server";
import { ensureOpenCase } from "./cases.server";
import { personOf } from "./items.server";
import { shouldHold } from "./rules";

/**
 * Approval for newcomers (issue 13, point 5): while the group holds the first N posts of a new member and fewer
 * than N of theirs were approved, a new idea or comment is written held (held_at): only its author and the
 * reviewers see it, the counters leave it out (the `listed` columns), and instead of idea.submitted /
 * comment.added the command emits item.held (the moderators are told). Approving it (decideHeld) publishes it
 * then, with the events a post would have had. Returns true when the post was held.
 */
export function holdIfNewcomer(ctx: CommandContext, scope: GroupScope, item: { itemType: "idea" | "comment"; id: number }): boolean {
  const approved = scope.membership?.approvedPostCount ?? 0;
  if (!shouldHold(scope.group, personOf(ctx.actor, scope), approved)) return false;
  const table = item.itemType === "idea" ? schema.ideas : schema.comments;
  ctx.tx.update(table).set({ heldAt: ctx.now }).where(eq(table.id, item.id)).run();
  const opened = ensureOpenCase(ctx.tx, {
    groupId: scope.group.id,
    itemType: item.itemType,
    itemId: String(item.id),
    authorId: ctx.actor.id,
    origin: "held",
    now: ctx.now,
  });
  ctx.emit({
    type: "item.held",
    groupId: scope.group.id,
    payload: { caseId: opened.row.id, itemType: item.itemType, itemId: String(item.id), authorId: ctx.actor.id },
  });
  return true;
}
