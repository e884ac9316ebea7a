import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { AuthUser } from "~/auth/session.server";
import { execute } from "~/commands/command.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { queueSchema } from "~/schemas/idea";
import { changeStatus } from "./commands/change-status.server";

/**
 * The action of both response queues (one group's, `onlyGroupId`, or everyone's, null): the same changeStatus
 * command as the idea page. Answers with the queue again, the idea gone from it; a refusal shows beside that
 * idea's composer (formId). An idea of another group than the page's is not found.
 */
export async function respondFromQueue(request: Request, user: AuthUser, onlyGroupId: string | null) {
  const t = serverTranslator(request, user);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: queueSchema });
  const formId = `answer-${String(formData.get("groupId") ?? "").slice(0, 40)}-${String(formData.get("number") ?? "").slice(0, 12)}`;
  if (submission.status !== "success") return data({ formId, result: submission.reply(), message: null }, { status: 400 });
  const v = submission.value;
  if (onlyGroupId !== null && onlyGroupId !== v.groupId) throw new Response("Not found", { status: 404 });
  const changed = execute(changeStatus, actorOf(user), { groupId: v.groupId, number: v.number, status: v.status, response: v.response });
  if (!changed.ok) return submissionFailure(submission, changed.error, t, { formId, message: null });
  return { formId, result: submission.reply({ resetForm: true }), message: t("loop.answered", { number: v.number, group: changed.value.groupName }) };
}
