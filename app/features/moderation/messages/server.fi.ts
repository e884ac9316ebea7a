// Moderation: strings only the server renders (fi): action messages, e-mails. Spread into app/i18n/server/fi.server.ts.
export const moderationServerFi = {
  // (keys added by the helpers)
};
