import type { ActionFunctionArgs } from "@remix-run/node";

// The benchmark's yardstick for writes (`npm run bench`, KAIKU_BENCH=1 only; 404 otherwise): an action that
// reads the form and does nothing, through the same Remix stack as the vote action.
export async function action({ request }: ActionFunctionArgs) {
  const { env } = await import("~/env.server");
  if (!env.bench) throw new Response("Not found", { status: 404 });
  await request.formData();
  return { ok: true };
}
