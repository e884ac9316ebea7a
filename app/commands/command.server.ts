import type { z } from "zod";
import type { AuthUser } from "~/auth/session.server";
import { consumeRateLimits, type RateLimitRule } from "~/auth/rate-limit.server";
import { db } from "~/db.server";
import { DomainError, fail, type FieldErrors } from "~/domain/errors";
import type { NewEvent } from "~/events/catalogue";
import { kickDispatcher } from "~/events/dispatcher.server";
import { appendEvent } from "~/events/store.server";
import "~/events/subscribers.server";
import type { MessageKey } from "~/i18n/en";
import type { Conn } from "~/models/types";

/**
 * Commands: every write Kaiku offers is one command, whatever carries it (a form, later the JSON API or a job).
 *
 * A command declares its input (zod), who may run it (`authorize`, using the pure rules of app/policy.ts on facts
 * it re-reads inside the transaction), its rate limit, and `run`. `execute` parses the input, then, in ONE immediate
 * transaction: authorize -> rate limit -> run; the events the command emits are written in the same transaction,
 * and the dispatcher is kicked after the commit. A refusal is a DomainError (app/domain/errors.ts), thrown from
 * authorize or run, which rolls everything back; the transport maps it to HTTP in one place
 * (app/http/command-reply.server.ts).
 *
 * `run` is synchronous: better-sqlite3 transactions cannot await. Model functions that open their own
 * `db().transaction` may be called inside it; better-sqlite3 nests them as savepoints.
 */

/** Who runs a command: a signed-in person (later also an API token's owner). */
export type Actor = Pick<AuthUser, "id" | "name" | "email" | "role" | "locale">;

export type CommandContext = {
  tx: Conn;
  actor: Actor;
  /** One clock per command: every row it writes carries the same time. */
  now: number;
  /** Records a domain event in this transaction. */
  emit: (event: NewEvent) => number;
};

export type RateLimit = { key: string; rule: RateLimitRule; message: MessageKey };

export type Command<I, S, R> = {
  /** `<area>.<verb>`, for logs and timings. */
  name: string;
  input: z.ZodType<I, z.ZodTypeDef, unknown>;
  /** Loads what the rules need and refuses (not_found, forbidden, read_only ...); its result is run's scope. */
  authorize: (ctx: CommandContext, input: I) => S;
  /** Checked after authorize, so refused requests do not count; none or several limits. */
  rateLimit?: (ctx: CommandContext, input: I, scope: S) => RateLimit | RateLimit[] | null;
  run: (ctx: CommandContext, input: I, scope: S) => R;
};

export function defineCommand<I, S, R>(command: Command<I, S, R>): Command<I, S, R> {
  return command;
}

export type CommandResult<R> = { ok: true; value: R } | { ok: false; error: DomainError };

/** zod issues as field errors (message keys, as the app's schemas write them). */
function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "";
    (fields[name] ??= []).push(issue.message as MessageKey);
  }
  return fields;
}

/** Lock time per command name (the last few), for the benchmark's report (KAIKU_BENCH only reads it). */
const LOCK_KEY = Symbol.for("kaiku.commandLockTimes");
const lockTimes: Map<string, number[]> = ((globalThis as Record<symbol, unknown>)[LOCK_KEY] ??= new Map<string, number[]>()) as Map<string, number[]>;
export function recentLockTimes(): Record<string, number[]> {
  return Object.fromEntries(lockTimes);
}
function noteLockTime(name: string, ms: number) {
  const list = lockTimes.get(name) ?? [];
  list.push(ms);
  if (list.length > 50) list.shift();
  lockTimes.set(name, list);
}

/**
 * Runs a command for an actor. Never throws a DomainError (it is returned); other errors (bugs, a full disk) are
 * thrown after the rollback.
 */
export function execute<I, S, R>(command: Command<I, S, R>, actor: Actor, rawInput: unknown, options: { now?: number } = {}): CommandResult<R> {
  const parsed = command.input.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: fail.invalid({ fieldErrors: fieldErrorsOf(parsed.error) }) };
  const now = options.now ?? Date.now();
  let emitted = 0;
  const started = performance.now();
  try {
    const value = db().transaction(
      (tx) => {
        const ctx: CommandContext = {
          tx,
          actor,
          now,
          emit: (event) => {
            emitted++;
            // The signed-out visitor (id "", app/features/accounts/visitor.server.ts) is nobody: null, as for the
            // system, never an empty account id a subscriber or webhook would take for someone.
            return appendEvent(event, actor.id || null, now);
          },
        };
        const scope = command.authorize(ctx, parsed.data);
        const limits = command.rateLimit?.(ctx, parsed.data, scope);
        if (limits) {
          const list = Array.isArray(limits) ? limits : [limits];
          const state = consumeRateLimits(
            list.map((l) => ({ key: l.key, rule: l.rule })),
            now,
          );
          if (state.blocked) {
            // The first limit's message: every command gives its limits one message (the wait is the longest one).
            throw fail.rateLimited(list[0]!.message, state.retryAfterMs);
          }
        }
        return command.run(ctx, parsed.data, scope);
      },
      { behavior: "immediate" },
    );
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error };
    throw error;
  } finally {
    noteLockTime(command.name, performance.now() - started);
    if (emitted > 0) kickDispatcher();
  }
}

/** For callers that cannot go on after a refusal (seeds, scripts, tests): the value, or the error thrown. */
export function executeOrThrow<I, S, R>(command: Command<I, S, R>, actor: Actor, rawInput: unknown, options: { now?: number } = {}): R {
  const result = execute(command, actor, rawInput, options);
  if (!result.ok) throw result.error;
  return result.value;
}
