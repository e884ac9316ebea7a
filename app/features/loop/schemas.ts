import { z } from "zod";
import { COMMENT_MAX, IDEA_BODY_MAX, SETTABLE_STATUSES } from "~/schemas/idea";
import { multiLine, singleLine } from "~/schemas/fields";

// The inputs of the loop's commands: typed values (the forms' schemas in app/schemas/idea.ts parse the strings a
// form sends into these), with the same bounds and messages, so a JSON client is held to what a form is.

export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

const groupId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "validation.invalid");
const ideaNumber = z.number().int().positive().max(999_999_999);
const replyId = z.number().int().positive().max(2_147_483_647);
/** An official response: empty means none. */
const response = multiLine({ max: IDEA_BODY_MAX })
  .nullable()
  .transform((v) => v || null);

export const changeStatusInput = z
  .object({ groupId, number: ideaNumber, status: z.enum(SETTABLE_STATUSES, { errorMap: () => ({ message: "validation.invalid" }) }), response })
  .strict();
export const mergeIdeasInput = z.object({ groupId, fromNumber: ideaNumber, intoNumber: ideaNumber, response }).strict();
export const unmergeIdeaInput = z.object({ groupId, number: ideaNumber }).strict();
export const addNoteInput = z
  .object({ groupId, number: ideaNumber, body: multiLine({ min: 1, max: COMMENT_MAX, minMessage: "validation.noteBody" }) })
  .strict();

const replyTitle = singleLine({ min: 2, max: 80, message: "validation.replyTitle" });
const replyBody = multiLine({ min: 1, max: IDEA_BODY_MAX, minMessage: "validation.replyBody" });
export const createSavedReplyInput = z.object({ title: replyTitle, body: replyBody }).strict();
export const updateSavedReplyInput = z.object({ id: replyId, title: replyTitle, body: replyBody }).strict();
export const deleteSavedReplyInput = z.object({ id: replyId }).strict();
