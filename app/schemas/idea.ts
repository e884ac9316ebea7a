import { z } from "zod";
import { EMAIL_CHOICES, IDEA_SOURCES, IDEA_STATUSES, TAG_COLORS } from "~/domain/constants";
import { decimalId, multiLine, pageParam, searchQuery, singleLine, textId } from "./fields";

// Messages are i18n keys (see fields.ts).
// Ids and numbers the app wrote into its forms and links: canonical decimal digits ("0x10" is not 16).
const positiveInt = decimalId({ max: 2_147_483_647 });
const flag = z.enum(["1", "0"], { errorMap: () => ({ message: "validation.invalid" }) }).transform((v) => v === "1");

export const IDEA_TITLE_MIN = 4;
export const IDEA_TITLE_MAX = 120;
export const IDEA_BODY_MAX = 10_000;
export const COMMENT_MAX = 5_000;

const ideaTextFields = {
  title: singleLine({ min: IDEA_TITLE_MIN, max: IDEA_TITLE_MAX, message: "validation.ideaTitle" }),
  body: multiLine({ max: IDEA_BODY_MAX, message: "validation.ideaBody" })
    .optional()
    .transform((v) => v ?? ""),
  tags: z
    .array(positiveInt)
    .max(20, "validation.invalid")
    .optional()
    .transform((v) => [...new Set(v ?? [])]),
};
export const ideaFields = { boardId: positiveInt, ...ideaTextFields };

/** What a draft carries through a no-JavaScript round trip (preview, confirmation, a vote on a similar idea). */
const draftFields = {
  onBehalfOf: z.string().max(254).optional(),
  source: z.string().max(20).optional(),
  boardId: z.string().max(20).optional(),
  title: z.string().max(1000).optional(),
  body: z
    .string()
    .max(IDEA_BODY_MAX * 2)
    .optional(),
  tags: z.array(z.string().max(20)).max(50).optional(),
  confirmed: z.string().max(1).optional(),
  suggestionsSeen: z.string().max(1).optional(),
};

export const voteFields = { intent: z.literal("vote"), number: positiveInt, voted: flag };
export const voteSchema = z.object(voteFields).strict();

/** Staff recording an idea heard elsewhere: whose it is (@handle or e-mail) and where it was heard. */
const recordingFields = {
  onBehalfOf: singleLine({ max: 254 })
    .optional()
    .transform((v) => v || null),
  source: z.enum(IDEA_SOURCES, { errorMap: () => ({ message: "validation.invalid" }) }).optional(),
};

export const newIdeaSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("submit"),
      ...ideaFields,
      ...recordingFields,
      // "1" once the member has seen the similar ideas: in the confirmation step, or live while typing.
      confirmed: z.literal("1").optional(),
      suggestionsSeen: z.literal("1").optional(),
    })
    .strict(),
  z.object({ intent: z.literal("preview"), ...draftFields }).strict(),
  z.object({ ...voteFields, ...draftFields }).strict(),
]);

export const editIdeaSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), ...ideaTextFields }).strict(),
  z.object({ intent: z.literal("preview"), ...draftFields }).strict(),
]);

export const commentBody = multiLine({ min: 1, max: COMMENT_MAX, message: "validation.commentLength", minMessage: "validation.commentBody" });

const commentIntents = [
  z.object({ intent: z.literal("comment"), body: commentBody, parentId: positiveInt.optional() }).strict(),
  z.object({ intent: z.literal("editComment"), commentId: positiveInt, body: commentBody }).strict(),
] as const;
/** The comment, reply and edit forms (validated in the browser too). */
export const commentFormSchema = z.discriminatedUnion("intent", [...commentIntents]);

/** Statuses staff set by hand ("merged" comes only from merging). */
export const SETTABLE_STATUSES = ["open", "under_review", "planned", "in_progress", "done", "declined"] as const;
const response = multiLine({ max: IDEA_BODY_MAX })
  .optional()
  .transform((v) => v || null);
const statusFields = { status: z.enum(SETTABLE_STATUSES, { errorMap: () => ({ message: "validation.invalid" }) }), response };

/** Members must hear why: done and declined need an official response. */
export const RESPONSE_REQUIRED = ["done", "declined"] as const;
function requireResponse(v: { intent: string; status?: string; response?: string | null }, ctx: z.RefinementCtx) {
  if (v.intent === "status" && (RESPONSE_REQUIRED as readonly string[]).includes(v.status ?? "") && !v.response)
    ctx.addIssue({ code: "custom", path: ["response"], message: "validation.responseRequired" });
}

/** The response composer on the idea page, validated in the browser too. */
export const statusSchema = z
  .object({ intent: z.literal("status"), ...statusFields })
  .strict()
  .superRefine(requireResponse);

/** The idea page's forms, votes aside (they are answered before this is parsed, see voteFromForm). */
export const ideaPageSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("status"), ...statusFields }).strict(),
    z.object({ intent: z.literal("note"), body: multiLine({ min: 1, max: COMMENT_MAX, minMessage: "validation.noteBody" }) }).strict(),
    // Without `confirm` a merge only shows what it would do (a confirmation step that works without JavaScript).
    z
      .object({
        intent: z.literal("merge"),
        into: positiveInt,
        response,
        confirm: z.literal("1", { errorMap: () => ({ message: "validation.invalid" }) }).optional(),
      })
      .strict(),
    z.object({ intent: z.literal("unmerge") }).strict(),
    z.object({ intent: z.literal("follow"), following: flag }).strict(),
    ...commentIntents,
    z.object({ intent: z.literal("deleteComment"), commentId: positiveInt }).strict(),
    z.object({ intent: z.literal("withdraw") }).strict(),
    z.object({ intent: z.literal("tags"), tags: ideaFields.tags }).strict(),
  ])
  .superRefine(requireResponse);

const boardName = singleLine({ min: 2, max: 60, message: "validation.boardName" });
const boardDescription = multiLine({ max: 500 })
  .optional()
  .transform((v) => v ?? "");
const tagName = singleLine({ min: 1, max: 30, message: "validation.tagName" });
const tagColor = z.enum(TAG_COLORS, { errorMap: () => ({ message: "validation.invalid" }) });

export const boardsSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("createBoard"), name: boardName, description: boardDescription }).strict(),
  z.object({ intent: z.literal("updateBoard"), boardId: positiveInt, name: boardName, description: boardDescription }).strict(),
  z
    .object({
      intent: z.literal("moveBoard"),
      boardId: positiveInt,
      direction: z.enum(["up", "down"], { errorMap: () => ({ message: "validation.invalid" }) }),
    })
    .strict(),
  z.object({ intent: z.literal("closeBoard"), boardId: positiveInt }).strict(),
  z.object({ intent: z.literal("openBoard"), boardId: positiveInt }).strict(),
  z.object({ intent: z.literal("deleteBoard"), boardId: positiveInt }).strict(),
  z.object({ intent: z.literal("createTag"), name: tagName, color: tagColor }).strict(),
  z.object({ intent: z.literal("updateTag"), tagId: positiveInt, name: tagName, color: tagColor }).strict(),
  z.object({ intent: z.literal("deleteTag"), tagId: positiveInt }).strict(),
]);

/** The board's sorts, in the order the menu offers them ("relevance" only while searching). */
export const IDEA_SORT_OPTIONS = ["top", "trending", "new", "updated", "relevance"] as const;
export type IdeaSort = (typeof IDEA_SORT_OPTIONS)[number];

/** The longest search the board runs; a longer one gets a message (see searchBoxQuery). */
export const SEARCH_QUERY_MAX = 200;
/** The member search (directory and manage page): names, handles and introductions are short. */
export const MEMBER_QUERY_MAX = 100;
/**
 * A search box's ?q= (the board, the member directory), cleaned as every search box is (searchQuery), but a query
 * over its page's limit is kept (cut at 1,000 characters, to show in the box with a message) instead of becoming
 * "": an empty query lists everything, which is what a 300-character search used to get.
 */
export const searchBoxQuery = z
  .string()
  .transform((v) => v.slice(0, 1_000))
  .pipe(searchQuery(1_000))
  .catch("");
export const searchQueryTooLong = (q: string, max = SEARCH_QUERY_MAX) => q.length > max;

/** The board view's URL: every filter is a query parameter; anything unknown falls back to the default. */
export const ideaListParams = z.object({
  board: z.string().max(60).optional().catch(undefined),
  sort: z.enum(IDEA_SORT_OPTIONS).optional().catch(undefined),
  status: z.enum(IDEA_STATUSES).optional().catch(undefined),
  tag: positiveInt.optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
  voted: z.literal("1").optional().catch(undefined),
  q: searchBoxQuery,
  page: pageParam,
});

/** ?q= for the similar-idea and mention lookups. */
export const lookupParams = z.object({ q: searchQuery(200) });
/** The number in /ideas/<number>: plain digits only, so an idea has one address ("0x1" and "1e0" are not it). */
export const ideaNumberParam = decimalId({ max: 999_999_999 });

/** Answering from the queue: the same composer, for an idea of any group the queue shows. */
export const queueSchema = z
  .object({ intent: z.literal("status"), groupId: textId, number: positiveInt, ...statusFields })
  .strict()
  .superRefine(requireResponse);

const replyTitle = singleLine({ min: 2, max: 80, message: "validation.replyTitle" });
const replyBody = multiLine({ min: 1, max: IDEA_BODY_MAX, minMessage: "validation.replyBody" });
export const savedRepliesSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), title: replyTitle, body: replyBody }).strict(),
  z.object({ intent: z.literal("update"), id: positiveInt, title: replyTitle, body: replyBody }).strict(),
  z.object({ intent: z.literal("delete"), id: positiveInt }).strict(),
]);

const choice = z.enum(EMAIL_CHOICES, { errorMap: () => ({ message: "validation.invalid" }) });
export const emailPreferencesSchema = z.object({ intent: z.literal("emails"), status: choice, replies: choice, mentions: choice, comments: choice }).strict();

/**
 * The idea page's address: a saved reply to start from (staff), the merged original, where a merge came from,
 * and which comments to show: all of them, or from the conversation of one (a link to it, a form open in it).
 */
export const composerParams = z.object({
  reply: positiveInt.optional().catch(undefined),
  original: z.literal("1").optional().catch(undefined),
  from: positiveInt.optional().catch(undefined),
  // "all" is kept for old links and shows the first page of conversations (a discussion is never read whole).
  comments: z.literal("all").optional().catch(undefined),
  // Pages of earlier conversations: those before, or after, the conversation with this id.
  before: positiveInt.optional().catch(undefined),
  after: positiveInt.optional().catch(undefined),
  comment: positiveInt.optional().catch(undefined),
  replyTo: positiveInt.optional().catch(undefined),
  edit: positiveInt.optional().catch(undefined),
});

export const myIdeasParams = z.object({ show: z.enum(["all", "wrote", "voted"]).catch("all"), page: pageParam });
