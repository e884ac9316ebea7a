// Moderation: strings only the server renders (en): action messages, e-mails. Spread into app/i18n/server/en.server.ts.
export const moderationServerEn = {
  // (keys added by the helpers)
};
