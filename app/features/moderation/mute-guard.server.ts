import type { CommandContext } from "~/commands/command.server";
import { fail } from "~/domain/errors";
import { formatDateTime } from "~/i18n";
import { getOrgSettings } from "~/models/org.server";
import { activeMute } from "./cases.server";

/**
 * Refuses a muted member (403 "moderation.mute.blocked" / "moderation.mute.blockedForever", with until and reason):
 * while a mute is in force they read but do not post, edit, comment, vote or report. Called by every such command
 * after its groupScope, on the mute re-read inside the transaction.
 */
export function requireNotMuted(ctx: CommandContext, groupId: string): void {
  const mute = activeMute(ctx.tx, groupId, ctx.actor.id, ctx.now);
  if (!mute) return;
  if (mute.endsAt === null) throw fail.forbidden("moderation.mute.blockedForever", { reason: mute.reason });
  const locale = ctx.actor.locale === "fi" ? "fi" : "en";
  throw fail.forbidden("moderation.mute.blocked", { until: formatDateTime(mute.endsAt, locale, getOrgSettings().timeZone), reason: mute.reason });
}
