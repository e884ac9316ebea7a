import type { SubmissionResult } from "@conform-to/react";
import { MuteNotice } from "~/features/moderation/components/report-form";
import { myMute } from "~/features/moderation/queries/my-reports.server";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-page";
import { useGroup } from "~/components/group";
import { useT } from "~/components/i18n";
import { DraftFields, IdeaForm, SimilarIdeasList, type IdeaDraft } from "~/components/idea-form";
import { Notice } from "~/components/ui/form";
import type { SimilarIdea } from "~/models/types";
import { canRecordForMember, canSubmitIdea, canVote as mayVote } from "~/policy";
import { applyVote } from "~/actions/vote.server";
import { requireGroupAccess } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { submitIdea } from "~/features/ideas/commands/submit-idea.server";
import { actorOf } from "~/http/actor.server";
import { submissionFailure } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { listBoards } from "~/models/board.server";
import { renderGroupMarkdown } from "~/models/comment.server";
import { listMemberHandles } from "~/models/membership.server";
import { similarIdeas } from "~/models/search.server";
import { listTags } from "~/models/tag.server";
import { ideaListParams, newIdeaSchema } from "~/schemas/idea";
import { groupTitleMeta } from "~/utils/meta";
import { IDEA_SOURCES } from "~/domain/constants";

export const meta = groupTitleMeta("ideas.new");
export const ErrorBoundary = RouteErrorBoundary;

async function access(request: Request, slug: string | undefined) {
  const result = await requireGroupAccess(request, slug);
  if (!canSubmitIdea(result.viewer, result.readOnly)) throw new Response("Forbidden", { status: 403 });
  return result;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const early = await requireGroupAccess(request, params.slug);
  // A read-only group (archived or past its end) says so, and what still works, instead of a bare 403.
  if (early.readOnly && canSubmitIdea(early.viewer, false)) return data({ closed: { archived: early.group.archivedAt !== null } }, { status: 403 });
  const { group, viewer, readOnly } = await access(request, params.slug);
  const canRecord = canRecordForMember(viewer, readOnly);
  const boards = listBoards(group.id).filter((b) => b.closedAt === null);
  const { board: wanted } = ideaListParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  const board = boards.find((b) => b.slug === wanted) ?? boards[0];
  return {
    boards: boards.map((b) => ({ id: b.id, name: b.name })),
    tags: listTags(group.id).map((t) => ({ id: t.id, name: t.name, color: t.color })),
    defaultBoardId: board ? String(board.id) : "",
    canVote: mayVote(viewer, readOnly),
    // Staff recording an idea heard elsewhere choose whose it is from the group's members.
    members: canRecord ? listMemberHandles(group.id) : null,
    // A muted member reads why and until when instead of a form that would refuse them (moderation).
    mute: myMute(group.id, early.user.id),
  };
}

type ActionData = {
  result: SubmissionResult<string[]>;
  preview: string | null;
  similar: SimilarIdea[] | null;
  draft: IdeaDraft | null;
  message: string | null;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const groupAccess = await access(request, params.slug);
  const { group, user } = groupAccess;
  const t = serverTranslator(request, user);
  const submission = parseWithZod(await request.formData(), { schema: newIdeaSchema });
  const reply = (init: Partial<ActionData> = {}, status = 200, headers?: Record<string, string>) =>
    data({ result: submission.reply(), preview: null, similar: null, draft: null, message: null, ...init } satisfies ActionData, { status, headers });
  if (submission.status !== "success") return reply({}, 400);
  const v = submission.value;
  const similarTo = (title: string) => similarIdeas({ groupId: group.id, text: title, viewerId: user.id });
  if (v.intent === "preview") return reply({ preview: renderGroupMarkdown(group, v.body ?? "") });
  if (v.intent === "vote") {
    // A vote on a similar idea from the confirmation step (no JavaScript): count it, then show the step again.
    const { reply: voted, status } = applyVote(request, groupAccess, v.number, v.voted);
    const draft = { boardId: v.boardId, title: v.title, body: v.body, tags: v.tags };
    return reply(
      { similar: similarTo(v.title ?? ""), draft, message: voted.ok ? t(v.voted ? "ideas.similar.voted" : "ideas.similar.unvoted") : (voted.message ?? null) },
      status,
    );
  }
  // Without JavaScript the member has not seen similar ideas yet: show them once before creating.
  if (!v.confirmed && !v.suggestionsSeen) {
    const similar = similarTo(v.title);
    if (similar.length > 0) return reply({ similar, draft: { boardId: String(v.boardId), title: v.title, body: v.body, tags: v.tags.map(String) } });
  }
  // Staff recording an idea heard elsewhere: it becomes the member's, with where it was heard (the command checks who may).
  const created = execute(submitIdea, actorOf(user), {
    groupId: group.id,
    boardId: v.boardId,
    title: v.title,
    body: v.body,
    tagIds: v.tags,
    onBehalfOf: v.onBehalfOf,
    source: v.source ?? null,
  });
  if (!created.ok) return submissionFailure(submission, created.error, t, { preview: null, similar: null, draft: null, message: null });
  // A held first post (approval for newcomers) is not "posted" yet: its page says it waits for a moderator.
  return redirect(`/g/${group.slug}/ideas/${created.value.number}${created.value.held ? "" : "?posted=1"}`);
}

export default function NewIdea() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  if ("closed" in loaded) return <ReadOnlyGroup archived={loaded.closed.archived} />;
  const { boards, tags, defaultBoardId, canVote, members, mute } = loaded;
  const confirming = Boolean(actionData?.similar?.length);
  const draft = actionData?.draft ?? null;
  return (
    <section aria-labelledby="share-idea-heading" className="card max-w-3xl">
      <h2 id="share-idea-heading" className="mb-1 text-xl font-semibold">
        {t("ideas.new")}
      </h2>
      <p className="mb-5 text-slate-700">{t("ideas.newLead")}</p>
      {mute ? (
        <MuteNotice mute={mute} />
      ) : boards.length === 0 ? (
        <p className="text-slate-700">{t("ideas.noOpenBoards")}</p>
      ) : (
        <>
          {actionData?.message ? <Notice>{actionData.message}</Notice> : null}
          {confirming && draft ? (
            <div className="mb-5">
              <SimilarIdeasList
                slug={group.slug}
                ideas={actionData!.similar!}
                live={false}
                canVote={canVote}
                voteForm={(idea) => (
                  <Form method="post" className="flex-none">
                    <DraftFields draft={draft} />
                    <input type="hidden" name="number" value={idea.number} />
                    <input type="hidden" name="voted" value={idea.voted ? "0" : "1"} />
                    <button
                      type="submit"
                      name="intent"
                      value="vote"
                      aria-pressed={Boolean(idea.voted)}
                      aria-label={`${idea.voted ? t("ideas.similar.votedButton") : t("ideas.similar.voteButton")}: ${idea.title}`}
                      className={idea.voted ? "btn-primary px-2 py-1 text-xs" : "btn-secondary px-2 py-1 text-xs"}
                    >
                      {idea.voted ? t("ideas.similar.votedButton") : t("ideas.similar.voteButton")}
                    </button>
                  </Form>
                )}
              />
            </div>
          ) : null}
          <IdeaForm
            id="new-idea"
            intent="submit"
            schema={newIdeaSchema}
            slug={group.slug}
            lastResult={actionData?.result}
            defaultValue={{ boardId: defaultBoardId, title: "", body: "", tags: [] }}
            boards={boards}
            tags={tags}
            preview={actionData?.preview ?? null}
            suggest
            canVote={canVote}
            submitLabel={confirming ? t("ideas.postAnyway") : t("ideas.post")}
            hiddenFields={confirming ? <input type="hidden" name="confirmed" value="1" /> : null}
            extraFields={members ? <RecordingFields members={members} result={actionData?.result} /> : null}
            footer={
              <Link to={`/g/${group.slug}/ideas`} className="text-sm">
                {t("common.cancel")}
              </Link>
            }
          />
        </>
      )}
    </section>
  );
}

/** An archived or ended group takes no ideas: what happened, and what the member can still do there. */
function ReadOnlyGroup({ archived }: { archived: boolean }) {
  const { group } = useGroup();
  const t = useT();
  return (
    <section aria-labelledby="share-idea-heading" className="card max-w-3xl">
      <h2 id="share-idea-heading" className="mb-2 text-xl font-semibold">
        {t("ideas.readOnly.title")}
      </h2>
      <p className="mb-3 text-slate-700">{t(archived ? "ideas.readOnly.archived" : "ideas.readOnly.ended", { group: group.name })}</p>
      <p className="font-medium">{t("ideas.readOnly.canStill")}</p>
      <ul className="mt-1 list-disc space-y-1 pl-6">
        <li>
          <Link to={`/g/${group.slug}/ideas`}>{t("ideas.readOnly.browse")}</Link>
        </li>
        <li>
          <Link to="/my-ideas">{t("ideas.readOnly.myIdeas")}</Link>
        </li>
        <li>
          <Link to={`/g/${group.slug}/updates`}>{t("ideas.readOnly.updates")}</Link>
        </li>
      </ul>
    </section>
  );
}

/** For staff: record an idea heard on another channel on a member's behalf. Both fields, or neither. */
function RecordingFields({ members, result }: { members: { name: string; handle: string }[]; result?: SubmissionResult<string[]> | null }) {
  const t = useT();
  const typed = (result?.initialValue ?? {}) as Record<string, unknown>;
  const errors = result?.error ?? {};
  const memberError = errors.onBehalfOf?.[0];
  const sourceError = errors.source?.[0];
  return (
    <fieldset className="rounded-md border border-slate-300 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-800">{t("loop.record.title")}</legend>
      <p className="mb-3 text-sm text-slate-700">{t("loop.record.lead")}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="record-member" className="block text-sm font-medium">
            {t("loop.record.member")}
          </label>
          <input
            id="record-member"
            name="onBehalfOf"
            list="record-members"
            defaultValue={typeof typed.onBehalfOf === "string" ? typed.onBehalfOf : ""}
            maxLength={254}
            className="input mt-1"
            aria-invalid={memberError ? true : undefined}
            aria-describedby={memberError ? "record-member-error" : "record-member-hint"}
          />
          <datalist id="record-members">
            {members.map((m) => (
              <option key={m.handle} value={`@${m.handle}`}>
                {m.name}
              </option>
            ))}
          </datalist>
          {memberError ? (
            <p id="record-member-error" className="mt-1 text-sm font-medium text-red-800">
              {memberError}
            </p>
          ) : (
            <p id="record-member-hint" className="mt-1 text-sm text-slate-600">
              {t("loop.record.memberHint")}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="record-source" className="block text-sm font-medium">
            {t("loop.record.source")}
          </label>
          <select
            id="record-source"
            name="source"
            defaultValue={typeof typed.source === "string" ? typed.source : ""}
            className="input mt-1"
            aria-invalid={sourceError ? true : undefined}
            aria-describedby={sourceError ? "record-source-error" : undefined}
          >
            <option value="">{t("loop.record.notRecorded")}</option>
            {IDEA_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`loop.source.${s}`)}
              </option>
            ))}
          </select>
          {sourceError ? (
            <p id="record-source-error" className="mt-1 text-sm font-medium text-red-800">
              {sourceError}
            </p>
          ) : null}
        </div>
      </div>
    </fieldset>
  );
}
