import { PgBoss } from 'pg-boss';

/**
 * pg-boss wakes workers with LISTEN/NOTIFY rather than waiting for the next
 * poll; queues opt in with `notify: true` when they are created.
 */
export function createBoss(databaseUrl: string): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, useListenNotify: true, schema: 'pgboss' });
}
