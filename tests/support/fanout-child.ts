// A Kaiku process for tests/integration/fanout-crash.test.ts, run with tsx on the test's database file:
//   start <groupId> <number> <staffId>  changes the idea's status through the command and lets the dispatcher fan
//                                      out as the server does (kicked after the commit, in slices); the test
//                                      SIGKILLs it midway
//   drain                              a restarted process: handles every pending event to the end, then exits
import { executeOrThrow } from "../../app/commands/command.server";
import { db } from "../../app/db.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { changeStatus } from "../../app/features/loop/commands/change-status.server";
import { actorOf } from "../../app/http/actor.server";

const [mode, groupId, number, staffId] = process.argv.slice(2);
if (mode === "start") {
  const staff = db().$client.prepare("SELECT id, name, email, role, locale FROM users WHERE id = ?").get(staffId) as Parameters<typeof actorOf>[0];
  executeOrThrow(changeStatus, actorOf(staff), { groupId, number: Number(number), status: "planned", response: "Coming in the spring." });
  console.log("committed");
  // Stay alive: the dispatcher's steps run on this event loop until the test kills the process.
  setInterval(() => {}, 1000);
} else if (mode === "drain") {
  drainEvents();
  console.log("drained");
  process.exit(0);
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
