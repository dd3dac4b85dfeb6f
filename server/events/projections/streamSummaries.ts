import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { defineProjection } from '../projections';
import { inScope, type ReadScope } from '../readScope';
import { streamSummaries, type StreamSummary } from '../schema';

/** One row per stream: its version, first and last event types, when it started and last changed. */
export const streamSummariesProjection = defineProjection({
  name: 'streamSummaries',
  tables: [streamSummaries],
  events: 'all',
  apply: async (event, tx) => {
    const summary = {
      tenantId: event.tenantId,
      streamId: event.streamId,
      version: event.streamVersion,
      firstType: event.type,
      lastType: event.type,
      lastPosition: event.position,
      startedAt: event.recordedAt,
      updatedAt: event.recordedAt,
    };
    await tx
      .insert(streamSummaries)
      .values(summary)
      .onConflictDoUpdate({
        target: [streamSummaries.tenantId, streamSummaries.streamId],
        set: { version: summary.version, lastType: summary.lastType, lastPosition: summary.lastPosition, updatedAt: summary.updatedAt },
        // Applying an event twice, or an older one after a newer, changes nothing.
        setWhere: sql`${streamSummaries.version} < ${summary.version}`,
      });
  },
});

/** A workspace's streams, most recently changed first; `before` is the last position of the previous page. */
export function listStreams(scope: ReadScope, options: { before?: number; limit?: number } = {}): Promise<StreamSummary[]> {
  return inScope(scope, (tx) =>
    tx
      .select()
      .from(streamSummaries)
      .where(and(eq(streamSummaries.tenantId, scope.tenantId), options.before === undefined ? undefined : lt(streamSummaries.lastPosition, options.before)))
      .orderBy(desc(streamSummaries.lastPosition))
      .limit(options.limit ?? 50),
  );
}

/** One stream's summary, or null. */
export async function findStreamSummary(scope: ReadScope, streamId: string): Promise<StreamSummary | null> {
  const [row] = await inScope(scope, (tx) =>
    tx
      .select()
      .from(streamSummaries)
      .where(and(eq(streamSummaries.tenantId, scope.tenantId), eq(streamSummaries.streamId, streamId))),
  );
  return row ?? null;
}
