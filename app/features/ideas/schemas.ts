import { z } from "zod";
import { IDEA_SOURCES } from "~/domain/constants";
import { multiLine, singleLine } from "~/schemas/fields";
import { COMMENT_MAX, IDEA_BODY_MAX, IDEA_TITLE_MAX, IDEA_TITLE_MIN } from "~/schemas/idea";

// The inputs of the ideas area's commands: typed values (a form's text is parsed by app/schemas/idea.ts first; a
// JSON client will send these). Text goes through the same rules as the forms' (idempotent), so a command accepts
// exactly what a form may send.
export const groupId = z.string().min(1).max(40);
export const ideaNumber = z.number().int().positive().max(2_147_483_647);
export const rowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const ideaTitle = singleLine({ min: IDEA_TITLE_MIN, max: IDEA_TITLE_MAX, message: "validation.ideaTitle" });
export const ideaBody = multiLine({ max: IDEA_BODY_MAX, message: "validation.ideaBody" });
export const tagIds = z
  .array(rowId)
  .max(20, "validation.invalid")
  .transform((v) => [...new Set(v)]);
export const commentText = multiLine({ min: 1, max: COMMENT_MAX, message: "validation.commentLength", minMessage: "validation.commentBody" });
export const ideaSource = z.enum(IDEA_SOURCES);
