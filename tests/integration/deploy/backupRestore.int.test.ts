/**
 * `npm run db:backup` then `npm run db:restore` into an empty database, as
 * child processes with pg_dump and pg_restore: the event log comes back the
 * same, row for row, and the restored database works for the app role
 * (policies, grants, the log's identity, pg-boss's jobs, the metrics
 * function). pg_dump refuses a server newer than itself: when the test
 * server is newer than every pg_dump on this machine (the embedded
 * PostgreSQL 18 beside Debian's client 15), the machine's own PostgreSQL on
 * 127.0.0.1:5432 is used instead.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, ensureAppLogin, getDb, migrateDatabase, withTenant } from '@/server/db';
import { appendToStream, readStream } from '@/server/events';
import { getBoss, stopBoss } from '@/server/jobs';
import { WorkflowStepCompleted } from '@/server/workflows';
import { toolFor } from '@/scripts/database/postgresTools';
import { serverFacts } from '@/scripts/database/target';
import { ItemAdded, waitFor } from '../events/fixtures';

const root = path.resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'tramite-backup-'));
const suffix = randomBytes(4).toString('hex');
const source = `tramite_backup_source_${suffix}`;
const restored = `tramite_backup_restored_${suffix}`;
let adminUrl: string;
const testDatabaseUrl = process.env.DATABASE_URL!;

const withDatabase = (url: string, database: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

/** A server whose version this machine's pg_dump and pg_restore can handle. */
async function serverWithTools(): Promise<string> {
  const tried: string[] = [];
  for (const url of [inject('postgresAdminUrl'), 'postgres://postgres@127.0.0.1:5432/postgres']) {
    try {
      const { major } = await serverFacts(url);
      toolFor('pg_dump', major);
      toolFor('pg_restore', major);
      return url;
    } catch (error) {
      tried.push((error as Error).message);
    }
  }
  throw new Error(`No Postgres server here that the installed client tools can back up:\n${tried.join('\n')}`);
}

async function admin(statement: string, database = 'postgres'): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

async function command(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = promisify(execFile);
  return run(process.execPath, ['--import', 'tsx', '--import', './scripts/outsideNext.mjs', script, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

const eventLog = (database: string) =>
  admin(
    `select position, event_id, tenant_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, transaction_id::text
     from events order by position`,
    database,
  );

let tenants: string[];

beforeAll(async () => {
  adminUrl = await serverWithTools();
  await admin(`create database ${source}`);
  await migrateDatabase(withDatabase(adminUrl, source));
  const appUrl = await ensureAppLogin(withDatabase(adminUrl, source), inject('appRolePassword'));
  // This file's code now writes to the source database, as the app.
  await closeDb();
  process.env.DATABASE_URL = appUrl;
  const rows = await admin(`insert into tenants (slug, name) values ('backup-a-${suffix}', 'A'), ('backup-b-${suffix}', 'B') returning id`, source);
  tenants = rows.map((row) => row.id as string);
  for (const [i, tenantId] of tenants.entries()) {
    await appendToStream(`cart-${i}`, [ItemAdded.create({ sku: `sku-${i}`, quantity: i + 1 }), ItemAdded.create({ sku: 'ü ✓ "quoted"', quantity: 7 })], { tenantId, expectedVersion: 'no_stream' });
    await appendToStream(`document-${i}`, [WorkflowStepCompleted.create({ workflow: 'document', subjectId: tenantId, step: 'store', attempt: 1, durationMs: 12 })], { tenantId, expectedVersion: 'any' });
  }
  const boss = await getBoss();
  await boss.createQueue('backup-test');
  await boss.send('backup-test', { kept: true });
  await stopBoss(5_000);
  await closeDb();
}, 120_000);

afterAll(async () => {
  await stopBoss(5_000);
  await closeDb();
  process.env.DATABASE_URL = testDatabaseUrl;
  for (const database of [source, restored]) await admin(`drop database if exists ${database} with (force)`);
});

describe('db:backup then db:restore', () => {
  it('gives back the same event log in an empty database, which the app can use at once', { timeout: 120_000 }, async () => {
    const file = path.join(scratch, 'tramite.dump');
    const backup = await command('scripts/dbBackup.ts', ['--url', withDatabase(adminUrl, source), '--out', file]);
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Backed up .* with pg_dump \d+ to .*tramite\.dump/) });

    const restore = await command('scripts/dbRestore.ts', ['--url', adminUrl, '--database', restored, '--file', file]);
    expect(restore).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Restored .* into tramite_backup_restored_/) });

    const original = await eventLog(source);
    expect(original).toHaveLength(6);
    expect(await eventLog(restored)).toEqual(original);
    const migrations = 'select hash, created_at from drizzle.__drizzle_migrations order by id';
    expect(await admin(migrations, restored)).toEqual(await admin(migrations, source));
    expect(await admin(`select data from pgboss.job where name = 'backup-test'`, restored)).toEqual([{ data: { kept: true } }]);

    // The app, on the restored database: its policies, grants and identity came back.
    process.env.DATABASE_URL = Object.assign(new URL(withDatabase(adminUrl, restored)), { username: 'tramite_app', password: inject('appRolePassword') }).toString();
    const [first, second] = tenants as [string, string];
    expect((await readStream({ tenantId: first }, 'cart-0')).map((event) => event.data)).toEqual([{ sku: 'sku-0', quantity: 1 }, { sku: 'ü ✓ "quoted"', quantity: 7 }]);
    expect(await withTenant(second, async (tx) => (await tx.execute(sql`select count(*)::int as n from events`)).rows[0])).toEqual({ n: 3 });
    const { events } = await appendToStream('cart-0', [ItemAdded.create({ sku: 'after', quantity: 1 })], { tenantId: first, expectedVersion: 2 });
    expect(events[0]!.position).toBeGreaterThan(Math.max(...original.map((row) => Number(row.position))));
    // The metrics function reads the whole log as its owner; it waits for transactions older than the append to end.
    const observed = async () => (await getDb().execute(sql`select type from operational_events_after('0'::xid8, 0, 100)`)).rows;
    expect(await waitFor(async () => ((await observed()).length === 7 ? (await observed()).length : undefined), 'the metrics function to see the log')).toBe(7);
  });

  it('refuses to restore over a database that has tables, and to back up as a login bound by row-level security', { timeout: 60_000 }, async () => {
    const file = path.join(scratch, 'tramite.dump');
    const again = await command('scripts/dbRestore.ts', ['--url', adminUrl, '--database', restored, '--file', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has \d+ tables: restore into an empty database/);

    const asApp = Object.assign(new URL(withDatabase(adminUrl, source)), { username: 'tramite_app', password: inject('appRolePassword') }).toString();
    const refused = await command('scripts/dbBackup.ts', ['--url', asApp, '--out', path.join(scratch, 'refused.dump')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bound by row-level security/);
  });
});
