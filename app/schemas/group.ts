import { z } from "zod";
import { GROUP_ROLES, JOIN_POLICIES } from "~/domain/constants";
import { decimalId, decimalInt, emailField, localeField, multiLine, nameField, singleLine, SINGLE_LINE_FORBIDDEN, textId, withConfirmation } from "./fields";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "validation.date")
  .optional();
const optionalLine = (max: number, message: string) =>
  singleLine({ max, message })
    .optional()
    .transform((v) => v || null);
const optionalText = (max: number, message: string) =>
  multiLine({ max, message })
    .optional()
    .transform((v) => v || null);
const id = textId;

export const groupFields = {
  name: singleLine({ min: 2, max: 80, message: "validation.groupName" }),
  slug: z
    .string({ required_error: "validation.slug" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "validation.slug")
    .min(3, "validation.slug")
    .max(50, "validation.slug")
    .refine((v) => !["new"].includes(v), "validation.slug")
    .optional(),
  description: multiLine({ max: 5000 })
    .optional()
    .transform((v) => v ?? ""),
  joinPolicy: z.enum(JOIN_POLICIES, { errorMap: () => ({ message: "validation.invalid" }) }),
  screeningQuestion: optionalLine(300, "validation.tooLong"),
  responseTargetDays: decimalInt({ min: 1, max: 90, message: "validation.days" }),
  capacity: decimalInt({ min: 1, max: 100_000, message: "validation.capacity" }).optional(),
  startsOn: day,
  endsOn: day,
};

const datesInOrder = (v: { startsOn?: string; endsOn?: string }) => !v.startsOn || !v.endsOn || v.startsOn <= v.endsOn;

export const groupCreateSchema = z
  .object(groupFields)
  .strict()
  .refine(datesInOrder, { path: ["endsOn"], message: "validation.endBeforeStart" });

export const groupSettingsSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("save"), ...groupFields }).strict(),
    z.object({ intent: z.literal("archive") }).strict(),
    z.object({ intent: z.literal("restore") }).strict(),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "save" && !datesInOrder(v)) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "validation.endBeforeStart" });
  });

export const joinSchema = (question: string | null) =>
  z
    .object({
      answer: question ? multiLine({ min: 1, max: 1000, minMessage: "validation.answer" }) : multiLine({ max: 1000 }).optional(),
    })
    .strict();

export const MAX_INVITES = 200;
export const inviteSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("invite"),
      emails: z.string().max(40_000, "validation.tooLong").optional(),
      csv: z.instanceof(File).optional(),
      message: optionalText(1000, "validation.tooLong"),
    })
    .strict(),
  z.object({ intent: z.literal("resend"), invitationId: id }).strict(),
  z.object({ intent: z.literal("revoke"), invitationId: id }).strict(),
]);

const decisionMessage = optionalText(1000, "validation.tooLong");
export const manageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), userId: id, message: decisionMessage }).strict(),
  z.object({ intent: z.literal("decline"), userId: id, message: decisionMessage }).strict(),
  z.object({ intent: z.literal("role"), userId: id, role: z.enum(GROUP_ROLES, { errorMap: () => ({ message: "validation.invalid" }) }) }).strict(),
  z.object({ intent: z.literal("remove"), userId: id, reason: decisionMessage }).strict(),
  z.object({ intent: z.literal("ban"), userId: id, reason: decisionMessage }).strict(),
  z.object({ intent: z.literal("unban"), userId: id }).strict(),
]);

export const membershipSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("intro"),
      intro: multiLine({ max: 500 })
        .optional()
        .transform((v) => v ?? ""),
    })
    .strict(),
  z.object({ intent: z.literal("leave") }).strict(),
]);

const postFields = {
  title: singleLine({ min: 2, max: 120, message: "validation.title" }),
  body: multiLine({ min: 1, max: 10_000, minMessage: "validation.body" }),
  pinned: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
};
export const postSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), ...postFields }).strict(),
  z.object({ intent: z.literal("update"), postId: id, ...postFields }).strict(),
  z.object({ intent: z.literal("delete"), postId: id }).strict(),
]);

/** Accepting as the signed-in account needs nothing; accepting with a new account needs its details. */
export const acceptJoinSchema = z.object({ intent: z.literal("join") }).strict();
export const acceptCreateSchema = withConfirmation({ intent: z.literal("create"), name: nameField, locale: localeField });

export const notificationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: decimalId() }).strict(),
  z.object({ intent: z.literal("open"), id: decimalId() }).strict(),
  z.object({ intent: z.literal("readAll") }).strict(),
]);

export type InviteLine = { email: string; name: string | null };

/**
 * Reads a pasted list or a CSV of "email,name": one address per line, optionally "Name <email>" or
 * "email;name"; a header row "email,name" is skipped. Returns the entries and the lines that are not addresses.
 */
export function parseInviteList(text: string): { entries: InviteLine[]; invalid: string[] } {
  const entries: InviteLine[] = [];
  const invalid: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let first = true;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const isFirst = first;
    first = false;
    let email: string;
    let name: string | null = null;
    const angle = /^(.*)<([^>]+)>$/.exec(line);
    if (angle) {
      email = angle[2];
      name = angle[1].replace(/^"|"$/g, "").trim() || null;
    } else {
      const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, "").trim());
      if (isFirst && /^(e-?mail|sähköposti)$/i.test(cells[0] ?? "")) continue;
      email = cells[0];
      name = cells.slice(1).join(" ").trim() || null;
    }
    const parsed = emailField.safeParse(email);
    const parsedName = name === null ? null : nameField.safeParse(name);
    // A name that is too long is left out (the person picks theirs on accepting); one with control characters
    // means the line is not what it seems, so it is reported rather than half-used.
    if (!parsed.success || (name !== null && SINGLE_LINE_FORBIDDEN.test(name)))
      invalid.push(line.slice(0, 120).replace(new RegExp(SINGLE_LINE_FORBIDDEN.source, "g"), "\uFFFD"));
    else entries.push({ email: parsed.data, name: parsedName?.success ? parsedName.data : null });
  }
  return { entries, invalid };
}
