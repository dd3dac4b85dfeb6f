import { sql } from 'drizzle-orm';
import { getDb, inTransaction, type Executor, type Transaction } from '@/server/db';
import { validateNewEvent, type NewEvent } from './catalog';
import { announceAfterCommit, announceCommitted } from './committed';
import { currentMetadata } from './correlation';
import { enqueueAsyncHandlers, needsTransaction, runInlineHandlers, sqlHandlersFor } from './dispatch';
import { ConcurrencyError, DuplicateEventError } from './errors';
import type { HandlerContext } from './handlers';
import { eventMetadataSchema, type Actor, type EventMetadata } from './metadata';
import { toStoredEvent, type StoredEvent } from './storedEvent';

/**
 * What the caller believes about the stream: its last version (0 = no
 * events yet), that it has no events, that it has some, or nothing at all.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export type AppendOptions = {
  tenantId: string;
  expectedVersion: ExpectedVersion;
  /**
   * A transaction the caller opened with withTenant(tenantId): the events
   * then commit or roll back with the caller's other writes.
   */
  tx?: Transaction;
  /** Who and which request; correlation and causation come from the scope (correlation.ts). */
  metadata?: { actor?: Actor; requestId?: string };
};

export type AppendResult = {
  /** The stream's version after the append: the expectedVersion of the next one. */
  nextExpectedVersion: number;
  /** The events this call stored, in order. */
  events: StoredEvent[];
  /** Ids of events that were already stored and were skipped (a retried append). */
  alreadyStored: string[];
};

/**
 * Appends events to a stream atomically, after checking the stream's
 * version. Every payload is validated before anything is written. Inline
 * handlers run and async handlers' jobs are enqueued in the same transaction.
 *
 * The append itself (scope, the stream's lock, version and duplicate checks,
 * insert, SQL projections) is one statement: `append_events`, migration 0007.
 * When no JavaScript handler has to run in its transaction, that statement is
 * the whole transaction; otherwise it opens one, and the handlers follow.
 */
export async function appendToStream(streamId: string, newEvents: NewEvent[], options: AppendOptions): Promise<AppendResult> {
  if (newEvents.length === 0) throw new Error('appendToStream needs at least one event');
  const ids = newEvents.map((event) => event.eventId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new DuplicateEventError(duplicate);
  const prepared = newEvents.map(validateNewEvent);
  const metadata = eventMetadataSchema.parse({ ...currentMetadata(), ...options.metadata });
  // A caller's transaction was scoped to its workspace by withTenant; it stays so (row-level security refuses another).
  if (options.tx) return appendInTransaction(options.tx, streamId, prepared, metadata, options, false);
  if (!needsTransaction(prepared.map((event) => event.type))) {
    const outcome = await appendStatement(getDb(), streamId, prepared, metadata, options, true);
    const result = resultOf(outcome, prepared, streamId, options, metadata);
    await announceCommitted(result.events);
    return result;
  }
  return inTransaction((tx) => appendInTransaction(tx, streamId, prepared, metadata, options, true));
}

type PreparedEvent = ReturnType<typeof validateNewEvent>;

async function appendInTransaction(
  tx: Transaction,
  streamId: string,
  prepared: PreparedEvent[],
  metadata: EventMetadata,
  options: AppendOptions,
  enterScope: boolean,
): Promise<AppendResult> {
  const result = resultOf(await appendStatement(tx, streamId, prepared, metadata, options, enterScope), prepared, streamId, options, metadata);
  if (result.events.length === 0) return result;
  await runInlineHandlers(result.events, handlerContext(tx, options.tenantId));
  await enqueueAsyncHandlers(tx, result.events);
  announceAfterCommit(result.events);
  return result;
}

/** What append_events answers: appended (with the new rows), all stored already, a version mismatch, or an id stored in another stream. */
type AppendOutcome =
  | { outcome: 'appended'; version: number; alreadyStored: string[]; events: AppendedJson[] }
  | { outcome: 'stored'; version: number; alreadyStored: string[] }
  | { outcome: 'conflict'; version: number }
  | { outcome: 'duplicate'; eventId: string };

/** What only the database knows of an appended event. */
type AppendedJson = { position: number; recordedAt: string; transactionId: string };

/**
 * The one statement of an append (prepared once per connection, like every
 * statement with parameters: server/db/preparingClient.ts). `enterScope`
 * sets the workspace for the rest of the transaction (the statement's own,
 * or one opened here); a caller's transaction keeps the scope withTenant
 * gave it.
 */
async function appendStatement(
  executor: Executor,
  streamId: string,
  prepared: PreparedEvent[],
  metadata: EventMetadata,
  { tenantId, expectedVersion }: AppendOptions,
  enterScope: boolean,
): Promise<AppendOutcome> {
  const batch = prepared.map((event) => ({ ...event, sqlHandlers: sqlHandlersFor(event.type) }));
  const { rows } = await executor
    .execute<{ outcome: AppendOutcome }>(
      sql`select append_events(${tenantId}, ${streamId}, ${String(expectedVersion)}, ${JSON.stringify(batch)}::jsonb, ${JSON.stringify(metadata)}::jsonb, ${enterScope}) as outcome`,
    )
    .catch((error: unknown) => {
      throw translateUniqueViolation(error, streamId, expectedVersion) ?? error;
    });
  return rows[0]!.outcome;
}

function resultOf(outcome: AppendOutcome, prepared: PreparedEvent[], streamId: string, options: AppendOptions, metadata: EventMetadata): AppendResult {
  switch (outcome.outcome) {
    case 'duplicate':
      throw new DuplicateEventError(outcome.eventId);
    case 'conflict':
      throw new ConcurrencyError(streamId, options.expectedVersion, outcome.version);
    case 'stored':
      return { nextExpectedVersion: outcome.version, events: [], alreadyStored: inBatchOrder(outcome.alreadyStored, prepared) };
    case 'appended': {
      const alreadyStored = inBatchOrder(outcome.alreadyStored, prepared);
      const fresh = prepared.filter((event) => !alreadyStored.includes(event.eventId));
      const appended = fresh.map((event, index) => {
        const row = outcome.events[index]!;
        return toStoredEvent({
          position: Number(row.position),
          // uuids as Postgres writes them.
          eventId: event.eventId.toLowerCase(),
          tenantId: options.tenantId.toLowerCase(),
          streamId,
          streamVersion: outcome.version + index + 1,
          type: event.type,
          schemaVersion: event.schemaVersion,
          // As the log holds it (JSON), not as the schema parsed it.
          data: JSON.parse(JSON.stringify(event.data)) as unknown,
          metadata,
          recordedAt: new Date(row.recordedAt),
          transactionId: row.transactionId,
        });
      });
      return { nextExpectedVersion: outcome.version + appended.length, events: appended, alreadyStored };
    }
  }
}

/** The stored ids, in the order the caller gave its events. */
function inBatchOrder(storedIds: string[], prepared: PreparedEvent[]): string[] {
  const stored = new Set(storedIds.map((id) => id.toLowerCase()));
  return prepared.map((event) => event.eventId).filter((id) => stored.has(id.toLowerCase()));
}

/**
 * The unique keys behind the lock: a stream version taken by a transaction
 * whose snapshot predates ours (repeatable read), or an event id stored by
 * another workspace, which row-level security hid from the check above.
 */
function translateUniqueViolation(error: unknown, streamId: string, expected: ExpectedVersion): Error | null {
  const cause = (error as { cause?: { code?: string; constraint?: string } }).cause;
  if (cause?.code !== '23505') return null;
  if (cause.constraint === 'events_stream_version_key') return new ConcurrencyError(streamId, expected, null);
  if (cause.constraint === 'events_event_id_unique') return new DuplicateEventError('(stored in another workspace)');
  return null;
}

/** The context handlers get: appends through it join this transaction. */
export function handlerContext(tx: Transaction, tenantId: string): HandlerContext {
  return {
    tx,
    tenantId,
    append: (streamId, newEvents, { expectedVersion }) => appendToStream(streamId, newEvents, { tenantId, expectedVersion, tx }),
  };
}
