import 'server-only';
import { getConfig } from '@/server/config';
import { assertRowLevelSecurityBinds } from '@/server/db';
import { logger } from '@/server/observability';
import { createBoss } from './boss';

/**
 * The worker process: `npm start` runs one beside the web server; in
 * production run as many as the load needs. Queues and their handlers are
 * registered by the modules that own them as they arrive.
 */
async function main(): Promise<void> {
  const config = getConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  await assertRowLevelSecurityBinds();
  const boss = createBoss(config.DATABASE_URL);
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  logger.info('worker started');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'worker stopping');
    await boss.stop({ graceful: true, timeout: 20_000 });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
