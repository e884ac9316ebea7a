import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { TagChip } from "~/components/idea";
import { FormErrors, Notice } from "~/components/ui/form";
import { translateError, type MessageKey } from "~/i18n";
import { requireGroupManager } from "~/auth/group.server";
import { execute, type CommandResult } from "~/commands/command.server";
import { closeBoard } from "~/features/boards/commands/close-board.server";
import { createBoard } from "~/features/boards/commands/create-board.server";
import { createTag } from "~/features/boards/commands/create-tag.server";
import { deleteBoard } from "~/features/boards/commands/delete-board.server";
import { deleteTag } from "~/features/boards/commands/delete-tag.server";
import { moveBoard } from "~/features/boards/commands/move-board.server";
import { updateBoard } from "~/features/boards/commands/update-board.server";
import { updateTag } from "~/features/boards/commands/update-tag.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { listBoards } from "~/models/board.server";
import { listTags } from "~/models/tag.server";
import { z } from "zod";
import { boardsSchema } from "~/schemas/idea";
import { groupTitleMeta } from "~/utils/meta";
import { TAG_COLORS, type TagColor } from "~/domain/constants";

export const meta = groupTitleMeta("boards.title");
export const ErrorBoundary = RouteErrorBoundary;

/** Which form on the page a submission came from ("new-board", "board-12", …), so a refusal shows beside it. */
const formIdField = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/)
  .catch("");

// Boards and tags are run by the group's moderators, staff and admins: the page is theirs (403 for other members,
// 404 for outsiders); each command checks the same rule again inside its transaction.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group } = await requireGroupManager(request, params.slug);
  return {
    boards: listBoards(group.id).map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description,
      closed: b.closedAt !== null,
      ideaCount: b.ideaCount,
      hasIdeas: b.hasIdeas,
    })),
    tags: listTags(group.id).map((t) => ({ id: t.id, name: t.name, color: t.color })),
  };
}

type Reply = { ok: boolean; formId: string; message: string; values: Record<string, string> };

/** The page's intents: each is one command; the reply names the form a refusal belongs to. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireGroupManager(request, params.slug);
  const t = serverTranslator(request, user);
  const formData = await request.formData();
  const formId = formIdField.parse(formData.get("formId") ?? "");
  formData.delete("formId");
  const submission = parseWithZod(formData, { schema: boardsSchema });
  const refuse = (status: number, message: string) =>
    data<Reply>({ ok: false, formId, message, values: Object.fromEntries(formData) as Record<string, string> }, { status });
  if (submission.status !== "success") {
    const first = Object.values(submission.reply().error ?? {}).flat()[0];
    return refuse(400, translateError(t, first ?? undefined) ?? t("common.formErrors"));
  }
  const v = submission.value;
  const actor = actorOf(user);
  const groupId = group.id;
  const reply = <R,>(result: CommandResult<R>, key: MessageKey, params?: Record<string, string>) => {
    if (result.ok) return data<Reply>({ ok: true, formId: "", message: t(key, params), values: {} });
    throwIfPageError(result.error);
    return refuse(statusOf(result.error), messageOf(result.error, t));
  };
  switch (v.intent) {
    case "createBoard":
      return reply(execute(createBoard, actor, { groupId, name: v.name, description: v.description }), "boards.created", { name: v.name });
    case "updateBoard":
      return reply(execute(updateBoard, actor, { groupId, boardId: v.boardId, name: v.name, description: v.description }), "boards.saved", { name: v.name });
    case "moveBoard":
      return reply(execute(moveBoard, actor, { groupId, boardId: v.boardId, direction: v.direction }), "boards.moved");
    case "closeBoard":
    case "openBoard": {
      const closed = v.intent === "closeBoard";
      return reply(execute(closeBoard, actor, { groupId, boardId: v.boardId, closed }), closed ? "boards.closedDone" : "boards.openedDone");
    }
    case "deleteBoard":
      return reply(execute(deleteBoard, actor, { groupId, boardId: v.boardId }), "boards.deleted");
    case "createTag":
      return reply(execute(createTag, actor, { groupId, name: v.name, color: v.color }), "tags.created", { name: v.name });
    case "updateTag":
      return reply(execute(updateTag, actor, { groupId, tagId: v.tagId, name: v.name, color: v.color }), "tags.saved", { name: v.name });
    case "deleteTag":
      return reply(execute(deleteTag, actor, { groupId, tagId: v.tagId }), "tags.deleted");
  }
}

/** `of` names what the button acts on, for screen readers (the visible label is short). */
function IntentButton({
  intent,
  id,
  label,
  of,
  danger = false,
  disabled = false,
}: {
  intent: string;
  id: number;
  label: string;
  of?: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  const navigation = useNavigation();
  const busy =
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    navigation.formData?.get(intent.endsWith("Tag") ? "tagId" : "boardId") === String(id);
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={busy || disabled}
      aria-busy={busy || undefined}
      aria-label={of ? `${label}: ${of}` : undefined}
      className={`btn-secondary px-2 py-1 ${danger ? "border-red-300 text-red-800 hover:bg-red-50" : ""}`}
    >
      {label}
    </button>
  );
}

function BoardFields({ prefix, name, description }: { prefix: string; name: string; description: string }) {
  const t = useT();
  return (
    <>
      <div>
        <label htmlFor={`${prefix}-name`} className="block text-sm font-medium">
          {t("boards.name")}
        </label>
        <input id={`${prefix}-name`} name="name" required minLength={2} maxLength={60} defaultValue={name} className="input mt-1" />
      </div>
      <div>
        <label htmlFor={`${prefix}-description`} className="block text-sm font-medium">
          {t("boards.description")}
        </label>
        <textarea id={`${prefix}-description`} name="description" rows={2} maxLength={500} defaultValue={description} className="input mt-1" />
      </div>
    </>
  );
}

function TagFields({ prefix, name, color }: { prefix: string; name: string; color: TagColor }) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={`${prefix}-name`} className="block text-sm font-medium">
          {t("tags.name")}
        </label>
        <input id={`${prefix}-name`} name="name" required maxLength={30} defaultValue={name} className="input mt-1" />
      </div>
      <div>
        <label htmlFor={`${prefix}-color`} className="block text-sm font-medium">
          {t("tags.color")}
        </label>
        <select id={`${prefix}-color`} name="color" defaultValue={color} className="input mt-1">
          {TAG_COLORS.map((c) => (
            <option key={c} value={c}>
              {t(`tags.colors.${c}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export default function Boards() {
  const { boards, tags } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  // After a refused submission the form it came from shows what was typed, not the defaults.
  const typed = (formId: string, field: string, fallback: string) =>
    actionData && !actionData.ok && actionData.formId === formId ? (actionData.values[field] ?? fallback) : fallback;
  const resetKey = actionData?.ok ? actionData.message : "";
  return (
    <div className="space-y-8">
      {actionData?.ok ? <Notice>{actionData.message}</Notice> : null}
      {actionData && !actionData.ok ? <FormErrors errors={[actionData.message]} /> : null}
      <section aria-labelledby="boards-title" className="space-y-3">
        <h2 id="boards-title" className="text-xl font-semibold">
          {t("boards.title")}
        </h2>
        <p className="text-slate-700">{t("boards.lead")}</p>
        {boards.length === 0 ? <p className="card text-slate-700">{t("boards.none")}</p> : null}
        <ol className="space-y-3">
          {boards.map((b, i) => (
            <li key={b.id} className="card p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-semibold">
                  {b.name} {b.closed ? <span className="badge bg-amber-100 text-amber-900">{t("boards.closedBadge")}</span> : null}
                </h3>
                <p className="text-sm text-slate-600">{t("ideas.count", { count: format.number(b.ideaCount) })}</p>
              </div>
              {b.description ? <p className="mt-1 text-sm text-slate-700">{b.description}</p> : null}
              <div className="mt-3 flex flex-wrap gap-2">
                <Form method="post" className="flex flex-wrap gap-2">
                  <input type="hidden" name="boardId" value={b.id} />
                  <input type="hidden" name="direction" value="up" />
                  <IntentButton intent="moveBoard" id={b.id} label={t("boards.moveUp")} of={b.name} disabled={i === 0} />
                </Form>
                <Form method="post">
                  <input type="hidden" name="boardId" value={b.id} />
                  <input type="hidden" name="direction" value="down" />
                  <IntentButton intent="moveBoard" id={b.id} label={t("boards.moveDown")} of={b.name} disabled={i === boards.length - 1} />
                </Form>
                <Form method="post">
                  <input type="hidden" name="boardId" value={b.id} />
                  <IntentButton intent={b.closed ? "openBoard" : "closeBoard"} id={b.id} label={b.closed ? t("boards.open") : t("boards.close")} of={b.name} />
                </Form>
                {!b.hasIdeas ? (
                  <Form method="post">
                    <input type="hidden" name="boardId" value={b.id} />
                    <IntentButton intent="deleteBoard" id={b.id} label={t("boards.delete")} of={b.name} danger />
                  </Form>
                ) : null}
              </div>
              <details className="mt-3" key={`${b.id}-${resetKey}`} open={actionData?.formId === `board-${b.id}` && !actionData.ok}>
                <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("boards.edit", { name: b.name })}</summary>
                <Form method="post" className="mt-3 space-y-3">
                  <input type="hidden" name="formId" value={`board-${b.id}`} />
                  <input type="hidden" name="boardId" value={b.id} />
                  <BoardFields
                    prefix={`board-${b.id}`}
                    name={typed(`board-${b.id}`, "name", b.name)}
                    description={typed(`board-${b.id}`, "description", b.description)}
                  />
                  <IntentButton intent="updateBoard" id={b.id} label={t("common.save")} />
                </Form>
              </details>
            </li>
          ))}
        </ol>
        <section aria-labelledby="new-board-title" className="card">
          <h3 id="new-board-title" className="mb-3 font-semibold">
            {t("boards.new")}
          </h3>
          <Form method="post" className="space-y-3" key={`new-board-${resetKey}`}>
            <input type="hidden" name="formId" value="new-board" />
            <BoardFields prefix="new-board" name={typed("new-board", "name", "")} description={typed("new-board", "description", "")} />
            <button type="submit" name="intent" value="createBoard" className="btn-primary">
              {t("boards.create")}
            </button>
          </Form>
        </section>
      </section>

      <section id="tags" aria-labelledby="tags-title" className="space-y-3">
        <h2 id="tags-title" className="text-xl font-semibold">
          {t("tags.title")}
        </h2>
        <p className="text-slate-700">{t("tags.lead", { group: group.name })}</p>
        {tags.length === 0 ? <p className="card text-slate-700">{t("tags.none")}</p> : null}
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {tags.map((tag) => (
            <li key={tag.id} className="p-4">
              <div className="flex flex-wrap items-center gap-3">
                <TagChip tag={tag} />
                <Form method="post" className="ml-auto">
                  <input type="hidden" name="tagId" value={tag.id} />
                  <IntentButton intent="deleteTag" id={tag.id} label={t("tags.delete")} of={tag.name} danger />
                </Form>
              </div>
              <details className="mt-2" key={`${tag.id}-${resetKey}`} open={actionData?.formId === `tag-${tag.id}` && !actionData.ok}>
                <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("tags.edit", { name: tag.name })}</summary>
                <Form method="post" className="mt-3 flex flex-wrap items-end gap-2">
                  <input type="hidden" name="formId" value={`tag-${tag.id}`} />
                  <input type="hidden" name="tagId" value={tag.id} />
                  <TagFields prefix={`tag-${tag.id}`} name={typed(`tag-${tag.id}`, "name", tag.name)} color={tag.color} />
                  <IntentButton intent="updateTag" id={tag.id} label={t("common.save")} />
                </Form>
              </details>
            </li>
          ))}
        </ul>
        <section aria-labelledby="new-tag-title" className="card">
          <h3 id="new-tag-title" className="mb-3 font-semibold">
            {t("tags.new")}
          </h3>
          <Form method="post" className="flex flex-wrap items-end gap-2" key={`new-tag-${resetKey}`}>
            <input type="hidden" name="formId" value="new-tag" />
            <TagFields prefix="new-tag" name={typed("new-tag", "name", "")} color="blue" />
            <button type="submit" name="intent" value="createTag" className="btn-primary">
              {t("tags.create")}
            </button>
          </Form>
        </section>
      </section>
    </div>
  );
}
