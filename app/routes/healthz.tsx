import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ context }: LoaderFunctionArgs) {
  const { db } = await import("~/db.server");
  db().$client.prepare("SELECT 1").get();
  const headers = { "Content-Type": "text/plain", "Cache-Control": "no-store" };
  // A damaged database still serves reads, but a monitor should hear that it needs restoring.
  if (context.database === "damaged") return new Response("database damaged", { status: 503, headers });
  return new Response("ok", { headers });
}
