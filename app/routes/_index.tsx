import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { useT } from "~/components/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("nav.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const { getUser } = await import("~/auth/session.server");
  const { getOrgSettings } = await import("~/models/org.server");
  const user = await getUser(request);
  return { org: getOrgSettings().name, user: user ? { name: user.name, isAdmin: user.role === "admin" } : null };
}

export default function Index() {
  const { org, user } = useLoaderData<typeof loader>();
  const t = useT();
  if (!user) {
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
      <section className="card">
        <p className="text-slate-700">{t("home.noGroups", { org })}</p>
      </section>
      {user.isAdmin ? (
        <section className="card mt-6" aria-labelledby="admin-title">
          <h2 id="admin-title" className="text-lg font-semibold">
            {t("home.adminTitle")}
          </h2>
          <p className="mt-1 text-slate-700">{t("home.adminLead")}</p>
          <div className="mt-4 flex flex-wrap gap-2">
            <Link to="/admin/users" className="btn-secondary">
              {t("nav.users")}
            </Link>
            <Link to="/admin/outbox" className="btn-secondary">
              {t("nav.outbox")}
            </Link>
            <Link to="/admin/audit" className="btn-secondary">
              {t("nav.audit")}
            </Link>
          </div>
        </section>
      ) : null}
    </>
  );
}
