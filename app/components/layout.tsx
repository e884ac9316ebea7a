import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useRootData, useT } from "./i18n";

export function PageHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
      {lead ? <p className="mt-2 max-w-prose text-slate-700">{lead}</p> : null}
    </div>
  );
}

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 text-sm font-medium no-underline ${isActive ? "bg-blue-50 text-blue-900" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"}`;

function LanguageSwitcher() {
  const t = useT();
  const data = useRootData();
  const location = useLocation();
  const locale = data?.locale ?? "fi";
  return (
    <Form method="post" action="/set-locale" className="flex items-center gap-1">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor="locale-switch" className="sr-only">
        {t("lang.label")}
      </label>
      <select id="locale-switch" name="locale" defaultValue={locale} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        <option value="fi" lang="fi">
          {t("lang.fi")}
        </option>
        <option value="en" lang="en">
          {t("lang.en")}
        </option>
      </select>
      <button type="submit" className="btn-secondary px-2 py-1">
        {t("lang.change")}
      </button>
    </Form>
  );
}

function AccountMenu({ name }: { name: string }) {
  const t = useT();
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-900" aria-label={t("nav.accountMenu", { name })}>
        {name} <span aria-hidden="true">▾</span>
      </summary>
      <div className="absolute right-0 z-10 mt-2 w-48 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <Link to="/account" className="block rounded px-2 py-1 text-sm text-slate-800 no-underline hover:bg-slate-100">
          {t("nav.account")}
        </Link>
        <Form method="post" action="/logout">
          <button type="submit" className="block w-full rounded px-2 py-1 text-left text-sm text-slate-800 hover:bg-slate-100">
            {t("nav.signOut")}
          </button>
        </Form>
      </div>
    </details>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const data = useRootData();
  const user = data?.user ?? null;
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2">
        {t("nav.skip")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link to="/" className="mr-auto text-lg font-bold text-slate-900 no-underline">
            {t("app.name")}
            {data?.orgName && data.orgName !== "Kaiku" ? <span className="ml-2 text-sm font-normal text-slate-600">{data.orgName}</span> : null}
          </Link>
          <LanguageSwitcher />
          {user ? (
            <Link to="/notifications" className="relative rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-900 no-underline hover:bg-slate-100">
              {t("nav.notifications")}
              {user.unread > 0 ? (
                <span className="ml-1.5 rounded-full bg-blue-700 px-1.5 py-0.5 text-xs font-bold text-white">
                  {user.unread > 99 ? "99+" : user.unread}
                  <span className="sr-only"> {t("nav.unread")}</span>
                </span>
              ) : null}
            </Link>
          ) : null}
          {user ? (
            <AccountMenu name={user.name} />
          ) : (
            <Link to="/login" className="btn-primary px-3 py-1">
              {t("nav.signIn")}
            </Link>
          )}
        </div>
        {user ? (
          <nav aria-label={t("nav.main")} className="mx-auto flex max-w-5xl flex-wrap gap-1 px-3 pb-2">
            <NavLink to="/" end className={navClass}>
              {t("nav.groups")}
            </NavLink>
            <NavLink to="/my-ideas" className={navClass}>
              {t("nav.myIdeas")}
            </NavLink>
            {user.role === "staff" || user.role === "admin" ? (
              <>
                <NavLink to="/queue" className={navClass}>
                  {t("nav.queue")}
                </NavLink>
                <NavLink to="/staff/replies" className={navClass}>
                  {t("nav.savedReplies")}
                </NavLink>
              </>
            ) : null}
            {user.role === "admin" ? (
              <>
                <NavLink to="/admin/users" className={navClass}>
                  {t("nav.users")}
                </NavLink>
                <NavLink to="/admin/outbox" className={navClass}>
                  {t("nav.outbox")}
                </NavLink>
                <NavLink to="/admin/audit" className={navClass}>
                  {t("nav.audit")}
                </NavLink>
                <NavLink to="/admin/settings" className={navClass}>
                  {t("nav.settings")}
                </NavLink>
              </>
            ) : null}
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 focus:outline-none sm:py-10">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-5xl px-4 py-4 text-sm text-slate-600">
          {t("app.name")} · {t("app.tagline")}
        </p>
      </footer>
    </div>
  );
}
