import { isMessageKey } from "~/i18n";
import { useFormat, useT } from "./i18n";

type Row = { id: number; action: string; targetType: string; targetId: string | null; details: unknown; createdAt: number; actorName: string | null; groupName: string | null };

/** The audit log as a table: the admin page shows every group, a group's manage page only its own. */
export function AuditTable({ rows, showGroup = false }: { rows: Row[]; showGroup?: boolean }) {
  const t = useT();
  const format = useFormat();
  // Roles in the details are stored as codes ("staff", "moderator"); show them in the reader's language.
  const label = (code: string) => {
    const key = [`roles.${code}`, `groups.role.${code}`].find(isMessageKey);
    return key ? t(key) : code;
  };
  return (
    // Focusable so keyboard users can scroll the table sideways on a phone.
    <div className="card overflow-x-auto p-0 sm:p-0" tabIndex={0} role="region" aria-label={t("admin.audit.title")}>
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2">{t("admin.audit.colTime")}</th>
            <th scope="col" className="px-4 py-2">{t("admin.audit.colActor")}</th>
            <th scope="col" className="px-4 py-2">{t("admin.audit.colAction")}</th>
            <th scope="col" className="px-4 py-2">{t("admin.audit.colTarget")}</th>
            {showGroup ? <th scope="col" className="px-4 py-2">{t("admin.audit.colGroup")}</th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((r) => {
            const key = `admin.audit.action.${r.action}`;
            const details = r.details as Record<string, unknown>;
            const target = typeof details.email === "string" ? details.email : typeof details.name === "string" ? details.name : typeof details.title === "string" ? details.title : `${r.targetType} ${r.targetId ?? ""}`;
            return (
              <tr key={r.id}>
                <td className="whitespace-nowrap px-4 py-2">{format.dateTime(r.createdAt)}</td>
                <td className="px-4 py-2">{r.actorName ?? t("admin.audit.system")}</td>
                <td className="px-4 py-2">{isMessageKey(key) ? t(key) : r.action}</td>
                <td className="break-all px-4 py-2 text-slate-700">
                  {target}
                  {typeof details.from === "string" && typeof details.to === "string" ? ` (${label(details.from)} → ${label(details.to)})` : null}
                  {typeof details.reason === "string" && details.reason ? ` — “${details.reason}”` : null}
                </td>
                {showGroup ? <td className="px-4 py-2">{r.groupName ?? "—"}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
