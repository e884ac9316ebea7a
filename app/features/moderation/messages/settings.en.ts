// Moderation settings of a group (English), spread into the browser dictionary app/i18n/en.ts.
export const moderationSettingsEn = {
  "moderation.settings.title": "Moderation",
  "moderation.settings.lead": "Reports from members can hide an item until a moderator has looked at it.",
  "moderation.settings.threshold": "Hide an item pending review after this many people report it",
  "moderation.settings.thresholdOff": "Never (reports only go to the review queue)",
  "moderation.settings.thresholdHint": "Content by staff and admins is never hidden automatically; it goes to the review queue.",
  "moderation.settings.thresholdRange": "Choose 2–10 people, or never.",
  "moderation.settings.saved": "Moderation settings saved.",
  "moderation.settings.submit": "Save moderation settings",
  "moderation.settings.hold": "Hold the first posts of a new member for approval",
  "moderation.settings.holdHint": "0 means new members post freely. Held ideas and comments are seen only by their author and the moderators until approved.",
  "moderation.settings.holdRange": "Choose 0–10 posts.",
};
