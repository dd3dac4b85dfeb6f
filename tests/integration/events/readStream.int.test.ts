import { beforeAll, describe, expect, it } from 'vitest';
import { appendToStream, readByCorrelation, readEvent, readStream, runCommand } from '@/server/events';
import { ItemAdded, newTenant } from './fixtures';

let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
  const items = Array.from({ length: 6 }, (_, i) => ItemAdded.create({ sku: `v${i + 1}`, quantity: i + 1 }));
  await appendToStream('six', items, { tenantId, expectedVersion: 'no_stream' });
});

const versions = (events: { streamVersion: number }[]) => events.map((e) => e.streamVersion);

describe('readStream', () => {
  it('reads forward from the start, or from a version, with a limit', async () => {
    expect(versions(await readStream({ tenantId }, 'six'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(versions(await readStream({ tenantId }, 'six', { fromVersion: 3, limit: 2 }))).toEqual([3, 4]);
    expect(versions(await readStream({ tenantId }, 'six', { fromVersion: 6, limit: 10 }))).toEqual([6]);
  });

  it('reads backward from the end, or from a version, with a limit', async () => {
    expect(versions(await readStream({ tenantId }, 'six', { direction: 'backward', limit: 2 }))).toEqual([6, 5]);
    expect(versions(await readStream({ tenantId }, 'six', { direction: 'backward', fromVersion: 3 }))).toEqual([3, 2, 1]);
  });

  it('returns nothing for a stream that does not exist', async () => {
    expect(await readStream({ tenantId }, 'nothing-here')).toEqual([]);
  });
});

describe('readByCorrelation and readEvent', () => {
  it('finds every event one command appended, across streams, in log order', async () => {
    const { first, second } = await runCommand({ actor: { kind: 'user', id: 'u-1' } }, async () => ({
      first: await appendToStream('order-1', [ItemAdded.create({ sku: 'a', quantity: 1 })], { tenantId, expectedVersion: 'any' }),
      second: await appendToStream('order-2', [ItemAdded.create({ sku: 'b', quantity: 1 })], { tenantId, expectedVersion: 'any' }),
    }));
    await appendToStream('order-1', [ItemAdded.create({ sku: 'unrelated', quantity: 1 })], { tenantId, expectedVersion: 'any' });

    const correlationId = first.events[0]!.metadata.correlationId;
    const found = await readByCorrelation({ tenantId }, correlationId);
    expect(found.map((e) => e.eventId)).toEqual([first.events[0]!.eventId, second.events[0]!.eventId]);
    expect(await readEvent({ tenantId }, second.events[0]!.eventId)).toMatchObject({ streamId: 'order-2', metadata: { correlationId, actor: { kind: 'user', id: 'u-1' } } });
    expect(await readEvent({ tenantId }, crypto.randomUUID())).toBeNull();
  });
});
