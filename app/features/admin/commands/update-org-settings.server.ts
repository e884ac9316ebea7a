import { defineCommand } from "~/commands/command.server";
import { updateOrgSettings as updateOrgSettingsRow } from "~/models/org.server";
import { settingsSchema } from "~/schemas/admin";
import { requireOrgAdmin } from "./admin-scope.server";

/** The organisation's name, default language and time zone; audited. */
export const updateOrgSettings = defineCommand({
  name: "admin.update_settings",
  input: settingsSchema,
  authorize: (ctx) => requireOrgAdmin(ctx),
  run(ctx, input) {
    updateOrgSettingsRow({ actorId: ctx.actor.id, settings: input });
    return input;
  },
});
