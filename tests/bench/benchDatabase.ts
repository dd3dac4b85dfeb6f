/**
 * A fresh database for one benchmark run: on the embedded Postgres under
 * `dataDir` (started here, stopped at the end), or on the server in
 * BENCH_DATABASE_URL (a login that may create databases). It is migrated,
 * and the app role (tramite_app) gets a login, so the code under test runs
 * bound by row-level security as in production. `drop()` removes it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ensureAppLogin } from '@/server/db/appRole';
import { startEmbeddedPostgres } from '@/server/db/embeddedPostgres';
import { migrateDatabase } from '@/server/db/migrate';
import { findFreePort } from '@/scripts/start/checks';

/**
 * The app role's password. Shared with the integration tests on purpose: on a
 * server they also use (BENCH_DATABASE_URL = TEST_DATABASE_URL), setting
 * another would lock out a test run in progress.
 */
const appRolePassword = process.env.BENCH_APP_PASSWORD ?? 'tramite-app-test';

export type BenchDatabase = {
  /** The database's owner: for setup and inspection behind row-level security's back. */
  ownerUrl: string;
  /** The app role's login, as the web server and the workers connect. */
  appUrl: string;
  /** Where the server came from, for the printed and written figures. */
  description: string;
  drop: () => Promise<void>;
};

export async function createBenchDatabase(options: { dataDir: string; prefix: string }): Promise<BenchDatabase> {
  const server = await startServer(options.dataDir);
  const database = `${options.prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${database}`);
    const ownerUrl = withDatabase(server.adminUrl, database);
    await migrateDatabase(ownerUrl);
    const appUrl = await ensureAppLogin(ownerUrl, appRolePassword);
    return {
      ownerUrl,
      appUrl,
      description: server.description,
      drop: async () => {
        await dropDatabase(admin, database);
        await admin.end();
        await server.stop();
      },
    };
  } catch (error) {
    await dropDatabase(admin, database);
    await admin.end();
    await server.stop();
    throw error;
  }
}

async function startServer(dataDir: string): Promise<{ adminUrl: string; description: string; stop: () => Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { adminUrl: given, description: 'BENCH_DATABASE_URL', stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(dataDir), port: await findFreePort(), password: 'tramite-bench', database: 'postgres', scratch: true });
  return { adminUrl: server.url, description: `embedded, ${dataDir}`, stop: server.stop };
}

/** Drops the database once its connections have gone (forcing them off would log each as lost). */
async function dropDatabase(admin: pg.Client, database: string) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [database]);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => {});
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
