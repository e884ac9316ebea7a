import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { GroupAccess } from "~/auth/group.server";
import { execute, type Actor } from "~/commands/command.server";
import { submissionFailure } from "~/http/command-reply.server";
import type { Translate } from "~/i18n";
import { eraseItem } from "./commands/erase-item.server";
import { isCommentOf } from "./queries/my-appeals.server";

/** The idea page's "Delete for good" forms (intent=erase): the form's shape here; the reason's rules are the command's. */
const eraseSchema = z
  .object({
    intent: z.literal("erase"),
    itemType: z.enum(["idea", "comment"]),
    itemId: z.string().regex(/^\d{1,12}$/),
    reason: z.string().max(20_000, "validation.tooLong").optional(),
  })
  .strict();

type EraseContext = { request: Request; access: GroupAccess; idea: { id: number; boardSlug: string }; actor: Actor; t: Translate; here: string };

/**
 * Erases the idea or one of its comments: after an idea, to its board with a notice (the idea is gone); after a
 * comment, back to the discussion. Refusals beside the form (formId `erase-<type>-<id>`); 404 and bare 403 pages.
 */
export function eraseAction(c: EraseContext, formData: FormData) {
  const itemType = formData.get("itemType") === "idea" ? "idea" : "comment";
  const rawId = String(formData.get("itemId") ?? "");
  const formId = `erase-${itemType}-${/^\d{1,12}$/.test(rawId) ? rawId : ""}`;
  const submission = parseWithZod(formData, { schema: eraseSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply(), ok: false }, { status: 400 });
  const v = submission.value;
  // Only this idea or one of its comments: anything else posted here is refused like an unknown item.
  const onThisPage = v.itemType === "idea" ? v.itemId === String(c.idea.id) : isCommentOf(Number(v.itemId), c.idea.id);
  if (!onThisPage) throw new Response("Not found", { status: 404 });
  const result = execute(eraseItem, c.actor, { groupId: c.access.group.id, itemType: v.itemType, itemId: v.itemId, reason: v.reason ?? "" });
  if (!result.ok) return submissionFailure(submission, result.error, c.t, { formId });
  if (v.itemType === "idea") return redirect(`/g/${c.access.group.slug}/ideas?board=${encodeURIComponent(c.idea.boardSlug)}&erased=idea`);
  return redirect(`${c.here}?erased=comment#comments`);
}
