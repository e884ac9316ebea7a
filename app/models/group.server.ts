import { and, asc, desc, eq, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { db, schema } from "~/db.server";
import { MODERATED_SQL } from "~/domain/predicates";
import { translate } from "~/i18n";
import { slugify } from "~/utils/slug";
import { nextDay, zonedDay, zonedDayStart } from "~/utils/time-zone";
import { isOrgStaff, isReadOnly } from "~/policy";
import type { Group, JoinPolicy, OrgRole } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { insertBoard } from "./board.server";
import { getOrgSettings } from "./org.server";
import { preparedOnce } from "./statements.server";

export type GroupInput = {
  name: string;
  slug: string;
  description: string;
  joinPolicy: JoinPolicy;
  screeningQuestion: string | null;
  responseTargetDays: number;
  capacity: number | null;
  startsAt: number | null;
  endsAt: number | null;
};

// Read on every request inside a group (by slug) and by every group command (by id): statements prepared once.
const GROUP_COLUMNS = `id, slug, name, description, join_policy AS joinPolicy, screening_question AS screeningQuestion, response_target_days AS responseTargetDays,
       capacity, starts_at AS startsAt, ends_at AS endsAt, archived_at AS archivedAt, member_count AS memberCount, waiting_count AS waitingCount,
       auto_hide_threshold AS autoHideThreshold, hold_first_posts AS holdFirstPosts, created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt`;
const groupBySlug = preparedOnce((c) => c.prepare<[string], Group>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE slug = ?`));
const groupById = preparedOnce((c) => c.prepare<[string], Group>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE id = ?`));

export function findGroupBySlug(slug: string): Group | null {
  return groupBySlug().get(slug) ?? null;
}

export function findGroupById(id: string): Group | null {
  return groupById().get(id) ?? null;
}

// Groups and boards share one slug rule; it lives apart so board.server need not import this module.
export { slugify } from "~/utils/slug";

/**
 * A new group comes with its first board, named in the organisation's default language and renamable on the
 * boards page, so members can share ideas from the first minute ("Share an idea" never leads to "no board takes
 * new ideas"). `firstBoard: false` is for callers that make their own boards (the demo seed, tests).
 */
export function createGroup({
  actorId,
  input,
  firstBoard = true,
}: {
  actorId: string | null;
  input: GroupInput;
  firstBoard?: boolean;
}): { ok: true; slug: string; id: string } | { ok: false; error: "slugTaken" } {
  return db().transaction(
    (tx) => {
      const created = tx
        .insert(schema.groups)
        .values({ id: generateIdFromEntropySize(10), ...input, createdBy: actorId })
        .onConflictDoNothing({ target: schema.groups.slug })
        .returning()
        .get();
      if (!created) return { ok: false as const, error: "slugTaken" as const };
      recordAudit(tx, {
        actorId,
        action: "group.create",
        targetType: "group",
        targetId: created.id,
        groupId: created.id,
        details: { name: created.name, slug: created.slug },
      });
      if (firstBoard) {
        const locale = getOrgSettings().defaultLocale;
        insertBoard(tx, {
          groupId: created.id,
          actorId,
          name: translate(locale, "boards.first.name"),
          description: translate(locale, "boards.first.description"),
        });
      }
      return { ok: true as const, slug: created.slug, id: created.id };
    },
    { behavior: "immediate" },
  );
}

export function updateGroup({
  actorId,
  groupId,
  input,
}: {
  actorId: string;
  groupId: string;
  input: GroupInput;
}): { ok: true; slug: string } | { ok: false; error: "slugTaken" | "capacityBelowMembers"; members?: number } {
  return db().transaction(
    (tx) => {
      const current = tx.select().from(schema.groups).where(eq(schema.groups.id, groupId)).get();
      if (!current) throw new Error(`group ${groupId} not found`); // the route loaded it a moment ago
      const clash = tx
        .select({ id: schema.groups.id })
        .from(schema.groups)
        .where(and(eq(schema.groups.slug, input.slug), sql`${schema.groups.id} <> ${groupId}`))
        .get();
      if (clash) return { ok: false as const, error: "slugTaken" as const };
      if (input.capacity !== null && input.capacity < current.memberCount)
        return { ok: false as const, error: "capacityBelowMembers" as const, members: current.memberCount };
      tx.update(schema.groups)
        .set({ ...input, updatedAt: Date.now() })
        .where(eq(schema.groups.id, groupId))
        .run();
      const changed = (Object.keys(input) as (keyof GroupInput)[]).filter((k) => current[k] !== input[k]);
      recordAudit(tx, { actorId, action: "group.update", targetType: "group", targetId: groupId, groupId, details: { changed } });
      return { ok: true as const, slug: input.slug };
    },
    { behavior: "immediate" },
  );
}

export function setGroupArchived({ actorId, groupId, archived }: { actorId: string; groupId: string; archived: boolean }): void {
  db().transaction(
    (tx) => {
      tx.update(schema.groups)
        .set({ archivedAt: archived ? Date.now() : null, updatedAt: Date.now() })
        .where(eq(schema.groups.id, groupId))
        .run();
      recordAudit(tx, { actorId, action: archived ? "group.archive" : "group.restore", targetType: "group", targetId: groupId, groupId });
    },
    { behavior: "immediate" },
  );
}

const listColumns = {
  id: schema.groups.id,
  slug: schema.groups.slug,
  name: schema.groups.name,
  description: schema.groups.description,
  joinPolicy: schema.groups.joinPolicy,
  memberCount: schema.groups.memberCount,
  capacity: schema.groups.capacity,
  archivedAt: schema.groups.archivedAt,
  endsAt: schema.groups.endsAt,
  startsAt: schema.groups.startsAt,
};

/**
 * What a signed-in person sees on the front page: the groups they belong to (all of them for staff and
 * admins), and the groups that take requests or open joins, which a member may ask to enter. Invitation-only
 * groups stay invisible to everyone outside them.
 */
export function listGroupsForUser(user: { id: string; role: OrgRole }) {
  const staff = isOrgStaff(user.role);
  const now = Date.now();
  const rows = db()
    .select({ ...listColumns, state: schema.memberships.state, groupRole: schema.memberships.role })
    .from(schema.groups)
    .leftJoin(schema.memberships, and(eq(schema.memberships.groupId, schema.groups.id), eq(schema.memberships.userId, user.id)))
    .where(
      staff
        ? undefined
        : sql`${schema.memberships.state} = 'active' OR (${schema.groups.joinPolicy} IN ('request', 'open') AND ${schema.groups.archivedAt} IS NULL)`,
    )
    .orderBy(asc(schema.groups.name))
    .all()
    .map((g) => ({ ...g, ended: g.endsAt !== null && g.endsAt <= now }));
  const visible = staff ? rows : rows.filter((g) => g.state === "active");
  return {
    mine: visible.filter((g) => g.archivedAt === null),
    archived: visible.filter((g) => g.archivedAt !== null),
    joinable: staff ? [] : rows.filter((g) => g.state !== "active" && g.state !== "banned" && !isReadOnly(g, now)),
  };
}

/** A group that a member may ask to join: request or open policy, and not read-only. */
export function findJoinableGroup(slug: string) {
  const group = findGroupBySlug(slug);
  return group && group.joinPolicy !== "invite" && !isReadOnly(group) ? group : null;
}

export function newestMembers(groupId: string, limit = 6) {
  return db()
    .select({
      id: schema.users.id,
      name: schema.users.name,
      role: schema.memberships.role,
      joinedAt: schema.memberships.joinedAt,
      // A hidden introduction is left out of the home page's aside for everyone (reviewers see it on the profile).
      intro: sql<string>`CASE WHEN ${schema.memberships.introHiddenAt} IS NULL THEN ${schema.memberships.intro} ELSE '' END`,
    })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.state, "active")))
    .orderBy(desc(schema.memberships.joinedAt))
    .limit(limit)
    .all();
}

/**
 * Who took part lately: members with the most ideas and comments since `since`, most active first. Both
 * tables are read through their (group_id, created_at) index.
 */
const activeMembersStatement = preparedOnce((c) =>
  c.prepare<{ groupId: string; since: number; limit: number }, { id: string; name: string; role: "member" | "moderator"; ideas: number; comments: number }>(
    `SELECT u.id, u.name, m.role, sum(a.kind = 'idea') AS ideas, sum(a.kind = 'comment') AS comments
       FROM (
         SELECT author_id, 'idea' AS kind FROM ideas WHERE group_id = @groupId AND created_at >= @since AND withdrawn_at IS NULL AND NOT ${MODERATED_SQL}
         UNION ALL
         SELECT author_id, 'comment' FROM comments WHERE group_id = @groupId AND created_at >= @since AND listed = 1
       ) a
       JOIN users u ON u.id = a.author_id
       JOIN memberships m ON m.group_id = @groupId AND m.user_id = u.id AND m.state = 'active'
       GROUP BY u.id
       ORDER BY count(*) DESC, u.name
       LIMIT @limit`,
  ),
);

export function activeMembers(groupId: string, since: number, limit = 6) {
  return activeMembersStatement().all({ groupId, since, limit });
}

/** Form values (calendar days in the organisation's time zone) to stored instants: the pilot ends when its last day does. */
export function groupInputFromForm(
  v: Omit<GroupInput, "startsAt" | "endsAt" | "capacity" | "slug"> & { slug?: string; capacity?: number; startsOn?: string; endsOn?: string },
): GroupInput {
  const { timeZone } = getOrgSettings();
  const derived = slugify(v.name);
  return {
    name: v.name,
    // Without a slug of their own, names like "Äö" still get a usable address.
    slug: v.slug || (derived.length >= 3 ? derived : `${derived || "group"}-${generateIdFromEntropySize(3).toLowerCase()}`),
    description: v.description,
    joinPolicy: v.joinPolicy,
    screeningQuestion: v.joinPolicy === "request" ? v.screeningQuestion : null,
    responseTargetDays: v.responseTargetDays,
    capacity: v.capacity ?? null,
    startsAt: v.startsOn ? zonedDayStart(v.startsOn, timeZone) : null,
    endsAt: v.endsOn ? zonedDayStart(nextDay(v.endsOn), timeZone) : null,
  };
}

/** The reverse of groupInputFromForm, for a form's default values. */
export function groupFormDefaults(group: Group) {
  const { timeZone } = getOrgSettings();
  return {
    name: group.name,
    slug: group.slug,
    description: group.description,
    joinPolicy: group.joinPolicy,
    screeningQuestion: group.screeningQuestion ?? "",
    responseTargetDays: String(group.responseTargetDays),
    capacity: group.capacity === null ? "" : String(group.capacity),
    startsOn: group.startsAt === null ? "" : zonedDay(group.startsAt, timeZone),
    endsOn: group.endsAt === null ? "" : zonedDay(group.endsAt - 1, timeZone),
  };
}

export type SetupChecklist = { boards: boolean; tags: boolean; description: boolean; invitations: boolean };

const setupStatement = preparedOnce((c) =>
  c.prepare<{ groupId: string }, { boards: number; tags: number; description: number; invitations: number }>(
    `SELECT
       (SELECT count(*) > 1 OR coalesce(max(updated_at > created_at), 0) FROM boards WHERE group_id = @groupId) AS boards,
       EXISTS (SELECT 1 FROM tags WHERE group_id = @groupId) AS tags,
       (SELECT trim(description) <> '' FROM groups WHERE id = @groupId) AS description,
       EXISTS (SELECT 1 FROM invitations WHERE group_id = @groupId)
         OR EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
                    WHERE m.group_id = @groupId AND m.state = 'active' AND m.user_id IS NOT g.created_by) AS invitations`,
  ),
);

/**
 * What a new group still needs before members arrive, read from the data itself (so an item is checked however
 * it got done): the boards looked at (renamed, described, closed or a second one), tags, a description, and
 * people (an invitation sent, or a member other than whoever created the group). One query.
 */
export function setupChecklist(groupId: string): SetupChecklist {
  const row = setupStatement().get({ groupId })!;
  return { boards: row.boards === 1, tags: row.tags === 1, description: row.description === 1, invitations: row.invitations === 1 };
}
