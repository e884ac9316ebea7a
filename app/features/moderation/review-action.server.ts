import { data } from "@remix-run/node";
import { z } from "zod";
import type { AuthUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { MODERATION_ITEM_TYPES, MODERATION_REASON_MAX } from "~/domain/constants";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError, translatedFields } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { multiLine } from "~/schemas/fields";
import { decideCase } from "./commands/decide-case.server";
import { decideHeld } from "./commands/decide-held.server";
import { eraseItem } from "./commands/erase-item.server";

const optionalText = multiLine({ max: MODERATION_REASON_MAX }).optional();

const decideSchema = z
  .object({
    intent: z.literal("decide"),
    groupId: z.string().min(1).max(60),
    itemType: z.enum(MODERATION_ITEM_TYPES),
    itemId: z.string().min(1).max(60),
    caseId: z.coerce.number().int().positive(),
    decision: z.enum(["keep", "hide", "restore", "edit_out"]),
    reason: optionalText,
    note: optionalText,
    find: optionalText,
    replace: optionalText,
  })
  .strict();

const eraseSchema = z
  .object({
    intent: z.literal("erase"),
    groupId: z.string().min(1).max(60),
    itemType: z.enum(["idea", "comment"]),
    itemId: z.string().min(1).max(60),
    caseId: z.coerce.number().int().positive().optional(),
    reason: z.string().max(MODERATION_REASON_MAX).optional(),
  })
  .strict();

const heldSchema = z
  .object({
    intent: z.literal("held"),
    groupId: z.string().min(1).max(60),
    caseId: z.coerce.number().int().positive(),
    decision: z.enum(["approve", "reject"]),
    reason: optionalText,
  })
  .strict();

export type ReviewActionData = { caseId: number | null; error: string | null; message: string | null };

/**
 * The action of both review pages; `allowed` says which groups the page covers (one group's page: that group;
 * /review: the moderator's groups, every group for staff), any other group is 404. A decision is the decideCase
 * command; its refusals (a conflict: "already decided by X") are shown beside that case's card. Empty optional
 * fields are left out of the command's input.
 */
export async function decideFromReview(request: Request, user: AuthUser, allowed: (groupId: string) => boolean) {
  const t = serverTranslator(request, user);
  const form = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === "string" && v.trim() !== ""));
  const parsed = form.intent === "erase" ? eraseSchema.safeParse(form) : form.intent === "held" ? heldSchema.safeParse(form) : decideSchema.safeParse(form);
  const caseId = Number.isInteger(Number(form.caseId)) ? Number(form.caseId) : null;
  if (!parsed.success) return data<ReviewActionData>({ caseId, error: t("moderation.review.badInput"), message: null }, { status: 400 });
  if (!allowed(parsed.data.groupId)) throw new Response("Not found", { status: 404 });
  // Erase: the command reads its own fields (the reason is required there, a translated 400 without it).
  const result =
    parsed.data.intent === "erase"
      ? execute(eraseItem, actorOf(user), {
          groupId: parsed.data.groupId,
          itemType: parsed.data.itemType,
          itemId: parsed.data.itemId,
          reason: parsed.data.reason ?? "",
        })
      : parsed.data.intent === "held"
        ? (({ intent: _intent, ...input }) => execute(decideHeld, actorOf(user), input))(parsed.data)
        : (({ intent: _intent, ...input }) => execute(decideCase, actorOf(user), input))(parsed.data);
  if (!result.ok) {
    throwIfPageError(result.error);
    const fields = translatedFields(result.error, t);
    const error = fields ? Object.values(fields).flat().join(" ") : messageOf(result.error, t);
    return data<ReviewActionData>({ caseId, error, message: null }, { status: statusOf(result.error) });
  }
  return data<ReviewActionData>({ caseId, error: null, message: t("moderation.review.done") });
}
