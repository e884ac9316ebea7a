import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupParams } from "~/schemas/idea";

/** Similar ideas for the title being typed (JSON for the new-idea form). Members of the group only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requireGroupAccess } = await import("~/auth/group.server");
  const { similarIdeas } = await import("~/models/search.server");
  const { group, user } = await requireGroupAccess(request, params.slug);
  const { q } = lookupParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ideas: similarIdeas({ groupId: group.id, text: q, viewerId: user.id }) };
}
