import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/server/db';
import { appendToStream, readAll, readAllInBatches, readByCorrelation, readEvent, readStream, startOfLog, type LogCheckpoint, type StoredEvent } from '@/server/events';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { gate, ItemAdded, newTenant, waitFor } from './fixtures';

let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
});

/** Reads the log from `after` until it has returned `count` events (other databases' transactions on the server can hold it back briefly). */
async function readUntil(after: LogCheckpoint, count: number): Promise<{ events: StoredEvent[]; checkpoint: LogCheckpoint }> {
  return waitFor(async () => {
    const batch = await readAll({ tenantId }, { after });
    return batch.events.length >= count ? batch : undefined;
  }, `${count} events in the log`);
}

describe('readAll', () => {
  it('does not skip a late commit with a lower position: two overlapping transactions', async () => {
    const { checkpoint: start } = await readUntil(startOfLog, 0);

    // Transaction A appends first (lower position) and stays open…
    const holdA = gate();
    const appendedA = gate();
    let positionA = 0;
    const transactionA = withTenant(tenantId, async (tx) => {
      const { events } = await appendToStream('gap-a', [ItemAdded.create({ sku: 'late', quantity: 1 })], { tenantId, expectedVersion: 'any', tx });
      positionA = events[0]!.position;
      appendedA.open();
      await holdA.promise;
    });
    await appendedA.promise;

    // …while transaction B appends after it (higher position) and commits.
    const { events: eventsB } = await appendToStream('gap-b', [ItemAdded.create({ sku: 'early', quantity: 1 })], { tenantId, expectedVersion: 'any' });
    expect(eventsB[0]!.position).toBeGreaterThan(positionA);
    // The hazard: B's event is committed and visible, A's is not; a reader that
    // saved B's position as its checkpoint would never come back for A's.
    const visible = await ownerQuery<{ position: string }>('select position from events where tenant_id = $1', [tenantId]);
    expect(visible.map((row) => Number(row.position))).toEqual([eventsB[0]!.position]);

    // A reader now must not move past A's position: it sees nothing yet, and its checkpoint stays.
    const whileOpen = await readAll({ tenantId }, { after: start });
    expect(whileOpen.events).toEqual([]);
    expect(whileOpen.checkpoint).toEqual(start);

    holdA.open();
    await transactionA;

    // Once A commits, the reader gets both, A's first, from the checkpoint it kept.
    const afterCommit = await readUntil(whileOpen.checkpoint, 2);
    expect(afterCommit.events.map((e) => e.data)).toEqual([
      { sku: 'late', quantity: 1 },
      { sku: 'early', quantity: 1 },
    ]);
    expect(afterCommit.events.map((e) => e.position)).toEqual([positionA, eventsB[0]!.position]);
  });

  it('reads the log in batches from a checkpoint, each event once', async () => {
    const other = await newTenant();
    for (let i = 0; i < 7; i++) await appendToStream(`batch-${i % 3}`, [ItemAdded.create({ sku: `b${i}`, quantity: 1 })], { tenantId: other, expectedVersion: 'any' });
    await waitFor(async () => ((await readAll({ tenantId: other })).events.length === 7 ? true : undefined), 'the seven events');

    const seen: string[] = [];
    const checkpoints: LogCheckpoint[] = [];
    for await (const batch of readAllInBatches({ tenantId: other }, { limit: 3 })) {
      seen.push(...batch.events.map((e) => (e.data as { sku: string }).sku));
      checkpoints.push(batch.checkpoint);
    }
    expect(seen).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
    expect(checkpoints).toHaveLength(3);
    // Resuming from the middle checkpoint gives the rest.
    const rest = await readAll({ tenantId: other }, { after: checkpoints[1] });
    expect(rest.events.map((e) => (e.data as { sku: string }).sku)).toEqual(['b6']);
  });

  it('never returns another workspace’s events, whichever workspace a read names inside a transaction scoped to one', async () => {
    const stranger = await newTenant();
    const { events } = await appendToStream('private', [ItemAdded.create({ sku: 'secret', quantity: 1 })], { tenantId: stranger, expectedVersion: 'any' });
    const correlationId = events[0]!.metadata.correlationId;
    await waitFor(async () => ((await readAll({ tenantId: stranger })).events.length === 1 ? true : undefined), 'the stranger’s event');

    const seen = await withTenant(tenantId, async (tx) => ({
      log: (await readAll({ tenantId: stranger, tx })).events,
      stream: await readStream({ tenantId: stranger, tx }, 'private'),
      event: await readEvent({ tenantId: stranger, tx }, events[0]!.eventId),
      correlated: await readByCorrelation({ tenantId: stranger, tx }, correlationId),
    }));
    expect(seen).toEqual({ log: [], stream: [], event: null, correlated: [] });
  });
});
