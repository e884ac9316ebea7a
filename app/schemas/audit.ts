// The audit log as the browser sees it (rows resolved for reading) and the filters of its pages, parsed with zod.
import { z } from "zod";
import { pageParam } from "./fields";

/** An idea as a log row names it: "#10 Title", linking to the idea while it still exists. */
export type AuditIdea = { number: number; title: string | null; href: string | null };

/**
 * What a log row is about, resolved for reading: titles, names and links instead of ids. Codes that the page
 * translates (statuses, roles) stay codes here; `change.kind` says which vocabulary they belong to.
 */
export type AuditSubject =
  | { type: "idea"; idea: AuditIdea; into?: AuditIdea; tags?: string[] }
  | { type: "person"; name: string; email: string | null }
  | { type: "group"; name: string; href: string | null }
  | { type: "board"; name: string; href: string | null }
  | { type: "text"; text: string }
  | { type: "org" }
  /** A moderation decision (issue 13): the item in words (idea #12 "Title", comment on #12, update, intro) or the muted person. */
  | {
      type: "moderation";
      itemType: string;
      number: number | null;
      title: string | null;
      name: string | null;
      length: string | null;
      settings: { from: string; to: string } | null;
      href: string | null;
    }
  | { type: "none" };

export type AuditRow = {
  id: number;
  action: string;
  createdAt: number;
  actor: { id: string; name: string } | null;
  group: { name: string; href: string } | null;
  subject: AuditSubject;
  change: { kind: "status" | "role" | "orgRole"; from: string; to: string } | null;
  reason: string | null;
};

// Years 1000–9998: Date.UTC reads years below 100 as 19xx, and the day after 9999-12-31 has no YYYY-MM-DD
// form (the "to" filter asks for it), which made /admin/audit?to=9999-12-31 a 500.
const day = z
  .string()
  .regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  .refine((v) => !v.startsWith("9999-"))
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));
const blank = (v: unknown) => (v === "" ? undefined : v);

/** Each filter on its own: one that cannot be read is left out (and named, so the page can say so), never a 500. */
export const auditFilterFields = {
  actor: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
  ),
  action: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z_]{1,30}\.[a-z_]{1,30}$/)
      .optional(),
  ),
  group: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
  ),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
};
export type AuditQuery = { actor?: string; action?: string; group?: string; from?: string; to?: string; page: number };

export function parseAuditQuery(
  params: URLSearchParams,
  fields: readonly (keyof typeof auditFilterFields)[] = ["actor", "action", "group", "from", "to"],
): { query: AuditQuery; invalid: string[] } {
  const query: AuditQuery = { page: pageParam.parse(params.get("page") ?? undefined) };
  const invalid: string[] = [];
  for (const name of fields) {
    // A repeated parameter is someone else's URL, not a form of ours: it counts as unreadable.
    const values = params.getAll(name);
    const parsed = values.length > 1 ? null : auditFilterFields[name].safeParse(values[0] ?? undefined);
    if (parsed?.success) {
      if (parsed.data !== undefined) query[name] = parsed.data;
    } else invalid.push(name);
  }
  if (query.from && query.to && query.from > query.to) {
    invalid.push("to");
    delete query.to;
  }
  return { query, invalid };
}
