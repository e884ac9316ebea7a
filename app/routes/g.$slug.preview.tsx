import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { multiLine } from "~/schemas/fields";
import { IDEA_BODY_MAX } from "~/schemas/idea";
import { requireGroupAccess } from "~/auth/group.server";
import { renderGroupMarkdown } from "~/models/comment.server";

const previewSchema = z.object({ body: multiLine({ max: IDEA_BODY_MAX }) }).strict();

/** Markdown rendered exactly as it will be shown (JSON for the editors' Preview tab). Members of the group only. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { group } = await requireGroupAccess(request, params.slug);
  const parsed = previewSchema.safeParse(Object.fromEntries(await request.formData()));
  // A resource route answers with a Response of its own: Remix drops the status of a `data()` here (a refusal was a 200).
  if (!parsed.success) return Response.json({ html: "" }, { status: 400 });
  return Response.json({ html: renderGroupMarkdown(group, parsed.data.body) });
}
