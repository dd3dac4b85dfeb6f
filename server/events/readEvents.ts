import { and, asc, eq, sql } from 'drizzle-orm';
import { inScope, type ReadScope } from './readScope';
import { events } from './schema';
import { toStoredEvent, type StoredEvent } from './storedEvent';

/** One event by id, or null when the workspace has none with that id. */
export async function readEvent(scope: ReadScope, eventId: string): Promise<StoredEvent | null> {
  const [row] = await inScope(scope, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.tenantId, scope.tenantId), eq(events.eventId, eventId))),
  );
  return row ? toStoredEvent(row) : null;
}

/** Everything that followed from one command, in log order. */
export async function readByCorrelation(scope: ReadScope, correlationId: string, limit = 1000): Promise<StoredEvent[]> {
  const rows = await inScope(scope, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.tenantId, scope.tenantId), sql`${events.metadata} ->> 'correlationId' = ${correlationId}`))
      .orderBy(asc(events.position))
      .limit(limit),
  );
  return rows.map(toStoredEvent);
}
