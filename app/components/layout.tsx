import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { Avatar } from "./avatar";
import { useLocale, useRootData, useT } from "./i18n";
import { useHydrated } from "./idea";
import { LogoMark } from "./logo";

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
const menuLinkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded px-2 py-1.5 text-sm no-underline ${isActive ? "bg-blue-50 font-medium text-blue-900" : "text-slate-800 hover:bg-slate-100"}`;

/**
 * The language switcher. The root loader's resolved locale is the one source of truth: the select is keyed by it,
 * so after a sign-in, a save on /account or a switch here (each revalidates the root) it shows the page's
 * language instead of what the DOM kept. With JavaScript a choice applies at once; without, the button sends it.
 */
export function LanguageSwitcher({ id, className = "" }: { id: string; className?: string }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const hydrated = useHydrated();
  return (
    <Form method="post" action="/set-locale" className={`flex items-center gap-1 ${className}`}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}${location.hash}`} />
      <label htmlFor={id} className="sr-only">
        {t("lang.label")}
      </label>
      <select
        id={id}
        key={locale}
        name="locale"
        defaultValue={locale}
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
        className="rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm text-slate-900"
      >
        <option value="fi" lang="fi">
          {t("lang.fi")}
        </option>
        <option value="en" lang="en">
          {t("lang.en")}
        </option>
      </select>
      {hydrated ? null : (
        <button type="submit" className="btn-secondary px-2 py-1">
          {t("lang.change")}
        </button>
      )}
    </Form>
  );
}

type HeaderUser = { id: string; name: string; role: string; unread: number; review?: number };

/** Links of the main navigation; on a phone they live in the account menu so the header stays one row. */
function mainLinks(t: ReturnType<typeof useT>, role: string) {
  const links = [
    { to: "/", label: t("nav.groups"), end: true },
    { to: "/my-ideas", label: t("nav.myIdeas") },
  ];
  if (role === "staff" || role === "admin") links.push({ to: "/queue", label: t("nav.queue") }, { to: "/staff/replies", label: t("nav.savedReplies") });
  if (role === "admin")
    links.push(
      { to: "/admin/users", label: t("nav.users") },
      { to: "/admin/outbox", label: t("nav.outbox") },
      { to: "/admin/audit", label: t("nav.audit") },
      { to: "/admin/settings", label: t("nav.settings") },
    );
  return links;
}

function AccountMenu({ user }: { user: HeaderUser }) {
  const t = useT();
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);
  // A client-side navigation keeps the <details> element: close the menu once its link has been followed.
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.key]);
  return (
    <details ref={ref} className="relative">
      {/* The name is read once, in the hidden label; an aria-label would not match the visible initials. */}
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-full border border-slate-300 bg-white py-0.5 pl-0.5 pr-2 text-sm font-medium text-slate-900 hover:bg-slate-100 sm:pr-3">
        <Avatar name={user.name} id={user.id} size="sm" />
        <span className="sr-only">{t("nav.accountMenu", { name: user.name })}</span>
        <span aria-hidden="true" className="hidden max-w-[12rem] truncate sm:inline">
          {user.name}
        </span>
        <span aria-hidden="true">▾</span>
      </summary>
      <div className="absolute right-0 z-30 mt-2 w-60 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <p className="truncate px-2 pb-1 text-sm font-semibold text-slate-900 sm:hidden">{user.name}</p>
        <ul className="border-b border-slate-200 pb-2 sm:hidden">
          {mainLinks(t, user.role).map((l) => (
            <li key={l.to}>
              <NavLink to={l.to} end={l.end} className={menuLinkClass}>
                {l.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <NavLink to="/account" className={(s) => `${menuLinkClass(s)} mt-2 sm:mt-0`}>
          {t("nav.account")}
        </NavLink>
        <div className="px-2 py-1.5">
          <LanguageSwitcher id="locale-switch" />
        </div>
        <Form method="post" action="/logout">
          <button type="submit" className="block w-full rounded px-2 py-1.5 text-left text-sm text-slate-800 hover:bg-slate-100">
            {t("nav.signOut")}
          </button>
        </Form>
      </div>
    </details>
  );
}

function BellIcon() {
  return (
    <svg
      viewBox="0 0 20 20"
      className="h-5 w-5"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M10 2.5a5 5 0 0 0-5 5v3l-1.5 3h13L15 10.5v-3a5 5 0 0 0-5-5Z" />
      <path d="M8 16a2 2 0 0 0 4 0" />
    </svg>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const data = useRootData();
  const user = data?.user ?? null;
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2">
        {t("nav.skip")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        {/* One row at every width: on a phone the main links and the language move into the account menu. */}
        <div className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-2 sm:gap-4 sm:py-3">
          <Link to="/" className="mr-auto flex min-w-0 items-center gap-2 text-lg font-bold text-slate-900 no-underline">
            <LogoMark />
            <span className="flex-none whitespace-nowrap">{t("app.name")}</span>
            {data?.orgName && data.orgName !== "Kaiku" ? (
              <span className="hidden truncate text-sm font-normal text-slate-600 sm:inline">{data.orgName}</span>
            ) : null}
          </Link>
          {user ? (
            <>
              <Link
                to="/notifications"
                className="relative inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium text-slate-900 no-underline hover:bg-slate-100 sm:px-3"
              >
                <BellIcon />
                <span className="sr-only sm:not-sr-only">{t("nav.notifications")}</span>
                {user.unread > 0 ? (
                  <span className="rounded-full bg-blue-700 px-1.5 py-0.5 text-xs font-bold text-white">
                    {user.unread > 99 ? "99+" : user.unread}
                    <span className="sr-only"> {t("nav.unread")}</span>
                  </span>
                ) : null}
              </Link>
              {user.review ? (
                <Link
                  to="/review"
                  className="inline-flex items-center gap-1 rounded-md border border-amber-400 bg-amber-50 px-2 py-1 text-sm font-medium text-amber-950 no-underline hover:bg-amber-100"
                >
                  <span aria-hidden="true">{user.review > 99 ? "99+" : user.review}</span>
                  <span className="sr-only">{t("moderation.item.badge", { count: user.review })}</span>
                  <span aria-hidden="true" className="hidden md:inline">
                    {t("moderation.item.badgeShort")}
                  </span>
                </Link>
              ) : null}
              <AccountMenu user={user} />
            </>
          ) : (
            <>
              <LanguageSwitcher id="locale-switch" />
              {/* On the sign-in page itself the form is the way in. */}
              {location.pathname === "/login" ? null : (
                <Link to="/login" className="btn-primary whitespace-nowrap px-3 py-1">
                  {t("nav.signIn")}
                </Link>
              )}
            </>
          )}
        </div>
        {user ? (
          <nav aria-label={t("nav.main")} className="mx-auto hidden max-w-5xl flex-wrap gap-1 px-3 pb-2 sm:flex">
            {mainLinks(t, user.role).map((l) => (
              <NavLink key={l.to} to={l.to} end={l.end} className={navClass}>
                {l.label}
              </NavLink>
            ))}
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-4 focus:outline-none sm:py-10">
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
