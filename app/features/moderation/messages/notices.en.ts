// Moderation: notices strings (en), spread into the browser dictionary app/i18n/en.ts.
export const moderationNoticesEn = {
  // (keys added by the helper who owns this file)
};
