import { data, redirect } from "@remix-run/node";
import type { GroupAccess } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { castVote } from "~/features/ideas/commands/cast-vote.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { serverTranslator } from "~/i18n/locale.server";
import type { VoteReply } from "~/models/types";
import { ideaNumberParam, voteSchema } from "~/schemas/idea";

/**
 * The vote intent, shared by every page that shows vote buttons (the board, the idea page, the confirmation
 * step of a new idea), so that without JavaScript a vote answers with the page it was cast on. With
 * JavaScript it is a fetcher call. Who may vote is the castVote command's rule: 403 (thrown), an idea that does
 * not exist 404 (thrown), a closed one 409 with a message.
 */
export function applyVote(request: Request, access: GroupAccess, number: number, voted: boolean): { reply: VoteReply; status: number } {
  const result = execute(castVote, actorOf(access.user), { groupId: access.group.id, number, voted });
  if (result.ok) return { reply: { ok: true, voted: result.value.voted, voteCount: result.value.voteCount }, status: 200 };
  throwIfPageError(result.error);
  return { reply: { ok: false, message: messageOf(result.error, serverTranslator(request, access.user)) }, status: statusOf(result.error) };
}

/**
 * Whether the browser navigates with this request (a form posted without JavaScript) rather than fetching it
 * (a fetcher call). Browsers say so in Sec-Fetch-Dest; older ones are told apart by asking for HTML.
 */
function isDocumentRequest(request: Request): boolean {
  const dest = request.headers.get("Sec-Fetch-Dest");
  if (dest) return dest === "document";
  return (request.headers.get("Accept") ?? "").includes("text/html");
}

/**
 * A vote posted from a form or a fetcher. On an idea's own page (`pageNumber`, the number in its address), the
 * form must name that idea; an address that is no idea number is 404. A vote counted from a page without
 * JavaScript is answered with a redirect back to the page it was cast on (post, redirect, get): the form of an
 * index route posts to `?index`, which would otherwise stay in the address bar, and a reload would post again.
 */
export function voteFromForm(request: Request, access: GroupAccess, formData: FormData, pageNumber?: string) {
  const page = pageNumber === undefined ? null : ideaNumberParam.safeParse(pageNumber);
  if (page && !page.success) throw new Response("Not found", { status: 404 });
  const parsed = voteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success || (page && parsed.data.number !== page.data))
    return data({ ok: false, message: serverTranslator(request, access.user)("errors.400.text") } satisfies VoteReply, { status: 400 });
  const { reply, status } = applyVote(request, access, parsed.data.number, parsed.data.voted);
  if (reply.ok && isDocumentRequest(request)) {
    const url = new URL(request.url);
    url.searchParams.delete("index");
    url.searchParams.delete("_data");
    return redirect(`${url.pathname}${url.search}`, 303);
  }
  return data(reply, { status });
}
