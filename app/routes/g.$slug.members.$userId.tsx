import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFoundPage, requireGroupAccess } from "~/auth/group.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { Avatar, RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/idea";
import { listIdeasByAuthor } from "~/models/idea.server";
import { findMemberProfile } from "~/models/membership.server";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.profile");
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user } = await requireGroupAccess(request, params.slug);
  const profile = params.userId && params.userId.length <= 40 ? findMemberProfile(group.id, params.userId) : null;
  if (!profile) return notFoundPage();
  return { profile, isMe: profile.userId === user.id, ideas: listIdeasByAuthor({ groupId: group.id, authorId: profile.userId }) };
}

export default function MemberProfile() {
  const { profile, isMe, ideas } = useLoaderData<typeof loader>();
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
      <div className="mt-6 flex flex-wrap gap-3 text-sm">
        <Link to={`/g/${group.slug}/members`}>{t("groups.allMembers")}</Link>
        {isMe ? <Link to={`/g/${group.slug}/me`}>{t("groups.editIntro")}</Link> : null}
        {can.manage && !isMe ? <Link to={`/g/${group.slug}/manage?q=${encodeURIComponent(profile.name)}#members`}>{t("groups.manageMember")}</Link> : null}
      </div>
    </article>
  );
}
