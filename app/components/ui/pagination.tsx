import { Link, useLocation } from "@remix-run/react";
import { useT } from "../i18n";

/** Previous/next links that keep every other query parameter, so filtered views stay shareable. */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const t = useT();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav aria-label={t("common.pageOf", { page, pages })} className="mt-4 flex items-center justify-between gap-2 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="btn-secondary">
          {t("common.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-700">{t("common.pageOf", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="btn-secondary">
          {t("common.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
