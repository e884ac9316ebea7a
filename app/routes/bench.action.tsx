import type { ActionFunctionArgs } from "@remix-run/node";
import { fail } from "~/domain/errors";
import { env } from "~/env.server";
import { throwIfPageError } from "~/http/command-reply.server";

// The benchmark's yardstick for writes (`npm run bench`, KAIKU_BENCH=1 only; 404 otherwise): an action that
// reads the form and does nothing, through the same Remix stack as the vote action.
export async function action({ request }: ActionFunctionArgs) {
  if (!env.bench) throwIfPageError(fail.notFound());
  await request.formData();
  return { ok: true };
}
