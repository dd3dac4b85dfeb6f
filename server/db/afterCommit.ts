import { AsyncLocalStorage } from 'node:async_hooks';
import { logger } from '@/server/observability';
import { databasePoolSize, getDb, type Transaction } from './client';
import { Slots } from './transactionSlots';

type Hook = () => unknown;
const pending = new AsyncLocalStorage<Hook[]>();

/**
 * Transactions not opened inside another may run at once one fewer than the
 * pool has connections. A transaction may open a second one while it holds
 * its connection (a workflow step that runs on commits its start on its
 * own, and a failed one its failure): were every connection held by such a
 * transaction, each waiting for one more, none would ever go on. The
 * connection kept back lets one of them finish.
 */
const outerTransactions = new Slots(() => Math.max(1, databasePoolSize() - 1));

/**
 * Opens a top-level transaction whose `afterCommit` hooks run once it has
 * committed (and never if it rolls back). Each top-level transaction gets its
 * own list, so a separate transaction nested in the code of another flushes
 * its hooks at its own commit, not at the outer one's.
 */
export async function inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const nested = pending.getStore() !== undefined;
  const release = nested ? () => {} : await outerTransactions.acquire();
  const hooks: Hook[] = [];
  let result: T;
  try {
    result = await pending.run(hooks, () => getDb().transaction(fn));
  } finally {
    release();
  }
  await runHooks(hooks);
  return result;
}

/**
 * A savepoint inside `tx`: its `afterCommit` hooks join the transaction's
 * when it is released, and are dropped with its writes when it rolls back.
 */
export async function inSavepoint<T>(tx: Transaction, fn: (savepoint: Transaction) => Promise<T>): Promise<T> {
  const outer = pending.getStore();
  const hooks: Hook[] = [];
  const result = await pending.run(hooks, () => tx.transaction(fn));
  if (outer) outer.push(...hooks);
  else if (hooks.length) throw new Error('inSavepoint needs a transaction opened by inTransaction, withTenant, withUser or withSecretLookup');
  return result;
}

/**
 * Work that must only happen once the current transaction's writes are
 * visible to others (publishing a realtime message about them). Hooks are
 * best-effort: a failure is logged and does not undo the commit.
 */
export function afterCommit(hook: Hook): void {
  const hooks = pending.getStore();
  if (!hooks) throw new Error('afterCommit needs a transaction opened by inTransaction, withTenant, withUser or withSecretLookup');
  hooks.push(hook);
}

/** Runs the hooks in order; a throwing hook does not stop the others. */
async function runHooks(hooks: Hook[]): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      logger.warn({ err: error }, 'after-commit hook failed');
    }
  }
}
