import { db } from "~/db.server";

/** /healthz: the database answers a statement (a locked or missing file throws, and the monitor sees a 500). */
export function pingDatabase(): void {
  db().$client.prepare("SELECT 1").get();
}
