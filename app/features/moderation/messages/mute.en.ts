// Muting a member, on their profile in the group (English), spread into the browser dictionary app/i18n/en.ts.
export const moderationMuteEn = {
  "moderation.muteForm.title": "Mute",
  "moderation.muteForm.lead":
    "A muted member can read the group but cannot post ideas, comment, vote or report. They are told why and until when, in Kaiku and by e-mail.",
  "moderation.muteForm.length": "For how long",
  "moderation.muteForm.length.1d": "1 day",
  "moderation.muteForm.length.1w": "1 week",
  "moderation.muteForm.length.30d": "30 days",
  "moderation.muteForm.length.lifted": "Until a moderator lifts it",
  "moderation.muteForm.reason": "Reason (the member sees it)",
  "moderation.muteForm.submit": "Mute {name}",
  "moderation.muteForm.active": "Muted until {date}: {reason}",
  "moderation.muteForm.activeForever": "Muted until a moderator lifts it: {reason}",
  "moderation.muteForm.lift": "Lift the mute",
  "moderation.muteForm.done": "{name} is muted. They have been told why and until when.",
  "moderation.muteForm.lifted": "The mute is lifted. {name} can post again.",
  "moderation.muteForm.stronger": "Banning, the strongest step, is on the group's manage page.",
};
