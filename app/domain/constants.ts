// The domain's fixed sets of values. db/schema.ts builds its column enums from these, and forms, components and
// dictionaries import them from here: this module imports nothing, so importing it brings none of drizzle or of
// the schema's table and column names into the browser bundle (tests/unit/bundle.test.ts checks the build).

export const ORG_ROLES = ["admin", "staff", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const LOCALES = ["fi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const EMAIL_CHOICES = ["immediately", "off"] as const;
export type EmailChoice = (typeof EMAIL_CHOICES)[number];

/** Single-use links: password reset and first-time account setup. */
export const TOKEN_PURPOSES = ["reset", "setup"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** "withheld": about an idea or comment a moderator hid before it went out (issue 13). */
export const OUTBOX_STATUSES = ["pending", "sent", "failed", "logged", "withheld"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const JOIN_POLICIES = ["invite", "request", "open"] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

/** "invited" lives in the invitations table (the invitee may not have an account yet). */
export const MEMBERSHIP_STATES = ["requested", "active", "declined", "removed", "banned", "left"] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];
export const GROUP_ROLES = ["member", "moderator"] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const TAG_COLORS = ["slate", "blue", "green", "amber", "red", "violet", "teal", "pink"] as const;
export type TagColor = (typeof TAG_COLORS)[number];

/** The staff feedback loop's statuses; every idea starts open. */
export const IDEA_STATUSES = ["open", "under_review", "planned", "in_progress", "done", "declined", "merged"] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
/** Channels staff hear ideas on besides Kaiku. */
export const IDEA_SOURCES = ["phone", "email", "chat", "event", "support"] as const;
export type IdeaSource = (typeof IDEA_SOURCES)[number];

/** "unmerged" (on the source) and "unmerged_out" (on the target) record a merge undone by staff (migration 0010). */
export const IDEA_EVENT_KINDS = ["status", "merged_in", "unmerged", "unmerged_out"] as const;
export type IdeaEventKind = (typeof IDEA_EVENT_KINDS)[number];

/** What a merge moved from the source idea to the target, per user (so an undo can move exactly that back). */
export const MERGE_MOVE_KINDS = ["vote", "follow"] as const;
export type MergeMoveKind = (typeof MERGE_MOVE_KINDS)[number];

// Moderation (issue 13). What can be reported or held: an idea, a comment, a staff update on the group's home, or
// a member's introduction (keyed by the member's user id).
export const MODERATION_ITEM_TYPES = ["idea", "comment", "update", "intro"] as const;
export type ModerationItemType = (typeof MODERATION_ITEM_TYPES)[number];
export const REPORT_REASONS = ["spam", "offensive", "off_topic", "personal_data", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
/** Why a case is in the queue: reports, a newcomer's held post, or the author asking for a review of a hidden item. */
export const CASE_ORIGINS = ["reports", "held", "appeal"] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];
export const CASE_STATES = ["open", "decided"] as const;
export type CaseState = (typeof CASE_STATES)[number];
/**
 * What a reviewer decided: keep (dismiss the reports), hide (with a reason the author sees), restore a hidden item,
 * edit out personal data (staff only), approve or reject a held post, delete outright (staff only: the text is
 * erased). "auto_hide" is the threshold's own decision, recorded the same way.
 */
export const MODERATION_DECISIONS = ["keep", "hide", "restore", "edit_out", "approve", "reject", "delete", "auto_hide"] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];
/** Mute lengths a moderator picks from; "lifted" = until a moderator lifts it. */
export const MUTE_LENGTHS = ["1d", "1w", "30d", "lifted"] as const;
export type MuteLength = (typeof MUTE_LENGTHS)[number];
export const MUTE_LENGTH_MS: Record<MuteLength, number | null> = { "1d": 86_400_000, "1w": 7 * 86_400_000, "30d": 30 * 86_400_000, lifted: null };

/** Reports a person may file in 24 hours (Discourse's default is 20 flags a day). */
export const REPORTS_PER_DAY = 20;
/** A report's optional note, and a reviewer's reason or note, in characters. */
export const REPORT_NOTE_MAX = 1000;
export const MODERATION_REASON_MAX = 1000;
/** A group's auto-hide threshold: distinct reporters that hide an item pending review (null: off). */
export const AUTO_HIDE_DEFAULT = 3;
export const AUTO_HIDE_MIN = 2;
export const AUTO_HIDE_MAX = 10;
/** "Hold the first N posts of a new member for approval". */
export const HOLD_FIRST_POSTS_MAX = 10;

/**
 * The in-app notices moderation writes (app/features/moderation/subscribers/moderation-notices.server.ts): reviewers
 * hear of reports and held posts (grouped per item), reporters of the outcome, authors of what was decided about
 * their item, members of a mute. Part of the notification kinds (app/models/notification.server.ts).
 */
export const MODERATION_NOTICE_KINDS = [
  "moderationReport",
  "moderationHeld",
  "reportOutcome",
  "itemHidden",
  "itemAutoHidden",
  "itemRestored",
  "itemEditedOut",
  "itemApproved",
  "itemRejected",
  "itemErased",
  "muted",
  "unmuted",
] as const;
export type ModerationNoticeKind = (typeof MODERATION_NOTICE_KINDS)[number];
