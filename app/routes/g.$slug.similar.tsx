import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupParams } from "~/schemas/idea";
import { requireGroupAccess } from "~/auth/group.server";
import { similarIdeas } from "~/models/search.server";

/** Similar ideas for the title being typed (JSON for the new-idea form). Members of the group only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user } = await requireGroupAccess(request, params.slug);
  const { q } = lookupParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ideas: similarIdeas({ groupId: group.id, text: q, viewerId: user.id }) };
}
