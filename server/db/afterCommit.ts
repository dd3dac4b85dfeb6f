import { AsyncLocalStorage } from 'node:async_hooks';
import { logger } from '@/server/observability';
import { getDb, type Transaction } from './client';

type Hook = () => unknown;
const pending = new AsyncLocalStorage<Hook[]>();

/**
 * Opens a top-level transaction whose `afterCommit` hooks run once it has
 * committed (and never if it rolls back). Each top-level transaction gets its
 * own list, so a separate transaction nested in the code of another flushes
 * its hooks at its own commit, not at the outer one's.
 */
export async function inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const hooks: Hook[] = [];
  const result = await pending.run(hooks, () => getDb().transaction(fn));
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
