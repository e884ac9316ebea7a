import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { AuthUser } from "~/auth/session.server";
import { serverTranslator } from "~/i18n/locale.server";
import { findGroupById } from "~/models/group.server";
import { changeStatus } from "~/models/status.server";
import { isOrgStaff } from "~/policy";
import { queueSchema } from "~/schemas/idea";
import type { MessageKey } from "~/i18n";

/**
 * Answering from the response queue (one group's or everyone's): the same status change and official response
 * as on the idea page, for staff only. Answers with the queue again, the idea gone from it.
 */
export async function respondFromQueue(request: Request, user: AuthUser, onlyGroupId: string | null) {
  if (!isOrgStaff(user.role)) throw new Response("Forbidden", { status: 403 });
  const t = serverTranslator(request, user);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: queueSchema });
  const formId = `answer-${String(formData.get("groupId") ?? "").slice(0, 40)}-${String(formData.get("number") ?? "").slice(0, 12)}`;
  if (submission.status !== "success") return data({ formId, result: submission.reply(), message: null }, { status: 400 });
  const v = submission.value;
  const group = onlyGroupId === null || onlyGroupId === v.groupId ? findGroupById(v.groupId) : null;
  if (!group) throw new Response("Not found", { status: 404 });
  const changed = changeStatus({ group, number: v.number, actor: { id: user.id, name: user.name, role: user.role }, status: v.status, response: v.response });
  if (!changed.ok && changed.error === "notFound") throw new Response("Not found", { status: 404 });
  if (!changed.ok) return data({ formId, result: submission.reply({ formErrors: [t(`loop.error.${changed.error}` as MessageKey)] }), message: null }, { status: changed.error === "closed" ? 409 : 400 });
  return { formId, result: submission.reply({ resetForm: true }), message: t("loop.answered", { number: v.number, group: group.name }) };
}
