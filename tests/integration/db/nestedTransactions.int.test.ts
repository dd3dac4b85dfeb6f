/**
 * A transaction that opens another while it holds its connection (as a
 * workflow step that runs on commits its start on its own) must not deadlock the pool,
 * however many run at once: here six on a pool of three.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

// Before anything creates the pool.
process.env.DATABASE_POOL_SIZE = '3';
const { inTransaction, withTenant } = await import('@/server/db');
const { newTenant } = await import('../events/fixtures');

describe('transactions opened inside others', () => {
  it('all finish when every connection is held by a transaction waiting for another', { timeout: 15_000 }, async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        inTransaction(async (tx) => {
          await tx.execute(sql`select pg_sleep(0.1)`);
          return inTransaction(async (inner) => (await inner.execute<{ n: number }>(sql`select ${i}::int as n`)).rows[0]!.n);
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does the same through withTenant, as the handlers of a workspace do', { timeout: 15_000 }, async () => {
    const tenantId = await newTenant();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withTenant(tenantId, async (tx) => {
          await tx.execute(sql`select pg_sleep(0.1)`);
          return withTenant(tenantId, async (inner) => (await inner.execute<{ tenant: string }>(sql`select current_setting('app.tenant_id') as tenant`)).rows[0]!.tenant + i);
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 6 }, (_, i) => tenantId + i));
  });
});
