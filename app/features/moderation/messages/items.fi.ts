// Moderation: items strings (fi), spread into the browser dictionary app/i18n/fi.ts.
export const moderationItemsFi = {
  // (keys added by the helper who owns this file)
};
