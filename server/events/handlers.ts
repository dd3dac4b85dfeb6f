import type { Transaction } from '@/server/db';
import type { AppendResult, ExpectedVersion } from './appendToStream';
import type { AnyEventDefinition, NewEvent, StoredEventOf } from './catalog';
import type { StoredEvent } from './storedEvent';

/** What a handler gets besides the event: the transaction it must write in, and an append bound to it. */
export type HandlerContext = {
  tx: Transaction;
  tenantId: string;
  /** Appends in this transaction; the new events name the handled one as their cause. */
  append: (streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }) => Promise<AppendResult>;
  /** For async handlers: which delivery of the job this is (1 = first), and whether pg-boss will retry if it fails. */
  delivery?: { attempt: number; willRetry: boolean };
  /** For async handlers that read their event's stream (`readsStream`): the stream, oldest first, as the handler's claim of the event read it. */
  stream?: StoredEvent[];
};

/**
 * An error that a retry cannot fix (a corrupt file): the handler's job fails
 * at once instead of using up its retries.
 */
export class NonRetryableError extends Error {
  readonly nonRetryable = true;
}
export function isNonRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { nonRetryable?: unknown }).nonRetryable === true;
}

/**
 * Thrown by an async handler whose work must not be kept but which failed at
 * nothing (its subject was cancelled while it ran): the handler's
 * transaction rolls back, its ledger row with it, and the job completes
 * instead of retrying. Cheaper than a savepoint around the work, which cost
 * two statements on every run to serve this rare case.
 */
export class DiscardWork extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DiscardWork';
  }
}

/**
 * Thrown by an async handler that failed with `failure` and whose failure is
 * recorded as events: `record` appends them once the handler's transaction
 * has rolled back, then `failure` fails the job as it would have. Appended
 * any earlier, while that transaction still held its locks (the stream's,
 * taken by an append in it), the record would wait on the very transaction
 * it follows.
 */
export class FailureToRecord extends Error {
  constructor(
    readonly failure: unknown,
    readonly record: () => Promise<unknown>,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'FailureToRecord';
  }
}

/** The events a subscription receives: some declared types, or every event. */
export type EventSelector = readonly AnyEventDefinition[] | 'all';
export type EventsOf<Selector extends EventSelector> = Selector extends readonly AnyEventDefinition[] ? StoredEventOf<Selector[number]> : StoredEvent;

/** pg-boss's retry settings for a handler's queue: delays in seconds, backoff exponential with jitter. */
export type RetryPolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean; retryDelayMax?: number };
export const defaultRetryPolicy: RetryPolicy = { retryLimit: 5, retryDelay: 2, retryBackoff: true, retryDelayMax: 300 };

type Common<Selector extends EventSelector> = {
  /** Stable: it names the handler's queue and its rows in the ledger. */
  name: string;
  events: Selector;
  handle: (event: EventsOf<Selector>, context: HandlerContext) => Promise<void>;
};

/**
 * `inline`: runs inside the append's transaction (read models), so it is
 * consistent with the log and a failure aborts the append.
 * `async`: a pg-boss job per event, enqueued in the append's transaction and
 * carrying only ids; applied at most once per event (see asyncHandlers.ts).
 */
export type Subscription<Selector extends EventSelector = EventSelector> =
  | (Common<Selector> & {
      mode: 'inline';
      /**
       * The same handler as a SQL function of an `events` row (a projection's
       * `sqlFunction`): the append runs it in its own statement, right after
       * inserting the event, instead of calling `handle` (see appendToStream.ts).
       */
      sqlFunction?: string;
    })
  | (Common<Selector> & {
      mode: 'async';
      retry?: Partial<RetryPolicy>;
      concurrency?: number;
      timeoutSeconds?: number;
      /** The handler reads the handled event's stream: the statement that claims the event reads it too (HandlerContext's `stream`), sparing a round trip. */
      readsStream?: boolean;
      /**
       * True for an event whose job would have nothing to do, judged by the
       * events appended with it: no job is enqueued for it (a workflow step
       * that the step before recorded as skipped).
       */
      skips?: (event: StoredEvent, appendedWith: readonly StoredEvent[]) => boolean;
    });
export type AsyncSubscription = Extract<Subscription, { mode: 'async' }>;

const subscriptions = new Map<string, Subscription>();
/** Who handles a type, looked up on every append: kept until the subscriptions change. */
const lookups = new Map<string, readonly Subscription[]>();

/** Registers a handler. Modules subscribe when they load (from their index.ts), so whoever appends their events knows their handlers. */
export function subscribe<const Selector extends EventSelector>(subscription: Subscription<Selector>): Subscription<Selector> {
  if (!/^[a-zA-Z][\w.-]*$/.test(subscription.name)) throw new Error(`Handler name "${subscription.name}" must be letters, digits, _ . -`);
  if (subscriptions.has(subscription.name) && process.env.NODE_ENV !== 'development') {
    throw new Error(`A handler named "${subscription.name}" is already subscribed`);
  }
  subscriptions.set(subscription.name, subscription as unknown as Subscription);
  lookups.clear();
  return subscription;
}

/** Removes a handler (tests that subscribe handlers of their own). */
export function unsubscribe(name: string): void {
  subscriptions.delete(name);
  lookups.clear();
}

export function handles(subscription: Subscription, type: string): boolean {
  return subscription.events === 'all' || subscription.events.some((definition) => definition.type === type);
}

export function subscriptionsFor(mode: Subscription['mode'], type: string): readonly Subscription[] {
  return lookedUp(`${mode}:${type}`, () => [...subscriptions.values()].filter((subscription) => subscription.mode === mode && handles(subscription, type)));
}

export function asyncSubscriptions(): readonly AsyncSubscription[] {
  return lookedUp('async', () => [...subscriptions.values()].filter((subscription) => subscription.mode === 'async')) as readonly AsyncSubscription[];
}

function lookedUp(key: string, find: () => Subscription[]): readonly Subscription[] {
  let found = lookups.get(key);
  if (!found) lookups.set(key, (found = find()));
  return found;
}

export function queueNameOf(subscription: AsyncSubscription): string {
  return handlerQueueName(subscription.name);
}

/** The pg-boss queue of the async handler named `handler` (metrics and alerts read its jobs). */
export function handlerQueueName(handler: string): string {
  return `event-handler.${handler}`;
}

export function retryPolicyOf(subscription: AsyncSubscription): RetryPolicy {
  return { ...defaultRetryPolicy, ...subscription.retry };
}
