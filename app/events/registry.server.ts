import type { EventType, StoredEvent } from "./catalogue";

/**
 * The subscribers known to this process, by name. Its own module so the event store (which writes the starting
 * cursors, see store.server.ts) and the dispatcher share it without importing each other.
 */
export type Step = "done" | "more";

export type Subscriber<T extends EventType = EventType> = {
  /** Stable: it keys the cursor and the delivery keys. A renamed subscriber starts at the end of the log. */
  name: string;
  handles: readonly T[];
  handle: (event: StoredEvent<T>, io: SubscriberIO) => Step;
};

export type FanOutOptions<R extends { id: string }, P> = {
  /** Recipients per step (and per write transaction); DEFAULT_BATCH when left out. */
  batch?: number;
  /** Runs outside any transaction, for the recipients of one step: render e-mails and compute links here. */
  prepare: (batch: R[]) => P[];
  /** Runs inside the step's one short transaction, with only the recipients whose delivery key was new. */
  write: (prepared: P[], recipients: R[]) => void;
  /** Which recipient a prepared item belongs to (default: its `id`). */
  idOf?: (prepared: P) => string;
};

export type SubscriberIO = {
  /**
   * Delivers to the recipients not yet delivered, at most `batch` of them per step, in the order of their ids (so
   * the batches are the same after a restart). Pass a function to compute the recipients: it runs once per event in
   * this process (not once per step), and again after a restart, when the delivered ones are left out.
   */
  fanOut<R extends { id: string }, P>(recipients: readonly R[] | (() => readonly R[]), options: FanOutOptions<R, P>): Step;
  /** The dispatcher's clock for this step. */
  now: number;
};

export const registry = new Map<string, Subscriber>();

let version = 0;
/** Bumped on every registration, so the store writes the starting cursor of a subscriber registered late. */
export const registryVersion = () => version;

/** Registers a subscriber (once per name; modules call this at import). */
export function defineSubscriber<T extends EventType>(subscriber: Subscriber<T>): Subscriber<T> {
  registry.set(subscriber.name, subscriber as unknown as Subscriber);
  version++;
  return subscriber;
}
