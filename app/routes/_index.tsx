import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { PageHeader } from "~/components/layout";
import { useFormat, useT } from "~/components/i18n";
import { Notice } from "~/components/ui/form";
import { listGroupsForUser } from "~/models/group.server";
import { getOrgSettings } from "~/models/org.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("nav.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const org = getOrgSettings().name;
  if (!user) return { org, user: null, groups: null };
  const groups = listGroupsForUser(user);
  const pick = (g: (typeof groups.mine)[number]) => ({
    slug: g.slug,
    name: g.name,
    memberCount: g.memberCount,
    joinPolicy: g.joinPolicy,
    state: g.state,
    groupRole: g.groupRole,
    ended: g.ended,
  });
  return {
    org,
    user: { name: user.name, isAdmin: user.role === "admin", isStaff: user.role !== "member" },
    groups: { mine: groups.mine.map(pick), archived: groups.archived.map(pick), joinable: groups.joinable.map(pick) },
  };
}

type GroupCard = { slug: string; name: string; memberCount: number; joinPolicy: string; state: string | null; groupRole: string | null; ended: boolean };

function GroupList({ groups, join = false }: { groups: GroupCard[]; join?: boolean }) {
  const t = useT();
  const format = useFormat();
  return (
    <ul className="grid gap-3 sm:grid-cols-2">
      {groups.map((g) => (
        <li key={g.slug} className="card p-4">
          <Link to={join ? `/join/${g.slug}` : `/g/${g.slug}`} className="text-lg font-semibold">
            {g.name}
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            {t("groups.memberCount", { count: format.number(g.memberCount) })}
            {g.groupRole === "moderator" && g.state === "active" ? ` · ${t("groups.role.moderator")}` : null}
            {g.ended ? ` · ${t("groups.ended")}` : null}
          </p>
          {join ? (
            <p className="mt-1 text-sm text-slate-600">
              {g.state === "requested" ? t("groups.join.pendingShort") : t(g.joinPolicy === "open" ? "groups.policy.open" : "groups.policy.request")}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function Index() {
  const { org, user, groups } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  if (!user || !groups) {
    return (
      <section className="card mx-auto max-w-2xl">
        <PageHeader title={t("home.title")} lead={t("home.lead", { org })} />
        <p className="mb-6 text-slate-700">{t("home.inviteOnly")}</p>
        <Link to="/login" className="btn-primary">
          {t("home.signInCta")}
        </Link>
      </section>
    );
  }
  return (
    <>
      <PageHeader title={t("home.greeting", { name: user.name })} lead={t("home.signedInLead")} />
      {params.get("left") ? <Notice>{t("groups.leftNotice")}</Notice> : null}
      <section aria-labelledby="mine-title" className="mb-8">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id="mine-title" className="text-xl font-semibold">
            {user.isStaff ? t("home.allGroups") : t("home.myGroups")}
          </h2>
          {user.isAdmin ? (
            <Link to="/groups/new" className="btn-primary">
              {t("groups.new.title")}
            </Link>
          ) : null}
        </div>
        {groups.mine.length === 0 ? <p className="card text-slate-700">{t("home.noGroups", { org })}</p> : <GroupList groups={groups.mine} />}
      </section>
      {groups.joinable.length > 0 ? (
        <section aria-labelledby="joinable-title" className="mb-8">
          <h2 id="joinable-title" className="mb-1 text-xl font-semibold">
            {t("home.joinable")}
          </h2>
          <p className="mb-3 text-slate-700">{t("home.joinableLead")}</p>
          <GroupList groups={groups.joinable} join />
        </section>
      ) : null}
      {groups.archived.length > 0 ? (
        <section aria-labelledby="archived-title">
          <h2 id="archived-title" className="mb-3 text-xl font-semibold">
            {t("home.archived")}
          </h2>
          <GroupList groups={groups.archived} />
        </section>
      ) : null}
    </>
  );
}
