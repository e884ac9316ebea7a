import type { IdeaSource, IdeaStatus, ModerationDecision, ModerationItemType, OrgRole, ReportReason } from "../../db/schema";

/**
 * Every domain event Kaiku records, with its payload: the one place a subscriber (notifications, e-mail, later
 * webhooks and live updates) learns what a change means. A command emits these inside its transaction
 * (`ctx.emit`); nothing else about side effects happens in the command.
 *
 * Payloads carry ids and the few facts a reader needs even after the row changed again (a title, the statuses
 * of a transition); subscribers read anything else when they run. Names: `<aggregate>.<past tense>`.
 * A payload may gain optional fields; renaming or removing one needs a new event type (old rows stay in the log).
 */
export type EventCatalogue = {
  // Accounts (app/features/admin). Organisation-wide (groupId null); no subscriber yet: webhooks will want them.
  /** An admin added a person (their setup e-mail is queued by the command itself, see createUser). */
  "user.created": { userId: string; role: OrgRole };
  /** An admin changed a person's organisation role. */
  "user.role_changed": { userId: string; to: OrgRole };
  // Groups and membership (app/features/groups). userId: the member concerned; names as they were at the time.
  /** Someone became an active member: joined an open group, was approved, or accepted an invitation. */
  "member.joined": { userId: string; name: string; via: "open" | "approval" | "invitation" };
  /** Someone asked to join a group that takes requests (the moderators are told). */
  "member.join_requested": { userId: string; name: string };
  /** A moderator approved or declined a request (the requester is told, in-app and by e-mail). */
  "join_request.decided": { userId: string; approved: boolean; message: string | null };
  /** A member was made moderator or member again. */
  "member.role_changed": { userId: string; from: "member" | "moderator"; to: "member" | "moderator" };
  /** A membership was ended by a moderator (banned: kept out for good; wasActive: they were a member until now). */
  "member.removed": { userId: string; banned: boolean; wasActive: boolean };
  /** A member left on their own. */
  "member.left": { userId: string };
  /**
   * Invitation e-mails to send (new ones or a resend). The link's token is never in the log: `sealedToken` is the
   * token encrypted for its recipient (app/email/link-secret.server.ts), stored as is in the outbox row, and
   * blanked ("") in the log once that row is written (the outbox's copy is erased when sent; the log's would stay).
   */
  "invitations.sent": {
    inviterName: string;
    message: string | null;
    resend: boolean;
    invitations: { id: string; email: string; name: string | null; expiresAt: number; sealedToken: string }[];
  };
  /** Staff changed an idea's status or responded (ideaEventId: the timeline row with the response). */
  "idea.status_changed": {
    ideaId: number;
    number: number;
    title: string;
    from: IdeaStatus;
    to: IdeaStatus;
    response: string | null;
    ideaEventId: number;
    actorName: string;
  };
  /**
   * Idea A (from) was merged into B (into) with an optional message; who had voted for or followed A is in
   * idea_merge_moves of mergeId (A's rows have moved). mergedInEventId: B's "merged in" timeline row.
   */
  "ideas.merged": {
    mergeId: number;
    fromIdeaId: number;
    fromNumber: number;
    fromTitle: string;
    intoIdeaId: number;
    intoNumber: number;
    intoTitle: string;
    response: string | null;
    mergedInEventId: number;
    actorName: string;
  };
  /** Staff undid a merge: idea A (ideaId) is back with its status; ideaEventId: A's "unmerged" timeline row. */
  "ideas.unmerged": {
    mergeId: number;
    ideaId: number;
    number: number;
    title: string;
    intoIdeaId: number;
    intoNumber: number;
    status: IdeaStatus;
    ideaEventId: number;
    actorName: string;
  };
  /** A comment or a reply was added (parentId: the top-level comment a reply belongs to). */
  "comment.added": {
    ideaId: number;
    number: number;
    title: string;
    commentId: number;
    parentId: number | null;
    authorName: string;
    /** The @handles the comment names, and the writer of the comment a reply answers: told by the subscriber. */
    mentioned: string[];
    replyTo: string | null;
    /** The comment's start as plain text, for the e-mails (the text as it was when written). */
    excerpt: string;
    /** The newest follows row (rowid) when the comment was written: who follows only since then is not told of it. */
    followsUpTo: number;
  };
  /** The writer edited a comment; people it names for the first time are told (comment_mentions remembers who was). */
  "comment.edited": { ideaId: number; number: number; title: string; commentId: number; authorName: string; mentioned: string[]; excerpt: string };
  /** The writer deleted their comment (its text is no longer shown). */
  "comment.deleted": { ideaId: number; number: number; commentId: number };
  /** An idea was posted; `recorded`: staff recorded it for the member `authorId` (who is told). */
  "idea.submitted": {
    ideaId: number;
    number: number;
    title: string;
    boardId: number;
    authorId: string | null;
    recorded: { byId: string; byName: string; source: IdeaSource } | null;
  };
  /** The author edited the idea's title, body or tags. */
  "idea.edited": { ideaId: number; number: number; title: string };
  /** The author withdrew the idea. */
  "idea.withdrawn": { ideaId: number; number: number; title: string };
  // Moderation (app/features/moderation). itemId: the idea's or comment's id as text, the update's id, or the
  // introduced member's user id (moderation_cases.item_id). Subscribers read titles and names when they run.
  /** Someone reported an item (or changed their open report); reportCount: distinct open reporters now. */
  "report.filed": { caseId: number; itemType: ModerationItemType; itemId: string; reporterId: string; reason: ReportReason; reportCount: number };
  /** The group's threshold of distinct reporters hid the item pending review (written once per case). */
  "item.auto_hidden": { caseId: number; itemType: ModerationItemType; itemId: string; authorId: string | null; reportCount: number };
  /** A newcomer's idea or comment is held for a moderator's approval (nobody but the author and reviewers sees it). */
  "item.held": { caseId: number; itemType: "idea" | "comment"; itemId: string; authorId: string };
  /** The author of a hidden item asked for a review (once per item). */
  "appeal.filed": { caseId: number; itemType: ModerationItemType; itemId: string; authorId: string };
  /**
   * A reviewer decided: keep, hide, restore, edit_out, approve, reject or delete (one moderation_decisions row).
   * reporterIds: whose open reports the decision closed (each hears the outcome once); reason: what the author sees.
   */
  "moderation.decided": {
    caseId: number | null;
    decisionId: number;
    itemType: ModerationItemType;
    itemId: string;
    authorId: string | null;
    decision: ModerationDecision;
    reason: string | null;
    reporterIds: string[];
    actorName: string;
  };
  /** A member was muted in the group until endsAt (null: until lifted). */
  "member.muted": { muteId: number; userId: string; reason: string; endsAt: number | null; actorName: string };
  /** A moderator lifted a mute before it ended. */
  "member.unmuted": { muteId: number; userId: string; actorName: string };
};

export type EventType = keyof EventCatalogue;

/** What a command emits: the type, the group it concerns (null for organisation-wide events) and the payload. */
export type NewEvent<T extends EventType = EventType> = { [K in T]: { type: K; groupId: string | null; payload: EventCatalogue[K] } }[T];

/** An event as subscribers see it, with its position in the log, who caused it and when. */
export type StoredEvent<T extends EventType = EventType> = {
  [K in T]: { id: number; type: K; groupId: string | null; actorId: string | null; payload: EventCatalogue[K]; createdAt: number };
}[T];
