export async function loader() {
  const { db } = await import("~/db.server");
  db().$client.prepare("SELECT 1").get();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
