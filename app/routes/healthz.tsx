import type { LoaderFunctionArgs } from "@remix-run/node";
import { pingDatabase } from "~/features/admin/queries/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  pingDatabase();
  const headers = { "Content-Type": "text/plain", "Cache-Control": "no-store" };
  // A damaged database still serves reads, but a monitor should hear that it needs restoring.
  if (context.database === "damaged") return new Response("database damaged", { status: 503, headers });
  return new Response("ok", { headers });
}
