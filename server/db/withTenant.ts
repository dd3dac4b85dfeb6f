import { sql } from 'drizzle-orm';
import { getDb, type Transaction } from './client';

/**
 * The one way into a tenant-scoped transaction: the tenant id is set for this
 * transaction only (`set_config(..., true)`), which row-level security reads.
 */
export function withTenant<T>(tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}
