import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { execute } from "~/commands/command.server";
import { MUTE_LENGTHS } from "~/domain/constants";
import { muteMember, unmuteMember } from "~/features/moderation/commands/mute-member.server";
import { ReportForm } from "~/features/moderation/components/report-form";
import { reportItem } from "~/features/moderation/commands/report-item.server";
import { withdrawReport } from "~/features/moderation/commands/withdraw-report.server";
import { myMute, myOpenReportOf } from "~/features/moderation/queries/my-reports.server";
import { REPORT_NOTE_MAX, REPORT_REASONS } from "~/domain/constants";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import { notFoundPage, requireGroupAccess } from "~/auth/group.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/idea";
import { canMute, canReview } from "~/features/moderation/rules";
import { listIdeasByAuthor } from "~/models/idea.server";
import { findMemberProfile } from "~/models/membership.server";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.profile");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user, viewer } = await requireGroupAccess(request, params.slug);
  const seer = { id: user.id, canReview: canReview(viewer) };
  const profile = params.userId && params.userId.length <= 40 ? findMemberProfile(group.id, params.userId, seer) : null;
  if (!profile) return notFoundPage();
  // Muting (moderation): only for those the rules let mute this member; the mute in force, for them and for the member.
  const actor = { id: user.id, orgRole: user.role, groupRole: viewer.membership?.state === "active" ? viewer.membership.role : null };
  const mayMute = canReview(viewer) && canMute(actor, { id: profile.userId, orgRole: profile.orgRole, groupRole: profile.role });
  const isMe = profile.userId === user.id;
  const mute = mayMute || isMe ? myMute(group.id, profile.userId) : null;
  // Reporting the introduction (not one's own, not an empty or hidden one): the viewer's open report and own mute.
  const reportable = !isMe && profile.intro !== "" && !profile.introHidden;
  const report = reportable
    ? {
        reported: myOpenReportOf({ groupId: group.id, itemType: "intro", itemId: profile.userId, viewerId: user.id }) ?? null,
        myMute: myMute(group.id, user.id),
      }
    : null;
  return { profile, isMe, mayMute, mute, report, ideas: listIdeasByAuthor({ groupId: group.id, authorId: profile.userId, viewer: seer }) };
}

const muteForm = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("report"),
      itemType: z.literal("intro"),
      itemId: z.string().max(40),
      reason: z.enum(REPORT_REASONS),
      note: z.string().max(REPORT_NOTE_MAX).optional(),
    })
    .strict(),
  z.object({ intent: z.literal("withdraw-report"), itemType: z.literal("intro"), itemId: z.string().max(40) }).strict(),
  z.object({ intent: z.literal("mute"), length: z.enum(MUTE_LENGTHS), reason: z.string().max(20_000) }).strict(),
  z.object({ intent: z.literal("unmute") }).strict(),
]);

/** Mute or lift a mute (the commands decide who may: moderators ordinary members, staff and admins anyone). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireGroupAccess(request, params.slug);
  const t = serverTranslator(request, user);
  const parsed = muteForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success || !params.userId || params.userId.length > 40) return data({ error: t("common.formErrors") }, { status: 400 });
  const userId = params.userId;
  const v = parsed.data;
  // Reporting an introduction: only the one on this page.
  if ((v.intent === "report" || v.intent === "withdraw-report") && v.itemId !== userId) return data({ error: t("common.formErrors") }, { status: 400 });
  const done =
    v.intent === "mute"
      ? execute(muteMember, actorOf(user), { groupId: group.id, userId, length: v.length, reason: v.reason })
      : v.intent === "unmute"
        ? execute(unmuteMember, actorOf(user), { groupId: group.id, userId })
        : v.intent === "report"
          ? execute(reportItem, actorOf(user), {
              groupId: group.id,
              itemType: "intro",
              itemId: userId,
              reason: v.reason,
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            })
          : execute(withdrawReport, actorOf(user), { groupId: group.id, itemType: "intro", itemId: userId });
  if (!done.ok) return data({ error: messageOf(done.error, t) }, { status: statusOf(done.error) });
  const flag = { mute: "muted", unmute: "unmuted", report: "reported", "withdraw-report": "withdrawn" }[v.intent];
  return redirect(`/g/${group.slug}/members/${userId}?${flag}=1`);
}

export default function MemberProfile() {
  const { profile, isMe, mayMute, mute, report, ideas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { group, can } = useGroup();
  const t = useT();
  const format = useFormat();
  return (
    <article className="card max-w-2xl" aria-labelledby="profile-name">
      <div className="flex items-center gap-4">
        <Avatar name={profile.name} id={profile.userId} />
        <div>
          <h2 id="profile-name" className="text-xl font-semibold">
            {profile.name} <RoleBadge role={profile.role} orgRole={profile.orgRole} />
          </h2>
          <p className="text-sm text-slate-600">{profile.joinedAt ? t("groups.joinedOn", { date: format.date(profile.joinedAt) }) : null}</p>
        </div>
      </div>
      <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-slate-600">{t("groups.intro")}</h3>
      <p className="mt-1 whitespace-pre-line text-slate-800">{profile.intro || t("groups.noIntro")}</p>
      {report ? (
        <div className="mt-2">
          {params.get("reported") ? (
            <p role="status" className="mb-1 text-sm text-green-800">
              {t("moderation.item.reported")}
            </p>
          ) : null}
          {actionData?.error && !mayMute ? (
            <p role="alert" className="mb-1 text-sm text-red-800">
              {actionData.error}
            </p>
          ) : null}
          <ReportForm itemType="intro" itemId={profile.userId} reported={report.reported ?? undefined} mute={report.myMute} />
        </div>
      ) : null}
      <p className="mt-2 text-sm text-slate-600">{t("groups.mentionAs", { handle: profile.handle ?? "" })}</p>
      <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-slate-600">{t("groups.ideasBy", { name: profile.name })}</h3>
      {ideas.length === 0 ? (
        <p className="mt-1 text-slate-700">{t("groups.noIdeasYet")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200">
          {ideas.map((idea) => (
            <li key={idea.number} className="flex flex-wrap items-center gap-2 py-2">
              <Link to={`/g/${group.slug}/ideas/${idea.number}`} className="font-medium">
                {idea.title}
              </Link>
              <StatusBadge status={idea.status} />
              <span className="text-xs text-slate-600">
                {t("ideas.votes", { count: format.number(idea.voteCount) })} · {t("ideas.commentCount", { count: format.number(idea.commentCount) })} ·{" "}
                {format.date(idea.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mute ? (
        <p role="status" className="mt-6 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {mute.until === null
            ? t("moderation.muteForm.activeForever", { reason: mute.reason })
            : t("moderation.muteForm.active", { date: format.dateTime(mute.until), reason: mute.reason })}
        </p>
      ) : null}
      {mayMute ? (
        <section aria-labelledby="mute-title" className="mt-6 border-t border-slate-200 pt-4">
          <h3 id="mute-title" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
            {t("moderation.muteForm.title")}
          </h3>
          {params.get("muted") ? (
            <p role="status" className="mt-2 text-sm text-green-800">
              {t("moderation.muteForm.done", { name: profile.name })}
            </p>
          ) : null}
          {params.get("unmuted") ? (
            <p role="status" className="mt-2 text-sm text-green-800">
              {t("moderation.muteForm.lifted", { name: profile.name })}
            </p>
          ) : null}
          {actionData?.error ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              {actionData.error}
            </p>
          ) : null}
          {mute ? (
            <Form method="post" className="mt-2">
              <button type="submit" name="intent" value="unmute" className="btn-secondary">
                {t("moderation.muteForm.lift")}
              </button>
            </Form>
          ) : (
            <Form method="post" className="mt-2 grid gap-3">
              <p className="text-sm text-slate-700">{t("moderation.muteForm.lead")}</p>
              <fieldset>
                <legend className="text-sm font-medium">{t("moderation.muteForm.length")}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                  {MUTE_LENGTHS.map((length, i) => (
                    <label key={length} className="flex items-center gap-2 text-sm">
                      <input type="radio" name="length" value={length} defaultChecked={i === 0} />
                      {t(`moderation.muteForm.length.${length}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div>
                <label htmlFor="mute-reason" className="block text-sm font-medium">
                  {t("moderation.muteForm.reason")}
                </label>
                <textarea id="mute-reason" name="reason" required maxLength={1000} rows={2} className="input mt-1 w-full" />
              </div>
              <div>
                <button type="submit" name="intent" value="mute" className="btn-secondary">
                  {t("moderation.muteForm.submit", { name: profile.name })}
                </button>
              </div>
              <p className="text-xs text-slate-600">{t("moderation.muteForm.stronger")}</p>
            </Form>
          )}
        </section>
      ) : null}
      <div className="mt-6 flex flex-wrap gap-3 text-sm">
        <Link to={`/g/${group.slug}/members`}>{t("groups.allMembers")}</Link>
        {isMe ? <Link to={`/g/${group.slug}/me`}>{t("groups.editIntro")}</Link> : null}
        {can.manage && !isMe ? <Link to={`/g/${group.slug}/manage?q=${encodeURIComponent(profile.name)}#members`}>{t("groups.manageMember")}</Link> : null}
      </div>
    </article>
  );
}
