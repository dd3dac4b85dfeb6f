import { and, desc, eq, lt } from 'drizzle-orm';
import { defineProjection } from '../projections';
import { inScope, type ReadScope } from '../readScope';
import { streamSummaries, type StreamSummary } from '../schema';

/** One row per stream: its version, first and last event types, when it started and last changed. */
export const streamSummariesProjection = defineProjection({
  name: 'streamSummaries',
  tables: [streamSummaries],
  events: 'all',
  // Every append touches this model, so it is applied in SQL, in the append's
  // own statement (migration 0007): an upsert of the stream's row, which
  // neither a second application of an event nor an older one after a newer changes.
  sqlFunction: 'project_stream_summaries',
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
