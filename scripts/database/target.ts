import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureDevSecrets } from '@/server/config';
import { startEmbeddedPostgres } from '@/server/db';
import { findFreePort } from '../start/checks';

export type Target = { url: string; description: string; close: () => Promise<void> };

/**
 * The database to back up or restore into, as a login that may read and
 * write past row-level security: `--url`, else MIGRATION_DATABASE_URL or
 * DATABASE_URL, else the embedded server of DATA_DIR — the one `npm start`
 * is running (its port is in postmaster.pid), or started here for the while.
 */
export async function resolveTarget(explicitUrl: string | undefined, options: { mayInitialise: boolean }): Promise<Target> {
  const url = explicitUrl ?? process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) return { url, description: describe(url), close: async () => {} };
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  const password = ensureDevSecrets(dataDir, process.env).EMBEDDED_POSTGRES_PASSWORD!;
  const databaseDir = path.join(dataDir, 'pg');
  if (!options.mayInitialise && !existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    throw new Error(`No database to use: set DATABASE_URL or MIGRATION_DATABASE_URL, pass --url, or run npm start once to create ${databaseDir}.`);
  }
  const running = runningPort(databaseDir);
  if (running) {
    const embeddedUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running}/tramite`;
    return { url: embeddedUrl, description: `the embedded Postgres of ${dataDir} (running, port ${running})`, close: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: databaseDir, port: await findFreePort(), password, database: 'tramite' });
  return { url: server.url, description: `the embedded Postgres of ${dataDir} (started for this command)`, close: server.stop };
}

/**
 * Runs a database command on the resolved target and ends the process: a
 * failure is printed as its message with exit code 1, and an embedded server
 * started for the command is stopped either way.
 */
export async function runOnTarget(explicitUrl: string | undefined, options: { mayInitialise: boolean }, command: (target: Target) => Promise<void>): Promise<never> {
  let target: Target | undefined;
  try {
    target = await resolveTarget(explicitUrl, options);
    await command(target);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  } finally {
    await target?.close();
  }
  // Explicitly: embedded-postgres's exit hook (loaded with server/db) would end the process with 0.
  process.exit(process.exitCode ?? 0);
}

/** The port of a live postmaster for this data directory (line 4 of postmaster.pid), if there is one. */
function runningPort(databaseDir: string): number | null {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return null;
  }
}

function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname.slice(1)} on ${parsed.hostname}:${parsed.port || 5432} as ${decodeURIComponent(parsed.username)}`;
}

export type ServerFacts = { major: number; version: string; database: string; bypassesRowLevelSecurity: boolean; tables: number };

/** What the commands check before they run: the server's version, the login's powers, and whether the database is empty. */
export async function serverFacts(url: string): Promise<ServerFacts> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ num: string; version: string; database: string; bypasses: boolean; tables: string }>(`
      select current_setting('server_version_num') as num, current_setting('server_version') as version, current_database() as database,
             (select rolsuper or rolbypassrls from pg_roles where rolname = current_user) as bypasses,
             (select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')) as tables`);
    const row = rows[0]!;
    return { major: Math.floor(Number(row.num) / 10_000), version: row.version, database: row.database, bypassesRowLevelSecurity: row.bypasses, tables: Number(row.tables) };
  } finally {
    await client.end();
  }
}

/** A URL without its password, and the environment that gives it to libpq (so it never shows in the process list). */
export function libpqArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password && { PGPASSWORD: password }) } };
}
