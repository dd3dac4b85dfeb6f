import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inScope, type ReadScope } from './readScope';
import { events, streamSummaries, type EventRow } from './schema';
import { toStoredEvent, type StoredEvent } from './storedEvent';

/** What the event browser can ask for: newest first, paged by position (keyset, so deep pages stay fast). */
export const browseEventsInput = z.object({
  type: z.string().trim().min(1).max(200).optional(),
  streamId: z.string().trim().min(1).max(500).optional(),
  correlationId: z.uuid().optional(),
  /** The position of the last event of the previous page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type BrowseEventsInput = z.input<typeof browseEventsInput>;

/** A page of a workspace's events, newest first, and the `before` of the next page (null on the last). */
export async function browseEvents(scope: ReadScope, input: BrowseEventsInput): Promise<{ events: StoredEvent[]; nextBefore: number | null }> {
  const { type, streamId, correlationId, before, limit } = browseEventsInput.parse(input);
  const rows = await inScope(scope, (tx) =>
    tx
      .select()
      .from(events)
      .where(
        and(
          eq(events.tenantId, scope.tenantId),
          type ? eq(events.type, type) : undefined,
          streamId ? eq(events.streamId, streamId) : undefined,
          correlationId ? sql`${events.metadata} ->> 'correlationId' = ${correlationId}` : undefined,
          before ? lt(events.position, before) : undefined,
        ),
      )
      .orderBy(desc(events.position))
      .limit(limit + 1),
  );
  const page = rows.slice(0, limit);
  return { events: page.map(forDisplay), nextBefore: rows.length > limit ? page.at(-1)!.position : null };
}

/** One event for the browser (as stored, should its upcast fail), or null. */
export async function browseEvent(scope: ReadScope, eventId: string): Promise<StoredEvent | null> {
  if (!z.uuid().safeParse(eventId).success) return null;
  const [row] = await inScope(scope, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.tenantId, scope.tenantId), eq(events.eventId, eventId))),
  );
  return row ? forDisplay(row) : null;
}

/**
 * The causes of an event up to the command that started it (oldest first),
 * and the events it caused directly. Each step is one indexed lookup;
 * chains are as long as a workflow, so the walk is capped rather than paged.
 */
export async function causationOf(scope: ReadScope, event: StoredEvent, maxDepth = 50): Promise<{ parents: StoredEvent[]; children: StoredEvent[] }> {
  return inScope(scope, async (tx) => {
    const inTx = { tenantId: scope.tenantId, tx };
    const parents: StoredEvent[] = [];
    for (let causeId = event.metadata.causationId; causeId && parents.length < maxDepth; ) {
      const cause = await browseEvent(inTx, causeId);
      if (!cause) break;
      parents.unshift(cause);
      causeId = cause.metadata.causationId;
    }
    const children = await tx
      .select()
      .from(events)
      .where(and(eq(events.tenantId, scope.tenantId), sql`${events.metadata} ->> 'causationId' = ${event.eventId}`))
      .orderBy(asc(events.position))
      .limit(200);
    return { parents, children: children.map(forDisplay) };
  });
}

/**
 * The event types a workspace has stored, each found with one index probe
 * (a loose scan of the (tenant, type, position) index) rather than by
 * reading every event.
 */
export async function listEventTypes(scope: ReadScope): Promise<string[]> {
  const { rows } = await inScope(scope, (tx) =>
    tx.execute<{ type: string }>(sql`
      with recursive found(type) as (
        (select type from events where tenant_id = ${scope.tenantId} order by type limit 1)
        union all
        select (select e.type from events e where e.tenant_id = ${scope.tenantId} and e.type > found.type order by e.type limit 1)
        from found where found.type is not null
      )
      select type from found where type is not null`),
  );
  return rows.map((row) => row.type);
}

/** The browser shows an event whose upcast fails as it is stored, rather than failing the whole page. */
function forDisplay(row: EventRow): StoredEvent {
  try {
    return toStoredEvent(row);
  } catch {
    return row;
  }
}

/** An event with its causation chain, read in one transaction; null when the workspace has no such event. */
export async function eventWithCausation(scope: ReadScope, eventId: string) {
  return inScope(scope, async (tx) => {
    const inTx = { tenantId: scope.tenantId, tx };
    const event = await browseEvent(inTx, eventId);
    return event ? { event, ...(await causationOf(inTx, event)) } : null;
  });
}

export const streamHistoryInput = browseEventsInput.pick({ streamId: true, before: true, limit: true }).required({ streamId: true });

/** A stream's summary and a page of its events, newest first; null when the workspace has no such stream. */
export async function streamHistory(scope: ReadScope, input: z.input<typeof streamHistoryInput>) {
  const { streamId, before, limit } = streamHistoryInput.parse(input);
  return inScope(scope, async (tx) => {
    const inTx = { tenantId: scope.tenantId, tx };
    const page = await browseEvents(inTx, { streamId, before, limit });
    if (page.events.length === 0 && !before) return null;
    const [summary] = await tx
      .select()
      .from(streamSummaries)
      .where(and(eq(streamSummaries.tenantId, scope.tenantId), eq(streamSummaries.streamId, streamId)));
    return { streamId, summary: summary ?? null, ...page };
  });
}
