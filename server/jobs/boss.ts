import { PgBoss } from 'pg-boss';
import { PreparingClient } from '@/server/db';
import { logger } from '@/server/observability';

/**
 * How often the supervisor looks for jobs whose heartbeat stopped (a worker
 * killed mid-step) and fails them into their retry: with handler queues'
 * 10 s heartbeat, such a job runs again within some 20 s rather than
 * pg-boss's default of up to 70 s.
 */
const supervision = { superviseIntervalSeconds: 10, monitorIntervalSeconds: 10 } as const;

/**
 * Workers are woken by LISTEN/NOTIFY rather than waiting for the next poll,
 * but through our own announcements after commit (jobAnnouncements.ts), not
 * pg-boss's in-transaction NOTIFY: its listener is not needed.
 */
export function createBoss(databaseUrl: string): PgBoss {
  // Named prepared statements: planning its job fetch was over half of pg-boss's statement time (server/db/preparingClient.ts).
  return new PgBoss({ connectionString: databaseUrl, useListenNotify: false, schema: 'pgboss', ...supervision, Client: PreparingClient } as ConstructorParameters<typeof PgBoss>[0]);
}

const globalForBoss = globalThis as unknown as { tramiteBoss?: Promise<PgBoss> };

/**
 * The process's started pg-boss on DATABASE_URL, created on first use: the
 * web server needs one to enqueue jobs (inside its own transactions), the
 * worker to work them. Kept on globalThis so dev reloads reuse it.
 */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.tramiteBoss ??= (async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: start Tramite with `npm start`, or set it.');
    const boss = createBoss(connectionString);
    boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
    return boss.start();
  })().catch((error) => {
    globalForBoss.tramiteBoss = undefined;
    throw error;
  });
  return globalForBoss.tramiteBoss;
}

/** Stops the process's pg-boss, letting running jobs finish within `timeoutMs`. */
export async function stopBoss(timeoutMs = 20_000): Promise<void> {
  const current = globalForBoss.tramiteBoss;
  globalForBoss.tramiteBoss = undefined;
  await (await current?.catch(() => undefined))?.stop({ graceful: true, timeout: timeoutMs });
}
