import { withTenant, type Transaction } from '@/server/db';

/** Where a read runs: a workspace, and optionally a transaction already scoped to it by withTenant. */
export type ReadScope = { tenantId: string; tx?: Transaction };

export function inScope<T>(scope: ReadScope, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return scope.tx ? fn(scope.tx) : withTenant(scope.tenantId, fn);
}
