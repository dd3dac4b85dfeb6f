import 'server-only';
import { getConfig } from '@/server/config';
import { assertRowLevelSecurityBinds } from '@/server/db';
import { startEventHandlerWorkers } from '@/server/events';
// Modules subscribe their handlers when they load: importing them is what gives this worker their queues.
import '@/server/documents';
import { logger } from '@/server/observability';
import { getBoss, stopBoss } from './boss';

/**
 * The worker process: `npm start` runs one beside the web server; in
 * production run as many as the load needs. Queues and their handlers are
 * registered by the modules that own them as they arrive.
 */
async function main(): Promise<void> {
  const config = getConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  await assertRowLevelSecurityBinds();
  const boss = await getBoss();
  // Every async event handler subscribed by the modules imported above gets its queue and workers.
  const queues = await startEventHandlerWorkers(boss);
  logger.info({ queues }, 'worker started');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'worker stopping');
    await stopBoss();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
