import { Link } from "@remix-run/react";
import { isMessageKey } from "~/i18n";
import type { AuditIdea, AuditRow } from "~/schemas/audit";
import { useFormat, useT } from "./i18n";

/** The audit log as a table: the admin page shows every group, a group's manage page only its own. */
export function AuditTable({ rows, showGroup = false, label }: { rows: AuditRow[]; showGroup?: boolean; label?: string }) {
  const t = useT();
  const format = useFormat();
  // Statuses and roles are stored as codes ("planned", "moderator"); show them in the reader's language.
  const code = (kind: NonNullable<AuditRow["change"]>["kind"], value: string) => {
    const candidates = kind === "status" ? [`ideas.status.${value}`] : kind === "orgRole" ? [`roles.${value}`] : [`groups.role.${value}`, `roles.${value}`];
    const key = candidates.find(isMessageKey);
    return key ? t(key) : value;
  };
  return (
    // Focusable so keyboard users can scroll the table sideways on a phone.
    <div className="card overflow-x-auto p-0 sm:p-0" tabIndex={0} role="region" aria-label={label ?? t("admin.audit.title")}>
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2">
              {t("admin.audit.colTime")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("admin.audit.colActor")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("admin.audit.colAction")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("admin.audit.colTarget")}
            </th>
            {showGroup ? (
              <th scope="col" className="px-4 py-2">
                {t("admin.audit.colGroup")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((r) => {
            // Moderation's actions are worded by its own messages ("Hid", "Muted"), the rest by the admin log's.
            const key = r.action.startsWith("moderation.") ? `moderation.log.action.${r.action.slice("moderation.".length)}` : `admin.audit.action.${r.action}`;
            return (
              <tr key={r.id} className="align-top">
                <td className="whitespace-nowrap px-4 py-2">{format.dateTime(r.createdAt)}</td>
                <td className="break-words px-4 py-2">{r.actor?.name ?? t("admin.audit.system")}</td>
                <td className="break-words px-4 py-2">{isMessageKey(key) ? t(key) : r.action}</td>
                <td className="min-w-[12rem] break-words px-4 py-2 text-slate-700">
                  <Subject row={r} />
                  {r.change ? ` (${code(r.change.kind, r.change.from)} → ${code(r.change.kind, r.change.to)})` : null}
                  {r.reason ? ` — “${r.reason}”` : null}
                </td>
                {showGroup ? <td className="break-words px-4 py-2">{r.group ? <Link to={r.group.href}>{r.group.name}</Link> : "—"}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function IdeaName({ idea }: { idea: AuditIdea }) {
  const t = useT();
  const text = idea.title ? t("admin.audit.idea", { number: idea.number, title: idea.title }) : `#${idea.number}`;
  return idea.href ? <Link to={idea.href}>{text}</Link> : <>{text}</>;
}

function Subject({ row }: { row: AuditRow }) {
  const t = useT();
  const s = row.subject;
  switch (s.type) {
    case "idea":
      return (
        <>
          <IdeaName idea={s.idea} />
          {s.into ? (
            <>
              {" → "}
              <IdeaName idea={s.into} />
            </>
          ) : null}
          {s.tags ? `: ${s.tags.length ? s.tags.join(", ") : t("admin.audit.noTags")}` : null}
        </>
      );
    case "person":
      return <>{s.name}</>;
    case "group":
    case "board":
      return s.href ? <Link to={s.href}>{s.name}</Link> : <>{s.name}</>;
    case "text":
      return <>{s.text}</>;
    case "org":
      return <>{t("admin.audit.org")}</>;
    case "moderation":
      return <ModerationSubject subject={s} />;
    case "none":
      return <>—</>;
  }
}

/** One filter of a log page's GET form (works without JavaScript): "any" or one of the options. */
export function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}) {
  const t = useT();
  return (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`audit-${name}`} name={name} defaultValue={value ?? ""} className="input mt-1">
        <option value="">{t("admin.audit.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const MODERATION_ITEM_TYPES = ["idea", "comment", "update", "intro"];
const MUTE_LENGTHS = ["1d", "1w", "30d", "lifted"];

/** A moderation entry's subject in words: "comment on #12 “Title”", "Name for 1 week", "auto-hide after 3 → 5 reports". */
function ModerationSubject({ subject: s }: { subject: Extract<AuditRow["subject"], { type: "moderation" }> }) {
  const t = useT();
  const word = (key: string, params?: Record<string, string | number>) => (isMessageKey(key) ? t(key, params) : "");
  if (s.settings) {
    const value = (v: string) => (v === "off" ? word("moderation.log.settingOff") : v);
    return <>{word("moderation.log.settings", { from: value(s.settings.from), to: value(s.settings.to) })}</>;
  }
  if (s.itemType === "user") {
    const name = s.name ?? "—";
    return <>{s.length && MUTE_LENGTHS.includes(s.length) ? word(`moderation.log.mute.${s.length}`, { name }) : name}</>;
  }
  const type = MODERATION_ITEM_TYPES.includes(s.itemType) ? s.itemType : "idea";
  const text =
    (type === "idea" || type === "comment") && s.number === null
      ? word(`moderation.log.itemBare.${type}`)
      : (type === "idea" || type === "comment") && !s.title
        ? word(`moderation.log.itemNumber.${type}`, { number: s.number ?? "" }) // erased: the number, no empty quotes
        : word(`moderation.log.item.${type}`, { number: s.number ?? "", title: s.title ?? "", name: s.name ?? "" });
  return s.href ? <Link to={s.href}>{text}</Link> : <>{text}</>;
}
