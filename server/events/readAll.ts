import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inScope, type ReadScope } from './readScope';
import { events } from './schema';
import { toStoredEvent, type StoredEvent } from './storedEvent';

/** Where a reader of the log stopped: the last event it read, by writing transaction and position. */
export type LogCheckpoint = { transactionId: string; position: number };
export const startOfLog: LogCheckpoint = { transactionId: '0', position: 0 };

export type ReadAllOptions = { after?: LogCheckpoint; limit?: number; types?: string[] };

/**
 * The next batch of the log after a checkpoint, in an order that never skips
 * an event. Positions are taken at insert, not at commit: a transaction that
 * took position 10 may commit after one that took 11, and a reader that saw
 * 11 and saved "11" would never see 10. So this reads only events whose
 * writing transaction is older than every transaction still running
 * (`pg_snapshot_xmin`), ordered by (transaction id, position): nothing can
 * commit behind that line later. The cost is that one long transaction
 * anywhere holds readers back until it ends.
 */
export async function readAll(scope: ReadScope, options: ReadAllOptions = {}): Promise<{ events: StoredEvent[]; checkpoint: LogCheckpoint }> {
  const after = options.after ?? startOfLog;
  const rows = await inScope(scope, (tx) =>
    tx
      .select()
      .from(events)
      .where(
        and(
          eq(events.tenantId, scope.tenantId),
          sql`(${events.transactionId}, ${events.position}) > (${after.transactionId}::xid8, ${after.position})`,
          sql`${events.transactionId} < pg_snapshot_xmin(pg_current_snapshot())`,
          options.types ? inArray(events.type, options.types) : undefined,
        ),
      )
      .orderBy(asc(events.transactionId), asc(events.position))
      .limit(options.limit ?? 500),
  );
  const last = rows.at(-1);
  return { events: rows.map(toStoredEvent), checkpoint: last ? { transactionId: last.transactionId, position: last.position } : after };
}

/** The log from a checkpoint to what is safely readable now, batch by batch, each with the checkpoint after it. */
export async function* readAllInBatches(scope: ReadScope, options: ReadAllOptions = {}): AsyncGenerator<{ events: StoredEvent[]; checkpoint: LogCheckpoint }> {
  let after = options.after ?? startOfLog;
  for (;;) {
    const batch = await readAll(scope, { ...options, after });
    if (batch.events.length === 0) return;
    yield batch;
    after = batch.checkpoint;
  }
}
