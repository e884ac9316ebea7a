import { and, desc, eq, gte, inArray, lt, notInArray, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { AuditIdea, AuditRow, AuditSubject } from "~/schemas/audit";
import type { Conn } from "./types";

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  groupId?: string | null;
  details?: Record<string, unknown>;
};

/** Written in the same transaction as the change it records. */
export function recordAudit(conn: Conn, entry: AuditInput): void {
  conn
    .insert(schema.auditLog)
    .values({ ...entry, targetId: entry.targetId ?? null, groupId: entry.groupId ?? null, details: entry.details ?? {} })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

/** Staff-only actions (internal notes) are left out of what moderators, who may be customers, see. */
export const STAFF_ONLY_ACTIONS = ["idea.note"];

export type AuditFilter = { actorId?: string; action?: string; groupId?: string; from?: number; to?: number; hide?: string[] };

const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : null);

function whereOf(f: AuditFilter) {
  const a = schema.auditLog;
  return and(
    f.groupId ? eq(a.groupId, f.groupId) : undefined,
    f.actorId ? eq(a.actorId, f.actorId) : undefined,
    f.action ? eq(a.action, f.action) : undefined,
    f.from !== undefined ? gte(a.createdAt, f.from) : undefined,
    f.to !== undefined ? lt(a.createdAt, f.to) : undefined,
    f.hide?.length ? notInArray(a.action, f.hide) : undefined,
  );
}

/**
 * One page of the log, newest first, with every row's target resolved for reading. However long the page, that
 * is a fixed number of queries (the rows, their count, then at most one each for ideas, people, boards and tags),
 * never one per row.
 */
export function listAudit({ page, pageSize = AUDIT_PAGE_SIZE, ...filter }: AuditFilter & { page: number; pageSize?: number }): {
  rows: AuditRow[];
  total: number;
  pages: number;
} {
  const where = whereOf(filter);
  const raw = db()
    .select({
      id: schema.auditLog.id,
      action: schema.auditLog.action,
      targetType: schema.auditLog.targetType,
      targetId: schema.auditLog.targetId,
      groupId: schema.auditLog.groupId,
      details: schema.auditLog.details,
      createdAt: schema.auditLog.createdAt,
      actorId: schema.auditLog.actorId,
      actorName: schema.users.name,
      groupName: schema.groups.name,
      groupSlug: schema.groups.slug,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.actorId))
    .leftJoin(schema.groups, eq(schema.groups.id, schema.auditLog.groupId))
    .where(where)
    .orderBy(desc(schema.auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total =
    db()
      .select({ n: sql<number>`count(*)` })
      .from(schema.auditLog)
      .where(where)
      .get()?.n ?? 0;
  return { rows: resolve(raw), total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

type Raw = {
  id: number;
  action: string;
  targetType: string;
  targetId: string | null;
  groupId: string | null;
  details: Record<string, unknown>;
  createdAt: number;
  actorId: string | null;
  actorName: string | null;
  groupName: string | null;
  groupSlug: string | null;
};

function resolve(raw: Raw[]): AuditRow[] {
  const ideaIds = new Set<number>();
  const ideaNumbers = new Map<string, Set<number>>(); // group id -> numbers (merge targets are stored by number)
  const userIds = new Set<string>();
  const boardIds = new Set<number>();
  const tagIds = new Set<number>();
  for (const r of raw) {
    const d = r.details ?? {};
    if (r.targetType === "idea" && r.targetId && /^\d+$/.test(r.targetId)) ideaIds.add(Number(r.targetId));
    if (r.groupId && num(d.into) !== null) (ideaNumbers.get(r.groupId) ?? ideaNumbers.set(r.groupId, new Set()).get(r.groupId)!).add(num(d.into)!);
    if ((r.targetType === "user" || r.targetType === "intro") && r.targetId) userIds.add(r.targetId);
    if (r.targetType === "board" && r.targetId && /^\d+$/.test(r.targetId)) boardIds.add(Number(r.targetId));
    if (r.action === "idea.tags" && Array.isArray(d.tagIds)) for (const t of d.tagIds) if (Number.isSafeInteger(t)) tagIds.add(t as number);
  }
  const c = db().$client;
  const ideas = new Map<number, { number: number; title: string; slug: string }>();
  const byNumber = new Map<string, { title: string }>();
  if (ideaIds.size > 0 || ideaNumbers.size > 0) {
    const ids = [...ideaIds];
    const pairs = [...ideaNumbers].flatMap(([g, ns]) => [...ns].map((n) => [g, n] as const));
    const clauses = [ids.length ? `i.id IN (${ids.map(() => "?").join(",")})` : null, ...pairs.map(() => "(i.group_id = ? AND i.number = ?)")].filter(Boolean);
    const found = c
      .prepare(`SELECT i.id, i.group_id AS groupId, i.number, i.title, g.slug FROM ideas i JOIN groups g ON g.id = i.group_id WHERE ${clauses.join(" OR ")}`)
      .all(...ids, ...pairs.flat()) as { id: number; groupId: string; number: number; title: string; slug: string }[];
    for (const i of found) {
      ideas.set(i.id, i);
      byNumber.set(`${i.groupId}:${i.number}`, i);
    }
  }
  // Names only: the group's log is also read by moderators, who may be customers and are not shown other
  // people's addresses (the page never rendered them, but loader data reaches the browser all the same).
  const people = new Map<string, { name: string }>();
  if (userIds.size > 0) {
    for (const u of db()
      .select({ id: schema.users.id, name: schema.users.name })
      .from(schema.users)
      .where(inArray(schema.users.id, [...userIds]))
      .all())
      people.set(u.id, u);
  }
  const boards = new Map<number, { name: string; slug: string }>();
  if (boardIds.size > 0) {
    for (const b of db()
      .select({ id: schema.boards.id, name: schema.boards.name, slug: schema.boards.slug })
      .from(schema.boards)
      .where(inArray(schema.boards.id, [...boardIds]))
      .all())
      boards.set(b.id, b);
  }
  const tags = new Map<number, string>();
  if (tagIds.size > 0) {
    for (const t of db()
      .select({ id: schema.tags.id, name: schema.tags.name })
      .from(schema.tags)
      .where(inArray(schema.tags.id, [...tagIds]))
      .all())
      tags.set(t.id, t.name);
  }

  return raw.map((r): AuditRow => {
    const d = r.details ?? {};
    const groupHref = r.groupSlug ? `/g/${r.groupSlug}` : null;
    const ideaOf = (n: number | null, found: { title: string } | undefined): AuditIdea | null =>
      n === null ? null : { number: n, title: found?.title ?? null, href: found && groupHref ? `${groupHref}/ideas/${n}` : null };
    let subject: AuditSubject = { type: "none" };
    if (r.action.startsWith("moderation.")) return { ...base(r), subject: moderationSubject(r, groupHref, people) };
    switch (r.targetType) {
      case "idea": {
        const found = r.targetId ? ideas.get(Number(r.targetId)) : undefined;
        const number = found?.number ?? num(d.number) ?? num(d.from);
        const idea = ideaOf(number, found);
        if (idea) {
          const into = r.groupId && num(d.into) !== null ? ideaOf(num(d.into), byNumber.get(`${r.groupId}:${num(d.into)}`)) : null;
          const tagNames =
            r.action === "idea.tags" && Array.isArray(d.tagIds) ? d.tagIds.map((t) => tags.get(t as number)).filter((t): t is string => Boolean(t)) : undefined;
          subject = { type: "idea", idea, ...(into ? { into } : {}), ...(tagNames ? { tags: tagNames } : {}) };
        }
        break;
      }
      case "user": {
        const p = r.targetId ? people.get(r.targetId) : undefined;
        const name = p?.name ?? str(d.name) ?? str(d.email);
        if (name) subject = { type: "person", name, email: str(d.email) };
        break;
      }
      case "group":
        subject = { type: "group", name: r.groupName ?? str(d.name) ?? "—", href: r.groupName ? groupHref : null };
        break;
      case "board": {
        const b = r.targetId ? boards.get(Number(r.targetId)) : undefined;
        subject = {
          type: "board",
          name: b?.name ?? str(d.name) ?? "—",
          href: b && groupHref ? `${groupHref}/ideas?board=${encodeURIComponent(b.slug)}` : null,
        };
        break;
      }
      case "org":
        subject = { type: "org" };
        break;
      default: {
        const text = str(d.email) ?? str(d.title) ?? str(d.name);
        if (text) subject = { type: "text", text };
      }
    }
    const from = str(d.from);
    const to = str(d.to);
    const change =
      from && to
        ? { kind: r.action === "idea.status" ? ("status" as const) : r.action === "user.role" ? ("orgRole" as const) : ("role" as const), from, to }
        : null;
    return {
      id: r.id,
      action: r.action,
      createdAt: r.createdAt,
      actor: r.actorId && r.actorName !== null ? { id: r.actorId, name: r.actorName } : null,
      group: r.groupName !== null && groupHref ? { name: r.groupName, href: groupHref } : null,
      subject,
      change,
      reason: str(d.reason),
    };
  });
}

const base = (r: Raw) => ({
  id: r.id,
  action: r.action,
  createdAt: r.createdAt,
  actor: r.actorId && r.actorName !== null ? { id: r.actorId, name: r.actorName } : null,
  group: r.groupName !== null && r.groupSlug ? { name: r.groupName, href: `/g/${r.groupSlug}` } : null,
  change: null,
  reason: str(r.details?.reason),
});

/**
 * A moderation entry in words, from what the command put in its details ({ number, title, decision, reason,
 * name, length }): never the text of the item (an erased item's words are gone), only where it was.
 */
function moderationSubject(r: Raw, groupHref: string | null, people: Map<string, { name: string }>): AuditSubject {
  const d = r.details ?? {};
  const number = num(d.number);
  const title = str(d.title);
  const person = r.targetId && (r.targetType === "user" || r.targetType === "intro") ? people.get(r.targetId) : undefined;
  const name = person?.name ?? str(d.name);
  const setting = (v: unknown) => (typeof v === "number" ? String(v) : v === null ? "off" : null);
  const from = setting(d.from);
  const to = setting(d.to);
  const commentId = r.targetType === "comment" && r.targetId && /^\d+$/.test(r.targetId) ? r.targetId : null;
  const href =
    groupHref && number !== null && (r.targetType === "idea" || r.targetType === "comment")
      ? `${groupHref}/ideas/${number}${commentId ? `?comment=${commentId}#comment-${commentId}` : ""}`
      : null;
  return {
    type: "moderation",
    itemType: r.targetType,
    number,
    title,
    name,
    length: str(d.length),
    settings: r.action === "moderation.settings" && from && to ? { from, to } : null,
    href,
  };
}

/** Who appears in the log (for the actor filter), by name: one pass over the log's actors. */
export function listAuditActors({ groupId, limit = 500 }: { groupId?: string; limit?: number } = {}) {
  return db()
    .selectDistinct({ id: schema.users.id, name: schema.users.name })
    .from(schema.auditLog)
    .innerJoin(schema.users, eq(schema.users.id, schema.auditLog.actorId))
    .where(groupId ? eq(schema.auditLog.groupId, groupId) : undefined)
    .orderBy(schema.users.name)
    .limit(limit)
    .all();
}

/** The groups for the group filter, by name. */
export function listAuditGroups() {
  return db().select({ id: schema.groups.id, name: schema.groups.name }).from(schema.groups).orderBy(schema.groups.name).all();
}
