import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupParams } from "~/schemas/idea";
import { requireGroupAccess } from "~/auth/group.server";
import { suggestMentions } from "~/models/comment.server";

/** People to @mention in the group (JSON for the comment box's autocomplete). Members of the group only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group } = await requireGroupAccess(request, params.slug);
  const { q } = lookupParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { people: suggestMentions({ groupId: group.id, q: q.slice(0, 40) }) };
}
