import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { inScope, type ReadScope } from './readScope';
import { events } from './schema';
import { toStoredEvent, type StoredEvent } from './storedEvent';

export type ReadStreamOptions = {
  /** `forward` (oldest first, the default) or `backward` (newest first). */
  direction?: 'forward' | 'backward';
  /** The first version to return; forward defaults to 1, backward to the last version. */
  fromVersion?: number;
  limit?: number;
};

/** A stream's events from a version, in either direction, upcast to their current schema versions. */
export async function readStream(scope: ReadScope, streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
  const backward = options.direction === 'backward';
  const from = options.fromVersion;
  const rows = await inScope(scope, (tx) =>
    tx
      .select()
      .from(events)
      .where(
        and(
          eq(events.tenantId, scope.tenantId),
          eq(events.streamId, streamId),
          from === undefined ? undefined : backward ? lte(events.streamVersion, from) : gte(events.streamVersion, from),
        ),
      )
      .orderBy(backward ? desc(events.streamVersion) : asc(events.streamVersion))
      .limit(options.limit ?? 1000),
  );
  return rows.map(toStoredEvent);
}
