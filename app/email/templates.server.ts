import { formatDate, translator, type Locale, type MessageKey } from "~/i18n";

export type RenderedEmail = { subject: string; text: string; html: string };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * A plain, accessible email: greeting, paragraphs, one call to action, signature. The text part carries the
 * same content, so it reads well in clients that show no HTML.
 */
function layout(input: {
  locale: Locale;
  org: string;
  name: string | null;
  subject: string;
  paragraphs: string[];
  action?: { url: string; label: string; textLine: string };
  after?: string[];
}): RenderedEmail {
  const t = translator(input.locale);
  const greeting = input.name ? t("email.greeting", { name: input.name }) : t("email.greetingNoName");
  const signature = t("email.signature", { org: input.org });
  const text = [
    greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...(input.action ? [input.action.textLine, ""] : []),
    ...(input.after ?? []).flatMap((p) => [p, ""]),
    signature,
    "",
  ].join("\n");
  const p = (s: string) => `<p style="margin:0 0 16px">${escape(s)}</p>`;
  const button = input.action
    ? `<p style="margin:0 0 16px"><a href="${escape(input.action.url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escape(input.action.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#475569">${escape(input.action.url)}</p>`
    : "";
  const html = `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${escape(input.subject)}</title></head><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a;line-height:1.5;max-width:560px;margin:0 auto;padding:24px">${p(greeting)}${input.paragraphs.map(p).join("")}${button}${(input.after ?? []).map(p).join("")}${p(signature)}</body></html>`;
  return { subject: input.subject, text, html };
}

type TokenEmail = { locale: Locale; org: string; name: string; url: string };

function tokenEmail(kind: "reset" | "setup", input: TokenEmail): RenderedEmail {
  const t = translator(input.locale);
  const k = (suffix: string) => `email.${kind}.${suffix}` as MessageKey;
  return layout({
    ...input,
    subject: t(k("subject"), { org: input.org }),
    paragraphs: [t(k("intro"), { org: input.org })],
    action: { url: input.url, label: t(k("button")), textLine: t(k("action"), { url: input.url }) },
    after: [t(k("expiry")), ...(kind === "reset" ? [t("email.ignore")] : [])],
  });
}

export const passwordResetEmail = (input: TokenEmail) => tokenEmail("reset", input);
export const accountSetupEmail = (input: TokenEmail) => tokenEmail("setup", input);

export function invitationEmail(input: {
  locale: Locale;
  org: string;
  name: string | null;
  inviter: string;
  group: string;
  message: string | null;
  url: string;
  expiresAt: number;
  timeZone: string;
}): RenderedEmail {
  const t = translator(input.locale);
  return layout({
    ...input,
    subject: t("email.invite.subject", { group: input.group, org: input.org }),
    paragraphs: [
      t("email.invite.intro", { inviter: input.inviter, group: input.group, org: input.org }),
      ...(input.message ? [t("email.invite.message", { inviter: input.inviter }), `“${input.message}”`] : []),
    ],
    action: { url: input.url, label: t("email.invite.button"), textLine: t("email.invite.action", { url: input.url }) },
    after: [t("email.invite.expiry", { date: formatDate(input.expiresAt, input.locale, input.timeZone) }), t("email.invite.ignore")],
  });
}

export function joinDecisionEmail(input: {
  locale: Locale;
  org: string;
  name: string;
  group: string;
  approved: boolean;
  message: string | null;
  url: string;
}): RenderedEmail {
  const t = translator(input.locale);
  const kind = input.approved ? "approved" : "declined";
  return layout({
    ...input,
    subject: t(`email.join.${kind}.subject`, { group: input.group }),
    paragraphs: [t(`email.join.${kind}.intro`, { group: input.group }), ...(input.message ? [t("email.join.message"), `“${input.message}”`] : [])],
    action: input.approved ? { url: input.url, label: t("email.join.button"), textLine: t("email.join.action", { url: input.url }) } : undefined,
  });
}

/** The footer of every notification e-mail: why it came, and a link that stops this kind of e-mail. */
function notificationLayout(input: {
  locale: Locale;
  org: string;
  name: string;
  subject: string;
  paragraphs: string[];
  quote?: string;
  action: { url: string; label: string };
  reason: string;
  unsubscribeUrl: string;
}): RenderedEmail {
  const t = translator(input.locale);
  return layout({
    ...input,
    // A response or comment keeps its paragraphs (its markdown is shown as written, escaped in the HTML part).
    paragraphs: [
      ...input.paragraphs,
      ...(input.quote
        ? input.quote
            .split(/\n\s*\n/)
            .map((p) => p.trim())
            .filter(Boolean)
        : []),
    ],
    action: { url: input.action.url, label: input.action.label, textLine: `${input.action.label}: ${input.action.url}` },
    after: [input.reason, t("email.notify.unsubscribe", { url: input.unsubscribeUrl })],
  });
}

type NotifyBase = { locale: Locale; org: string; name: string; group: string; title: string; url: string; unsubscribeUrl: string };

/** Status changes and official responses, to the idea's author, voters and followers. */
export function statusEmail(
  input: NotifyBase & { actor: string; from: string; to: string; response: string | null; relation: "author" | "voter" | "follower" },
): RenderedEmail {
  const t = translator(input.locale);
  const changed = input.from !== input.to;
  return notificationLayout({
    ...input,
    subject: changed
      ? t("email.status.subject", { group: input.group, title: input.title, status: input.to })
      : t("email.response.subject", { group: input.group, title: input.title }),
    paragraphs: [
      changed
        ? t("email.status.intro", { actor: input.actor, title: input.title, from: input.from, to: input.to })
        : t("email.response.intro", { actor: input.actor, title: input.title }),
      ...(input.response ? [t("email.status.responseLead")] : []),
    ],
    quote: input.response ?? undefined,
    action: { url: input.url, label: t("email.notify.open") },
    reason: t(`email.reason.${input.relation}`),
  });
}

/** An idea merged into another: its voters and followers hear where their vote went. */
export function mergedEmail(
  input: NotifyBase & { actor: string; intoTitle: string; response: string | null; relation: "author" | "voter" | "follower" },
): RenderedEmail {
  const t = translator(input.locale);
  return notificationLayout({
    ...input,
    subject: t("email.merged.subject", { group: input.group, title: input.title }),
    paragraphs: [
      t("email.merged.intro", { actor: input.actor, title: input.title, into: input.intoTitle }),
      ...(input.response ? [t("email.status.responseLead")] : []),
    ],
    quote: input.response ?? undefined,
    action: { url: input.url, label: t("email.notify.open") },
    reason: t(`email.reason.${input.relation}`),
  });
}

/**
 * A reply to one's comment, a mention, or a new comment on an idea the reader wrote or follows ("comment", with
 * the relation that says why it came).
 */
export function commentEmail(
  input: NotifyBase & ({ kind: "replied" | "mentioned" } | { kind: "comment"; relation: "author" | "follower" }) & { writer: string; excerpt: string },
): RenderedEmail {
  const t = translator(input.locale);
  return notificationLayout({
    ...input,
    subject: t(`email.${input.kind}.subject`, { group: input.group, writer: input.writer, title: input.title }),
    paragraphs: [t(`email.${input.kind}.intro`, { writer: input.writer, title: input.title })],
    quote: input.excerpt,
    action: { url: input.url, label: t("email.notify.reply") },
    reason: t(input.kind === "comment" ? `email.reason.${input.relation}` : `email.reason.${input.kind}`),
  });
}

/**
 * A member was muted in a group (issue 13): transactional (no unsubscribe), in their language, with the reason and
 * until when (or "until a moderator lifts it").
 */
export function muteEmail(input: {
  locale: Locale;
  org: string;
  name: string;
  group: string;
  reason: string;
  endsAt: number | null;
  timeZone: string;
  url: string;
}): RenderedEmail {
  const t = translator(input.locale);
  return layout({
    ...input,
    subject: t("moderation.email.muted.subject" as MessageKey, { group: input.group }),
    paragraphs: [
      input.endsAt === null
        ? t("moderation.email.muted.introLifted" as MessageKey, { group: input.group })
        : t("moderation.email.muted.intro" as MessageKey, { group: input.group, date: formatDate(input.endsAt, input.locale, input.timeZone) }),
      t("moderation.email.muted.reason" as MessageKey),
      `“${input.reason}”`,
      t("moderation.email.muted.read" as MessageKey),
    ],
    action: {
      url: input.url,
      label: t("moderation.email.muted.button" as MessageKey),
      textLine: t("moderation.email.muted.action" as MessageKey, { url: input.url }),
    },
  });
}
