import { db } from "~/db.server";
import { prepareCached } from "~/models/statements.server";
import type { CaseOrigin, ModerationDecision, ModerationItemType, ReportReason } from "~/domain/constants";
import type { ReviewCase, ReviewReporter } from "../review-types";

export type { ReviewCase, ReviewReporter };

// The review queue: one row per moderation case, the item in its context, the reports, and the author's history
// in the group. Auto-hidden cases first, then the oldest; decided cases newest decision first.

export const REVIEW_PAGE_SIZE = 30;
const EXCERPT = 300;

/** Which groups a listing covers: one group, every group (staff), or the groups a person moderates. */
export type ReviewScope = { groupId: string } | { all: true } | { moderatorId: string };

export type ReviewFilters = { state: "open" | "decided"; reason?: ReportReason; type?: ModerationItemType; page: number };

type CaseRow = {
  id: number;
  groupId: string;
  groupSlug: string;
  groupName: string;
  itemType: ModerationItemType;
  itemId: string;
  origin: CaseOrigin;
  state: "open" | "decided";
  openedAt: number;
  reportCount: number;
  autoHiddenAt: number | null;
  appealNote: string | null;
  decision: ModerationDecision | null;
  decidedAt: number | null;
  decidedByName: string | null;
  authorId: string | null;
  authorName: string | null;
  authorRole: string | null;
  ideaNumber: number | null;
  ideaTitle: string | null;
  title: string | null;
  excerpt: string | null;
  parentExcerpt: string | null;
  introName: string | null;
  hiddenAt: number | null;
  heldAt: number | null;
  gone: number;
  earlierHidden: number;
  mutes: number;
  mutedUntil: number | null;
  muted: number;
};

const ITEM_JOINS = `
  LEFT JOIN ideas i ON mc.item_type = 'idea' AND i.id = CAST(mc.item_id AS INTEGER)
  LEFT JOIN comments c ON mc.item_type = 'comment' AND c.id = CAST(mc.item_id AS INTEGER)
  LEFT JOIN ideas ci ON ci.id = c.idea_id
  LEFT JOIN comments pc ON pc.id = c.parent_id
  LEFT JOIN group_posts gp ON mc.item_type = 'update' AND gp.id = mc.item_id
  LEFT JOIN memberships im ON mc.item_type = 'intro' AND im.user_id = mc.item_id AND im.group_id = mc.group_id
  LEFT JOIN users iu ON mc.item_type = 'intro' AND iu.id = mc.item_id`;

const COLUMNS = `mc.id, mc.group_id AS groupId, g.slug AS groupSlug, g.name AS groupName, mc.item_type AS itemType, mc.item_id AS itemId,
  mc.origin, mc.state, mc.opened_at AS openedAt, mc.report_count AS reportCount, mc.auto_hidden_at AS autoHiddenAt, mc.appeal_note AS appealNote,
  mc.decision, mc.decided_at AS decidedAt, du.name AS decidedByName,
  mc.author_id AS authorId, au.name AS authorName, au.role AS authorRole,
  coalesce(i.number, ci.number) AS ideaNumber, coalesce(i.title, ci.title) AS ideaTitle,
  CASE mc.item_type WHEN 'idea' THEN i.title WHEN 'update' THEN gp.title ELSE NULL END AS title,
  substr(CASE mc.item_type WHEN 'idea' THEN i.body WHEN 'comment' THEN c.body WHEN 'update' THEN gp.body ELSE im.intro END, 1, ${EXCERPT}) AS excerpt,
  substr(pc.body, 1, 200) AS parentExcerpt, iu.name AS introName,
  CASE mc.item_type WHEN 'idea' THEN i.hidden_at WHEN 'comment' THEN c.hidden_at WHEN 'update' THEN gp.hidden_at ELSE im.intro_hidden_at END AS hiddenAt,
  CASE mc.item_type WHEN 'idea' THEN i.held_at WHEN 'comment' THEN c.held_at ELSE NULL END AS heldAt,
  CASE mc.item_type
    WHEN 'idea' THEN (i.id IS NULL OR i.erased_at IS NOT NULL OR i.withdrawn_at IS NOT NULL OR i.merged_into_id IS NOT NULL)
    WHEN 'comment' THEN (c.id IS NULL OR c.erased_at IS NOT NULL OR c.deleted_at IS NOT NULL
      OR ci.erased_at IS NOT NULL OR ci.withdrawn_at IS NOT NULL OR ci.merged_into_id IS NOT NULL)
    WHEN 'update' THEN gp.id IS NULL
    ELSE (im.user_id IS NULL OR im.state <> 'active' OR im.intro = '') END AS gone,
  (SELECT count(DISTINCT d.item_type || ' ' || d.item_id) FROM moderation_decisions d
     WHERE d.author_id = mc.author_id AND d.group_id = mc.group_id AND d.decision IN ('hide', 'auto_hide')
       AND d.created_at < mc.opened_at AND NOT (d.item_type = mc.item_type AND d.item_id = mc.item_id)) AS earlierHidden,
  (SELECT count(*) FROM member_mutes mm WHERE mm.group_id = mc.group_id AND mm.user_id = mc.author_id) AS mutes,
  (SELECT max(coalesce(mm.ends_at, 0)) FROM member_mutes mm WHERE mm.group_id = mc.group_id AND mm.user_id = mc.author_id
     AND mm.lifted_at IS NULL AND (mm.ends_at IS NULL OR mm.ends_at > @now)) AS mutedUntil,
  EXISTS (SELECT 1 FROM member_mutes mm WHERE mm.group_id = mc.group_id AND mm.user_id = mc.author_id
     AND mm.lifted_at IS NULL AND (mm.ends_at IS NULL OR mm.ends_at > @now)) AS muted`;

/** An open case worth a reviewer's time: held, appealed, auto-hidden, or with an open report. */
const STILL_REPORTED = "NOT (mc.origin = 'reports' AND mc.report_count = 0 AND mc.auto_hidden_at IS NULL)";

type Params = { now: number; limit: number; offset: number; groupId?: string; moderatorId?: string; reason?: string; type?: string; state: string };

function whereOf(scope: ReviewScope, filters: ReviewFilters) {
  const where = ["mc.state = @state"];
  // Every report withdrawn: nothing left to review (the case stays open for a new report).
  if (filters.state === "open") where.push(STILL_REPORTED);
  const params: Params = { now: 0, limit: REVIEW_PAGE_SIZE, offset: (filters.page - 1) * REVIEW_PAGE_SIZE, state: filters.state };
  if ("groupId" in scope) {
    where.push("mc.group_id = @groupId");
    params.groupId = scope.groupId;
  } else if ("moderatorId" in scope) {
    where.push("mc.group_id IN (SELECT group_id FROM memberships WHERE user_id = @moderatorId AND state = 'active' AND role = 'moderator')");
    params.moderatorId = scope.moderatorId;
  }
  if (filters.type) {
    where.push("mc.item_type = @type");
    params.type = filters.type;
  }
  if (filters.reason) {
    where.push("EXISTS (SELECT 1 FROM reports r WHERE r.case_id = mc.id AND r.reason = @reason AND r.withdrawn_at IS NULL)");
    params.reason = filters.reason;
  }
  return { where: where.join(" AND "), params };
}

/** One page of cases with the item, the reports and the author's history; `total` and `pages` for the pager. */
export function listCases(scope: ReviewScope, filters: ReviewFilters, now = Date.now()): { cases: ReviewCase[]; total: number; pages: number } {
  const { where, params } = whereOf(scope, filters);
  params.now = now;
  const order = filters.state === "open" ? "(mc.auto_hidden_at IS NULL), mc.opened_at, mc.id" : "mc.decided_at DESC, mc.id DESC";
  const rows = prepareCached(
    `SELECT ${COLUMNS} FROM moderation_cases mc JOIN groups g ON g.id = mc.group_id
       LEFT JOIN users au ON au.id = mc.author_id LEFT JOIN users du ON du.id = mc.decided_by ${ITEM_JOINS}
     WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  ).all(params) as CaseRow[];
  const { limit: _l, offset: _o, now: _n, ...countParams } = params;
  const total = (prepareCached(`SELECT count(*) AS n FROM moderation_cases mc WHERE ${where}`).get(countParams) as { n: number }).n;
  const reports = reportsOf(rows.map((r) => r.id));
  const cases = rows.map((r): ReviewCase => {
    const mine = reports.get(r.id) ?? [];
    const counts = new Map<ReportReason, number>();
    for (const rep of mine) counts.set(rep.reason, (counts.get(rep.reason) ?? 0) + 1);
    return {
      id: r.id,
      groupId: r.groupId,
      groupSlug: r.groupSlug,
      groupName: r.groupName,
      itemType: r.itemType,
      itemId: r.itemId,
      origin: r.origin,
      state: r.state,
      openedAt: r.openedAt,
      reportCount: r.reportCount,
      autoHidden: r.autoHiddenAt !== null,
      appealNote: r.appealNote,
      hidden: r.hiddenAt !== null,
      held: r.heldAt !== null,
      gone: r.gone === 1,
      item: { ideaNumber: r.ideaNumber, ideaTitle: r.ideaTitle, title: r.title, excerpt: r.excerpt, parentExcerpt: r.parentExcerpt, introName: r.introName },
      author:
        r.authorId && r.authorName !== null
          ? {
              id: r.authorId,
              name: r.authorName,
              orgRole: r.authorRole ?? "member",
              earlierHidden: r.earlierHidden,
              mutes: r.mutes,
              mutedUntil: r.muted ? r.mutedUntil || null : null,
              muted: r.muted === 1,
            }
          : null,
      reasons: [...counts].map(([reason, count]) => ({ reason, count })),
      reporters: mine,
      decision: r.decision,
      decidedAt: r.decidedAt,
      decidedByName: r.decidedByName,
    };
  });
  return { cases, total, pages: Math.max(1, Math.ceil(total / REVIEW_PAGE_SIZE)) };
}

/** The reports of these cases that were not withdrawn (open ones, or those the decision closed), oldest first. */
function reportsOf(caseIds: number[]): Map<number, ReviewReporter[]> {
  const result = new Map<number, ReviewReporter[]>();
  if (caseIds.length === 0) return result;
  const rows = db()
    .$client.prepare(
      `SELECT r.case_id AS caseId, u.name, r.reason, r.note FROM reports r JOIN users u ON u.id = r.reporter_id
       WHERE r.case_id IN (SELECT value FROM json_each(?)) AND r.withdrawn_at IS NULL ORDER BY r.created_at, r.id`,
    )
    .all(JSON.stringify(caseIds)) as { caseId: number; name: string; reason: ReportReason; note: string | null }[];
  for (const { caseId, ...rep } of rows) {
    const list = result.get(caseId) ?? [];
    list.push(rep);
    result.set(caseId, list);
  }
  return result;
}

/**
 * Open cases for the header badge: in the groups where the person is an active moderator; staff and admins: every
 * group.
 */
export function countOpenCases(user: { id: string; role: string }): number {
  if (user.role === "staff" || user.role === "admin") {
    return (prepareCached(`SELECT count(*) AS n FROM moderation_cases mc WHERE mc.state = 'open' AND ${STILL_REPORTED}`).get() as { n: number }).n;
  }
  return (
    prepareCached(
      `SELECT count(*) AS n FROM moderation_cases mc WHERE mc.state = 'open' AND ${STILL_REPORTED}
         AND mc.group_id IN (SELECT group_id FROM memberships WHERE user_id = ? AND state = 'active' AND role = 'moderator')`,
    ).get(user.id) as { n: number }
  ).n;
}

/** The groups the person is an active moderator of (for /review: moderators see their own groups there). */
export function moderatedGroupIds(userId: string): string[] {
  return (
    prepareCached("SELECT group_id AS id FROM memberships WHERE user_id = ? AND state = 'active' AND role = 'moderator'").all(userId) as { id: string }[]
  ).map((r) => r.id);
}
