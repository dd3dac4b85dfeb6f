/**
 * A step that runs long has its start committed on its own, in a transaction
 * that needs a second connection beside the step's (stepStart.ts). When the
 * pool has none to give, because steps like this one hold them all, the
 * step's outcome must not wait for that transaction: each step would wait
 * for a connection only another waiting step could give back.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { getDb, withTenant } from '@/server/db';
import type { AppendResult } from '@/server/events';
import { commitStartIfStillRunning } from '@/server/workflows/stepStart';
import { gate, newTenant, waitFor } from '../events/fixtures';

describe('a step start committed on its own', () => {
  it('is not waited for while it waits for a connection: with every connection held by steps, the step settles and its start goes with the outcome', async () => {
    const tenantId = await newTenant();
    const pool = getDb().$client as pg.Pool;
    const others = gate();
    const holders: Promise<void>[] = [];
    let appendedOnItsOwn = false;
    const settling = withTenant(tenantId, async () => {
      const start = commitStartIfStillRunning(tenantId, async () => {
        appendedOnItsOwn = true;
        return undefined;
      });
      // Every other connection of the pool taken by a step of its own, running on.
      while (holders.length < pool.options.max - 1) holders.push(withTenant(tenantId, () => others.promise));
      await waitFor(async () => (pool.waitingCount > 0 ? true : undefined), 'the start to wait for a connection');
      // Bounded, so that a settle waiting for the connection fails this test rather than hanging the run.
      return Promise.race([start.settle(), new Promise((_, reject) => setTimeout(() => reject(new Error('settle waited for a connection')), 5_000))]);
    });
    try {
      expect(await settling).toBeUndefined();
    } finally {
      others.open();
      await Promise.all(holders);
    }
    // Once a connection came free, the start found the step settled and appended nothing of its own.
    await waitFor(async () => (pool.waitingCount === 0 && pool.idleCount === pool.totalCount ? true : undefined), 'the start’s transaction to end');
    expect(appendedOnItsOwn).toBe(false);
  });

  it('is waited for once it has its connection, and its append is what the step settles with', async () => {
    const tenantId = await newTenant();
    const appended: AppendResult = { nextExpectedVersion: 1, events: [], alreadyStored: [] };
    const began = gate();
    const settled = await withTenant(tenantId, async () => {
      const start = commitStartIfStillRunning(tenantId, async () => {
        began.open();
        return appended;
      });
      await began.promise;
      return start.settle();
    });
    expect(settled).toBe(appended);
  });
});
