// Moderation: review strings (en), spread into the browser dictionary app/i18n/en.ts.
export const moderationReviewEn = {
  // (keys added by the helper who owns this file)
};
