import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupParams } from "~/schemas/idea";

/** People to @mention in the group (JSON for the comment box's autocomplete). Members of the group only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requireGroupAccess } = await import("~/auth/group.server");
  const { suggestMentions } = await import("~/models/comment.server");
  const { group } = await requireGroupAccess(request, params.slug);
  const { q } = lookupParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { people: suggestMentions({ groupId: group.id, q: q.slice(0, 40) }) };
}
