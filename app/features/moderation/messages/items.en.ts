// Moderation: items strings (en), spread into the browser dictionary app/i18n/en.ts.
export const moderationItemsEn = {
  // (keys added by the helper who owns this file)
};
