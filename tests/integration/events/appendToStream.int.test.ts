import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/server/db';
import { appendToStream, ConcurrencyError, DuplicateEventError, EventSchemaError, readStream, subscribe, unsubscribe, UnknownEventTypeError } from '@/server/events';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { ItemAdded, ItemRemoved, newTenant } from './fixtures';

let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
});

const stored = async (streamId: string) => (await ownerQuery<{ n: string }>('select count(*) as n from events where stream_id = $1', [streamId]))[0]!.n;

describe('appendToStream', () => {
  it('stores a batch with consecutive versions and returns the next expected version', async () => {
    const result = await appendToStream('cart-1', [ItemAdded.create({ sku: 'a', quantity: 1 }), ItemAdded.create({ sku: 'b', quantity: 2 })], {
      tenantId,
      expectedVersion: 'no_stream',
    });
    expect(result.nextExpectedVersion).toBe(2);
    expect(result.events.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
      [1, 'ItemAdded', { sku: 'a', quantity: 1 }],
      [2, 'ItemAdded', { sku: 'b', quantity: 2 }],
    ]);
    expect(result.events[1]!.position).toBeGreaterThan(result.events[0]!.position);
    const again = await appendToStream('cart-1', [ItemRemoved.create({ sku: 'a' })], { tenantId, expectedVersion: 2 });
    expect(again.nextExpectedVersion).toBe(3);
  });

  it('of 32 parallel appends with the same expected version, exactly one wins and the rest get ConcurrencyError', async () => {
    await appendToStream('race', [ItemAdded.create({ sku: 'seed', quantity: 1 })], { tenantId, expectedVersion: 'no_stream' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 32 }, (_, i) => appendToStream('race', [ItemAdded.create({ sku: `s${i}`, quantity: 1 })], { tenantId, expectedVersion: 1 })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(31);
    for (const error of lost) {
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ code: 'conflict', messageKey: 'events.concurrency', streamId: 'race', expected: 1, actual: 2 });
    }
    expect((await readStream({ tenantId }, 'race')).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('checks each kind of expected version', async () => {
    const add = () => [ItemAdded.create({ sku: 'x', quantity: 1 })];
    await expect(appendToStream('kinds', add(), { tenantId, expectedVersion: 'stream_exists' })).rejects.toMatchObject({ expected: 'stream_exists', actual: 0 });
    await expect(appendToStream('kinds', add(), { tenantId, expectedVersion: 3 })).rejects.toBeInstanceOf(ConcurrencyError);
    await appendToStream('kinds', add(), { tenantId, expectedVersion: 0 });
    await expect(appendToStream('kinds', add(), { tenantId, expectedVersion: 'no_stream' })).rejects.toMatchObject({ expected: 'no_stream', actual: 1 });
    await appendToStream('kinds', add(), { tenantId, expectedVersion: 'stream_exists' });
    await appendToStream('kinds', add(), { tenantId, expectedVersion: 'any' });
    await expect(appendToStream('kinds', add(), { tenantId, expectedVersion: 'any' })).resolves.toMatchObject({ nextExpectedVersion: 4 });
  });

  it('refuses a batch with one invalid payload before writing anything, naming the field', async () => {
    const batch = [ItemAdded.create({ sku: 'ok', quantity: 1 }), ItemAdded.create({ sku: 'bad', quantity: -1 })];
    const error = await appendToStream('invalid', batch, { tenantId, expectedVersion: 'any' }).catch((e) => e);
    expect(error).toBeInstanceOf(EventSchemaError);
    expect(error).toMatchObject({ code: 'invalid', messageKey: 'events.invalidPayload', field: 'quantity', params: { type: 'ItemAdded', field: 'quantity' } });
    expect(await stored('invalid')).toBe('0');
    const unknown = { type: 'NeverDeclared', data: {}, eventId: crypto.randomUUID() };
    await expect(appendToStream('invalid', [unknown], { tenantId, expectedVersion: 'any' })).rejects.toBeInstanceOf(UnknownEventTypeError);
  });

  it('commits all events of a batch or none: a handler failing on the second rolls back the first', async () => {
    subscribe({
      name: 'refusesRemovals',
      mode: 'inline',
      events: [ItemRemoved],
      handle: async () => {
        throw new Error('refused');
      },
    });
    try {
      const batch = [ItemAdded.create({ sku: 'a', quantity: 1 }), ItemRemoved.create({ sku: 'a' })];
      await expect(appendToStream('atomic', batch, { tenantId, expectedVersion: 'any' })).rejects.toThrow('refused');
      expect(await stored('atomic')).toBe('0');
    } finally {
      unsubscribe('refusesRemovals');
    }
  });

  it('treats re-appending a stored event id as a no-op, not a duplicate', async () => {
    const batch = [ItemAdded.create({ sku: 'a', quantity: 1 }), ItemAdded.create({ sku: 'b', quantity: 1 })];
    const first = await appendToStream('idempotent', batch, { tenantId, expectedVersion: 'no_stream' });
    // The same command retried, expected version and all: nothing new, no error.
    const retried = await appendToStream('idempotent', batch, { tenantId, expectedVersion: 'no_stream' });
    expect(retried).toEqual({ nextExpectedVersion: 2, events: [], alreadyStored: batch.map((e) => e.eventId) });
    expect(first.events).toHaveLength(2);
    expect(await stored('idempotent')).toBe('2');
    // Only the new event of a partly stored batch is appended.
    const more = await appendToStream('idempotent', [batch[1]!, ItemAdded.create({ sku: 'c', quantity: 1 })], { tenantId, expectedVersion: 2 });
    expect(more.events.map((e) => [e.streamVersion, e.data])).toEqual([[3, { sku: 'c', quantity: 1 }]]);
    // The same id under another stream is a producer bug, and refused.
    await expect(appendToStream('elsewhere', [batch[0]!], { tenantId, expectedVersion: 'any' })).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it('joins a caller’s open transaction: the events commit, or roll back, with the caller’s own writes', async () => {
    const failed = withTenant(tenantId, async (tx) => {
      await appendToStream('joined', [ItemAdded.create({ sku: 'a', quantity: 1 })], { tenantId, expectedVersion: 'no_stream', tx });
      await tx.execute(sql`select 1/0`);
    });
    await expect(failed).rejects.toThrow();
    expect(await stored('joined')).toBe('0');

    await withTenant(tenantId, async (tx) => {
      await appendToStream('joined', [ItemAdded.create({ sku: 'a', quantity: 1 })], { tenantId, expectedVersion: 'no_stream', tx });
      await appendToStream('joined', [ItemAdded.create({ sku: 'b', quantity: 1 })], { tenantId, expectedVersion: 1, tx });
      // Uncommitted, and already readable inside the transaction.
      expect(await readStream({ tenantId, tx }, 'joined')).toHaveLength(2);
      expect(await stored('joined')).toBe('0');
    });
    expect(await stored('joined')).toBe('2');
  });

  it('records an event when it is written, or at its transaction’s start when it stands for that moment', async () => {
    const { begun, events } = await withTenant(tenantId, async (tx) => {
      const [{ begun }] = (await tx.execute<{ begun: Date }>(sql`select now() as begun, pg_sleep(0.05)`)).rows as [{ begun: Date }];
      const early = { ...ItemAdded.create({ sku: 'started', quantity: 1 }), recordedAt: 'transactionStart' as const };
      const { events } = await appendToStream('timed', [early, ItemAdded.create({ sku: 'written', quantity: 1 })], { tenantId, expectedVersion: 'no_stream', tx });
      return { begun: new Date(begun), events };
    });
    const [started, written] = (await readStream({ tenantId }, 'timed')).map((e) => e.recordedAt.getTime());
    expect(started).toBe(begun.getTime());
    // Written after the 50 ms the transaction slept.
    expect(written! - begun.getTime()).toBeGreaterThanOrEqual(50);
    expect(events.map((e) => e.recordedAt.getTime())).toEqual([started, written]);
  });

  it('keeps streams of the same name in two workspaces apart, and never reads across them', async () => {
    const other = await newTenant();
    await appendToStream('shared-name', [ItemAdded.create({ sku: 'mine', quantity: 1 })], { tenantId, expectedVersion: 'no_stream' });
    await appendToStream('shared-name', [ItemAdded.create({ sku: 'theirs', quantity: 1 })], { tenantId: other, expectedVersion: 'no_stream' });
    expect((await readStream({ tenantId }, 'shared-name')).map((e) => e.data)).toEqual([{ sku: 'mine', quantity: 1 }]);
    expect((await readStream({ tenantId: other }, 'shared-name')).map((e) => e.data)).toEqual([{ sku: 'theirs', quantity: 1 }]);
    // Row-level security refuses an append into another workspace through a transaction scoped to this one.
    const crossing = withTenant(tenantId, (tx) => appendToStream('x', [ItemAdded.create({ sku: 'a', quantity: 1 })], { tenantId: other, expectedVersion: 'any', tx }));
    await expect(crossing).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });

  it('keeps the log append-only for the application role', async () => {
    const update = withTenant(tenantId, (tx) => tx.execute(sql`update events set data = '{}' where tenant_id = ${tenantId}`));
    await expect(update).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    const remove = withTenant(tenantId, (tx) => tx.execute(sql`delete from events where tenant_id = ${tenantId}`));
    await expect(remove).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });
});
