import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendToStream, findStreamSummary, listStreams, rebuildProjection } from '@/server/events';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { ItemAdded, ItemRemoved, newTenant } from './fixtures';

/** The whole read model, as the database owner sees it (every workspace). */
const summaries = () => ownerQuery('select * from stream_summaries order by tenant_id, stream_id');

let alpha: string;
let beta: string;
beforeAll(async () => {
  alpha = await newTenant();
  beta = await newTenant();
  for (const [tenantId, streams] of [
    [alpha, ['cart-1', 'cart-2', 'cart-3']],
    [beta, ['cart-1', 'order-9']],
  ] as const) {
    for (const streamId of streams) {
      await appendToStream(streamId, [ItemAdded.create({ sku: 'a', quantity: 1 }), ItemAdded.create({ sku: 'b', quantity: 2 })], { tenantId, expectedVersion: 'no_stream' });
      if (streamId !== 'cart-2') await appendToStream(streamId, [ItemRemoved.create({ sku: 'a' })], { tenantId, expectedVersion: 2 });
    }
  }
});

describe('the stream summaries read model', () => {
  it('is kept by its inline projection in the append’s transaction', async () => {
    expect(await findStreamSummary({ tenantId: alpha }, 'cart-1')).toMatchObject({ version: 3, firstType: 'ItemAdded', lastType: 'ItemRemoved' });
    expect(await findStreamSummary({ tenantId: alpha }, 'cart-2')).toMatchObject({ version: 2, lastType: 'ItemAdded' });
    expect((await listStreams({ tenantId: beta })).map((s) => s.streamId)).toEqual(['order-9', 'cart-1']);
    const page = await listStreams({ tenantId: alpha }, { limit: 2 });
    const next = await listStreams({ tenantId: alpha }, { before: page.at(-1)!.lastPosition });
    expect([...page, ...next].map((s) => s.streamId)).toEqual(['cart-3', 'cart-2', 'cart-1']);
  });

  it('given a damaged read model, when it is rebuilt, then it equals the live one again', async () => {
    const live = await summaries();
    expect(live).toHaveLength(5);
    await ownerQuery(`delete from stream_summaries where stream_id = 'cart-3'`);
    await ownerQuery(`update stream_summaries set version = 99, last_type = 'Bogus' where stream_id = 'cart-1'`);
    await ownerQuery(`insert into stream_summaries select tenant_id, 'ghost', 1, 'X', 'X', 0, now(), now() from stream_summaries limit 1`);

    const report = await rebuildProjection('streamSummaries');
    expect(report).toEqual({ name: 'streamSummaries', tenants: 2, events: 14 });
    expect(await summaries()).toEqual(live);
  });

  it('rebuilt while appends run, ends equal to the live model those appends kept', async () => {
    const appends = Array.from({ length: 24 }, (_, i) =>
      appendToStream(`busy-${i % 4}`, [ItemAdded.create({ sku: `n${i}`, quantity: 1 })], { tenantId: i % 2 ? alpha : beta, expectedVersion: 'any' }),
    );
    const rebuilds = [rebuildProjection('streamSummaries'), rebuildProjection('streamSummaries')];
    await Promise.all([...appends, ...rebuilds]);
    const live = await summaries();
    await rebuildProjection('streamSummaries');
    expect(await summaries()).toEqual(live);
  });

  it('is rebuilt by `npm run projections:rebuild streamSummaries`', async () => {
    const live = await summaries();
    await ownerQuery('delete from stream_summaries');
    const run = spawnSync('npm', ['run', '--silent', 'projections:rebuild', '--', 'streamSummaries'], { env: process.env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^streamSummaries: replayed \d+ events for 2 workspaces$/m);
    expect(run.status).toBe(0);
    expect(await summaries()).toEqual(live);
  });

  it('refuses an unknown read model by name', () => {
    const run = spawnSync('npm', ['run', '--silent', 'projections:rebuild', '--', 'noSuchModel'], { env: process.env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Unknown read model: noSuchModel\. Known: documents, streamSummaries\./);
  });

  it('summarises a stream begun by an append of several events with its first event and its last', async () => {
    const tenantId = await newTenant();
    const appended = await appendToStream('basket-1', [ItemAdded.create({ sku: 'a', quantity: 1 }), ItemAdded.create({ sku: 'b', quantity: 1 }), ItemRemoved.create({ sku: 'a' })], {
      tenantId,
      expectedVersion: 'no_stream',
    });
    const [first, , last] = appended.events;
    expect(await findStreamSummary({ tenantId }, 'basket-1')).toMatchObject({
      version: 3,
      firstType: 'ItemAdded',
      lastType: 'ItemRemoved',
      lastPosition: last!.position,
      startedAt: first!.recordedAt,
      updatedAt: last!.recordedAt,
    });
  });
});
