import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { quickCheck, type QuickCheck } from "../../db/client";

export type DatabaseState = "checking" | "ok" | "damaged";

/**
 * `PRAGMA quick_check` right after start, on a worker thread with its own read-only connection, so the server
 * answers meanwhile (it reads the whole file: see the README's "Decisions" for its time at the benchmark's
 * scale). A damaged file (a zeroed page, a broken index) then refuses every write with a translated 503 and
 * says so in the log and on /healthz; reading goes on, so people can still see what is there.
 */
export function startDatabaseCheck(file: string, onDone?: (result: QuickCheck) => void): { readonly state: DatabaseState } {
  const status = { state: (file === ":memory:" ? "ok" : "checking") as DatabaseState };
  if (file === ":memory:") return status;
  const finish = (result: QuickCheck) => {
    status.state = result.ok ? "ok" : "damaged";
    if (!result.ok) {
      console.error(
        `The database at ${file} is damaged: writes are refused until it is restored from a backup (see README, "Running in production").\n` +
          result.problems.map((p) => `  ${p}`).join("\n"),
      );
    }
    onDone?.(result);
  };
  try {
    const worker = new Worker(new URL(import.meta.url), { workerData: { file } });
    worker.once("message", finish);
    worker.once("error", () => finish(quickCheck(file))); // no worker (an odd runtime): check here, blocking once
    worker.unref();
  } catch {
    finish(quickCheck(file));
  }
  return status;
}

// On the worker thread (this same module): check, report, end.
if (!isMainThread && parentPort && (workerData as { file?: string } | null)?.file) {
  parentPort.postMessage(quickCheck((workerData as { file: string }).file));
}
