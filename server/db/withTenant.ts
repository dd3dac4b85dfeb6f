import { sql } from 'drizzle-orm';
import { escapeLiteral } from 'pg';
import { inTransaction } from './afterCommit';
import { deferrable } from './deferredStatements';
import type { Transaction } from './client';

/**
 * Row-level security reads per-transaction settings (see migration 0002).
 * `set_config(..., true)` scopes each one to the current transaction, so a
 * pooled connection never carries one caller's scope into the next.
 */
type Scope = { 'app.tenant_id'?: string; 'app.user_id'?: string; 'app.secret_hash'?: string };

/**
 * Deferrable, and one text without parameters (the values quoted as
 * literals): it travels with the transaction's `begin` and its next
 * statement, in one round trip (deferredStatements.ts).
 */
async function enterScope(tx: Transaction, scope: Scope): Promise<void> {
  const settings = Object.entries(scope).map(([name, value]) => `set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, true)`);
  await tx.execute(sql.raw(deferrable(`select ${settings.join(', ')}`)));
}

function inScope<T>(scope: Scope, fn: (tx: Transaction) => Promise<T>, within?: Transaction): Promise<T> {
  if (within) return enterScope(within, scope).then(() => fn(within));
  return inTransaction(async (tx) => {
    await enterScope(tx, scope);
    return fn(tx);
  });
}

/**
 * The one way into a tenant-scoped transaction. `within` joins a transaction
 * the caller already has open (sign-up creates the user and the workspace in
 * one); from then on that transaction is scoped to this tenant.
 */
export function withTenant<T>(tenantId: string, fn: (tx: Transaction) => Promise<T>, within?: Transaction): Promise<T> {
  return inScope({ 'app.tenant_id': tenantId }, fn, within);
}

/** A person's own memberships across workspaces (the switcher, the membership check). */
export function withUser<T>(userId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return inScope({ 'app.user_id': userId }, fn);
}

/** The one row whose secret the caller holds (an API token, an invitation link), found by its hash. */
export function withSecretLookup<T>(secretHash: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return inScope({ 'app.secret_hash': secretHash }, fn);
}
