import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { ConfigError, envSchema } from '@/server/config';
import { deferringStatements } from './deferredStatements';
import { PreparingClient } from './preparingClient';

export type Database = NodePgDatabase;
/** The handle a function receives inside `db.transaction(...)` or `withTenant(...)`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** What query functions accept: the pool-backed database or an open transaction. */
export type Executor = Database | Transaction;

/** Statements with parameters prepared (preparingClient.ts); a transaction's `begin` and deferrable statements sent with its next one (deferredStatements.ts). */
const appClient = deferringStatements(PreparingClient);

const globalForDb = globalThis as unknown as { tramiteDb?: { db: Database; pool: pg.Pool } };

/**
 * One pool per process, kept on globalThis so Next's dev reloads reuse it.
 * Read lazily: `next build` imports this module without a database.
 */
export function getDb(): Database {
  if (!globalForDb.tramiteDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: start Tramite with `npm start`, or set it.');
    const pool = new pg.Pool({ connectionString, max: databasePoolSize(), Client: appClient });
    // An idle connection dropped by the server (restart, failover) is replaced on next use; without
    // a listener its error event would end the process.
    pool.on('error', (error) => console.error(`Database connection lost: ${error.message}`));
    globalForDb.tramiteDb = { pool, db: drizzle({ client: pool }) };
  }
  return globalForDb.tramiteDb.db;
}

/**
 * The connections of this process's pool: DATABASE_POOL_SIZE, 10 by default.
 * Read on its own, like DATABASE_URL (scripts that only migrate have no full
 * configuration), with the configuration's rule, so a bad value is named.
 */
export function databasePoolSize(): number {
  const parsed = envSchema.shape.DATABASE_POOL_SIZE.safeParse(process.env.DATABASE_POOL_SIZE || undefined);
  if (!parsed.success) throw new ConfigError([`DATABASE_POOL_SIZE: ${parsed.error.issues[0]!.message}`]);
  return parsed.data;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.tramiteDb;
  globalForDb.tramiteDb = undefined;
  await current?.pool.end();
}
