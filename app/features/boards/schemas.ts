import { z } from "zod";
import { TAG_COLORS } from "~/domain/constants";
import { multiLine, singleLine } from "~/schemas/fields";

// The inputs of the board and tag commands, whatever carries them (the boards page's forms, later the JSON API).
// The same bounds and message keys as the page's form schema (boardsSchema in app/schemas/idea.ts).
export const groupIdField = z.string().min(1).max(40);
export const recordId = z.number().int().positive();
export const boardName = singleLine({ min: 2, max: 60, message: "validation.boardName" });
export const boardDescription = multiLine({ max: 500 })
  .optional()
  .transform((v) => v ?? "");
export const tagName = singleLine({ min: 1, max: 30, message: "validation.tagName" });
export const tagColor = z.enum(TAG_COLORS, { errorMap: () => ({ message: "validation.invalid" }) });
