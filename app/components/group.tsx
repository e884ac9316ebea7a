import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { GroupRole, OrgRole } from "~/domain/constants";
import type { loader as groupLoader } from "~/routes/g.$slug";
import { useFormat, useT } from "./i18n";

/** The group layout's data: the group, the viewer's standing in it, and what they may do. */
export function useGroup() {
  const data = useRouteLoaderData<typeof groupLoader>("routes/g.$slug");
  if (!data) throw new Error("useGroup outside /g/:slug");
  return data;
}

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `whitespace-nowrap rounded-t-md border-b-2 px-3 py-2 text-sm font-medium no-underline ${isActive ? "border-blue-700 text-blue-900" : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900"}`;

export function GroupHeader() {
  const t = useT();
  const format = useFormat();
  const { group, can, membership } = useGroup();
  const base = `/g/${group.slug}`;
  return (
    <div className="mb-6">
      <p className="text-sm text-slate-600">{t("groups.kicker")}</p>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{group.name}</h1>
      <p className="mt-1 text-sm text-slate-700">
        {t("groups.memberCount", { count: format.number(group.memberCount) })}
        {group.capacity !== null ? ` · ${t("groups.capacityOf", { capacity: format.number(group.capacity) })}` : null}
        {group.startsAt !== null || group.endsAt !== null
          ? ` · ${t("groups.pilotDates", { start: group.startsAt !== null ? format.date(group.startsAt) : "…", end: group.endsAt !== null ? format.date(group.endsAt - 1) : "…" })}`
          : null}
        {membership?.role === "moderator" ? (
          <>
            {" "}
            <RoleBadge role="moderator" />
          </>
        ) : null}
      </p>
      {group.archivedAt !== null ? (
        <p role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t("groups.archivedNote")}
        </p>
      ) : group.readOnly ? (
        <p role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t("groups.endedNote")}
        </p>
      ) : null}
      <ScrollingTabs label={t("groups.sections")}>
        <NavLink to={base} end className={tabClass}>
          {t("groups.tab.home")}
        </NavLink>
        <NavLink to={`${base}/ideas`} className={tabClass}>
          {t("groups.tab.ideas")}
        </NavLink>
        <NavLink to={`${base}/members`} className={tabClass}>
          {t("groups.tab.members")}
        </NavLink>
        <NavLink to={`${base}/updates`} className={tabClass}>
          {t("groups.tab.updates")}
        </NavLink>
        {membership?.state === "active" ? (
          <NavLink to={`${base}/me`} className={tabClass}>
            {t("groups.tab.me")}
          </NavLink>
        ) : null}
        {can.respond ? (
          <NavLink to={`${base}/queue`} className={tabClass}>
            {t("groups.tab.queue")}
          </NavLink>
        ) : null}
        {can.manage ? (
          <>
            <NavLink to={`${base}/review`} className={tabClass}>
              {t("moderation.review.tab")}
            </NavLink>
            <NavLink to={`${base}/loop`} className={tabClass}>
              {t("groups.tab.loop")}
            </NavLink>
            <NavLink to={`${base}/manage`} className={tabClass}>
              {t("groups.tab.manage")}
            </NavLink>
            <NavLink to={`${base}/invitations`} className={tabClass}>
              {t("groups.tab.invitations")}
            </NavLink>
            <NavLink to={`${base}/boards`} className={tabClass}>
              {t("groups.tab.boards")}
            </NavLink>
          </>
        ) : null}
        {can.administer ? (
          <NavLink to={`${base}/settings`} className={tabClass}>
            {t("groups.tab.settings")}
          </NavLink>
        ) : null}
      </ScrollingTabs>
    </div>
  );
}

/**
 * The group's tabs scroll sideways when they do not fit (ten of them for a moderator on a phone). A fade and an
 * arrow at the edge that has more say so; without JavaScript the right edge shows them until the tabs fit.
 */
function ScrollingTabs({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [more, setMore] = useState<{ left: boolean; right: boolean } | null>(null);
  useEffect(() => {
    const nav = ref.current;
    if (!nav) return;
    const update = () => setMore({ left: nav.scrollLeft > 1, right: nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1 });
    // The active tab may start out of view (Boards, Settings): bring it in, the hint then shows what is left.
    // Only the tabs scroll (not scrollIntoView, which would also move the page away from a #comment anchor).
    const tab = nav.querySelector<HTMLElement>("[aria-current=page]");
    if (tab && (tab.offsetLeft < nav.scrollLeft || tab.offsetLeft + tab.offsetWidth > nav.scrollLeft + nav.clientWidth)) nav.scrollLeft = tab.offsetLeft - 16;
    update();
    nav.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      nav.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, []);
  const scrollBy = (dx: number) => ref.current?.scrollBy({ left: dx, behavior: "smooth" });
  const right = more ? more.right : true;
  return (
    <div className="relative mt-4">
      <nav ref={ref} aria-label={label} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {children}
      </nav>
      {more?.left ? (
        <button
          type="button"
          tabIndex={-1}
          aria-hidden="true"
          onClick={() => scrollBy(-160)}
          className="absolute inset-y-0 left-0 flex w-10 items-center justify-start bg-gradient-to-r from-slate-50 via-slate-50/90 to-transparent pl-0.5 text-slate-700"
        >
          <span aria-hidden="true">‹</span>
        </button>
      ) : null}
      {right ? (
        <button
          type="button"
          tabIndex={-1}
          aria-hidden="true"
          onClick={() => scrollBy(160)}
          className={`absolute inset-y-0 right-0 flex w-10 items-center justify-end bg-gradient-to-l from-slate-50 via-slate-50/90 to-transparent pr-0.5 text-slate-700 ${more ? "" : "sm:hidden"}`}
        >
          <span aria-hidden="true">›</span>
        </button>
      ) : null}
    </div>
  );
}

export function RoleBadge({ role, orgRole }: { role: GroupRole; orgRole?: OrgRole }) {
  const t = useT();
  if (orgRole === "staff" || orgRole === "admin") return <span className="badge bg-violet-100 text-violet-900">{t(`roles.${orgRole}`)}</span>;
  if (role === "moderator") return <span className="badge bg-blue-100 text-blue-900">{t("groups.role.moderator")}</span>;
  return null;
}

export function Markdown({ html, className = "" }: { html: string; className?: string }) {
  // The HTML comes from renderMarkdown on the server (HTML input off, links allow-listed).
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

// The avatar moved to its own module; re-exported so pages that import it from here keep working.
export { Avatar } from "./avatar";
