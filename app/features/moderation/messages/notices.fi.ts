// Moderation: notices strings (fi), spread into the browser dictionary app/i18n/fi.ts.
export const moderationNoticesFi = {
  // (keys added by the helper who owns this file)
};
