import { and, eq, sql } from "drizzle-orm";
import { db, schema } from "~/db.server";
import type { IdeaStatus } from "~/domain/constants";
import { MODERATED_SQL } from "~/domain/predicates";
import type { Group } from "../../../../db/schema";

const DAY = 86_400_000;

/**
 * How well the group's loop closes: the share of ideas with a staff response, the median time to the first one,
 * how many wait past the target, and ideas by status (withdrawn ones aside, and those moderated away: hidden, held
 * or erased ideas are in no count until restored or approved).
 */
export function loopMetrics({ group, now = Date.now() }: { group: Group; now?: number }) {
  const live = and(eq(schema.ideas.groupId, group.id), sql`${schema.ideas.withdrawnAt} IS NULL`, sql`NOT ${sql.raw(MODERATED_SQL)}`);
  const byStatus = db()
    .select({ status: schema.ideas.status, n: sql<number>`count(*)` })
    .from(schema.ideas)
    .where(live)
    .groupBy(schema.ideas.status)
    .all();
  const counted = and(live, sql`${schema.ideas.listed} = 1`);
  const { total, responded, overdue, waiting } = db()
    .select({
      total: sql<number>`count(*)`,
      responded: sql<number>`coalesce(sum(${schema.ideas.firstResponseAt} IS NOT NULL), 0)`,
      waiting: sql<number>`coalesce(sum(${schema.ideas.waiting} = 1), 0)`,
      overdue: sql<number>`coalesce(sum(${schema.ideas.waiting} = 1 AND ${schema.ideas.createdAt} < ${now - group.responseTargetDays * DAY}), 0)`,
    })
    .from(schema.ideas)
    .where(counted)
    .get()!;
  const times = db()
    .select({ ms: sql<number>`${schema.ideas.firstResponseAt} - ${schema.ideas.createdAt}` })
    .from(schema.ideas)
    .where(and(counted, sql`${schema.ideas.firstResponseAt} IS NOT NULL`))
    .orderBy(sql`1`)
    .all()
    .map((r) => r.ms);
  const median = times.length === 0 ? null : times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  const withinTarget = times.filter((ms) => ms <= group.responseTargetDays * DAY).length;
  return {
    total,
    responded,
    waiting,
    overdue,
    share: total ? responded / total : null,
    medianMs: median,
    withinTarget,
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<IdeaStatus, number>>,
  };
}
