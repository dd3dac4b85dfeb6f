import { sql } from 'drizzle-orm';
import { withTenant, type Transaction } from '@/server/db';
import { validateNewEvent, type NewEvent } from './catalog';
import { currentMetadata } from './correlation';
import { enqueueAsyncHandlers, runInlineHandlers } from './dispatch';
import { ConcurrencyError, DuplicateEventError } from './errors';
import type { HandlerContext } from './handlers';
import { eventMetadataSchema, type Actor, type EventMetadata } from './metadata';
import { events } from './schema';
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
 */
export async function appendToStream(streamId: string, newEvents: NewEvent[], options: AppendOptions): Promise<AppendResult> {
  if (newEvents.length === 0) throw new Error('appendToStream needs at least one event');
  const ids = newEvents.map((event) => event.eventId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new DuplicateEventError(duplicate);
  const prepared = newEvents.map(validateNewEvent);
  const metadata = eventMetadataSchema.parse({ ...currentMetadata(), ...options.metadata });
  const append = (tx: Transaction) => appendInTransaction(tx, streamId, prepared, metadata, options);
  return options.tx ? append(options.tx) : withTenant(options.tenantId, append);
}

type PreparedEvent = ReturnType<typeof validateNewEvent>;

async function appendInTransaction(
  tx: Transaction,
  streamId: string,
  prepared: PreparedEvent[],
  metadata: EventMetadata,
  { tenantId, expectedVersion }: AppendOptions,
): Promise<AppendResult> {
  // Appenders to one stream take turns (until their transactions end), so the
  // version read next is the latest committed one and cannot change under us.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`events:${tenantId}:${streamId}`}, 0))`);
  const { version, stored } = await streamState(tx, tenantId, streamId, prepared.map((event) => event.eventId));

  const misplaced = stored.find((event) => event.streamId !== streamId);
  if (misplaced) throw new DuplicateEventError(misplaced.eventId);
  const storedIds = new Set(stored.map((event) => event.eventId));
  const fresh = prepared.filter((event) => !storedIds.has(event.eventId));
  // Every event already stored: a retry of an append that succeeded. Nothing to do.
  if (fresh.length === 0) return { nextExpectedVersion: version, events: [], alreadyStored: [...storedIds] };
  if (!versionMatches(expectedVersion, version)) throw new ConcurrencyError(streamId, expectedVersion, version);

  const rows = await tx
    .insert(events)
    .values(fresh.map((event, index) => ({ ...event, tenantId, streamId, streamVersion: version + index + 1, metadata })))
    .returning()
    .catch((error: unknown) => {
      throw translateUniqueViolation(error, streamId, expectedVersion) ?? error;
    });
  const appended = rows.map(toStoredEvent);

  await runInlineHandlers(appended, handlerContext(tx, tenantId));
  await enqueueAsyncHandlers(tx, appended);
  return { nextExpectedVersion: version + fresh.length, events: appended, alreadyStored: [...storedIds] };
}

/** The stream's current version, and which of `eventIds` are already in the log (and where). */
async function streamState(tx: Transaction, tenantId: string, streamId: string, eventIds: string[]) {
  const { rows } = await tx.execute<{ version: number; stored: { eventId: string; streamId: string }[] }>(sql`
    select
      (select coalesce(max(stream_version), 0) from events where tenant_id = ${tenantId} and stream_id = ${streamId}) as version,
      (select coalesce(json_agg(json_build_object('eventId', event_id, 'streamId', stream_id)), '[]')
         from events where event_id = any(${sql.param(eventIds)}::uuid[])) as stored`);
  return rows[0]!;
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  return expected === actual;
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
