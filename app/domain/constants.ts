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

export const OUTBOX_STATUSES = ["pending", "sent", "failed", "logged"] as const;
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
