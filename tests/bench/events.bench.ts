/**
 * `npm run bench:events`: how fast appendToStream is, beside a plain
 * single-row INSERT into a table of the same shape, in the same database and
 * run. For 1, 8 and 32 concurrent writers, to one hot stream and to many
 * streams, with ~1 KB events: appends/s, p50 and p99 latency, and the ratio
 * (append throughput / insert throughput). Printed, and written to
 * bench-results/events.json. Within a cell appends and inserts take turns in
 * half-second slices, so a change in the machine's other load falls on both.
 *
 * Needs no database: it starts the embedded Postgres under .data/bench-pg
 * (like the integration tests), or uses the server in BENCH_DATABASE_URL (a
 * login that may create databases). Either way it creates a fresh database,
 * migrates it, and appends as the app role (tramite_app), so row-level
 * security applies as in production; the database is dropped at the end.
 *
 * BENCH_SECONDS sets how long each cell is measured (default 2.5);
 * BENCH_WRITERS and BENCH_TARGETS (comma-separated) pick cells.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { appRoleName, ensureAppLogin } from '@/server/db/appRole';
import { closeDb, getDb } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embeddedPostgres';
import { migrateDatabase } from '@/server/db/migrate';
import { appendToStream, defineEvent, type ExpectedVersion } from '@/server/events';
import { findFreePort } from '@/scripts/start/checks';
import { percentile, round } from './figures';

const secondsPerCell = Number(process.env.BENCH_SECONDS ?? 2.5);
const warmupSeconds = 0.4;
/** How long appends or inserts run before the other kind takes its turn (see measureCell). */
const sliceSeconds = 0.5;
const writerCounts = [1, 8, 32] as const;
const targets = ['hot', 'many'] as const;
/** BENCH_WRITERS=8 BENCH_TARGETS=many: only those cells (to profile one). */
const onlyWriters = process.env.BENCH_WRITERS?.split(',').map(Number);
const onlyTargets = process.env.BENCH_TARGETS?.split(',');
/** Streams each writer cycles through in the "many streams" cells. */
const streamsPerWriter = 64;
/**
 * The app role's password. Shared with the integration tests on purpose: on a
 * server they also use (BENCH_DATABASE_URL = TEST_DATABASE_URL), setting
 * another would lock out a test run in progress.
 */
const appRolePassword = process.env.BENCH_APP_PASSWORD ?? 'tramite-app-test';

type Target = (typeof targets)[number];
type Kind = 'append' | 'insert';
type Measure = { operations: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number };
type Cell = { writers: number; target: Target; append: Measure; insert: Measure; ratio: number };

const BenchEventRecorded = defineEvent('BenchEventRecorded', {
  schemaVersion: 1,
  schema: z.object({ seq: z.number().int(), note: z.string() }),
});
/** ~1 KB of JSON per event. */
const note = 'x'.repeat(1000);

async function main() {
  const server = await startServer();
  const database = `tramite_bench_${randomBytes(4).toString('hex')}`;
  const owner = new pg.Client({ connectionString: server.adminUrl });
  await owner.connect();
  try {
    await owner.query(`create database ${database}`);
    const ownerUrl = withDatabase(server.adminUrl, database);
    await migrateDatabase(ownerUrl);
    const appUrl = await ensureAppLogin(ownerUrl, appRolePassword);
    const tenantId = await prepare(ownerUrl);

    process.env.DATABASE_URL = appUrl;
    process.env.DATABASE_POOL_SIZE = String(Math.max(...writerCounts) + 4);
    const { rows } = await getDb().execute<{ version: string; user: string }>(sql`select current_setting('server_version') as version, current_user as user`);
    console.log(`Postgres ${rows[0]!.version} (${server.description}), connected as ${rows[0]!.user}; ${cpus().length} CPUs; ${secondsPerCell}s per cell\n`);

    await warmUp(tenantId);
    const cells: Cell[] = [];
    for (const target of targets.filter((t) => !onlyTargets || onlyTargets.includes(t))) {
      for (const writers of writerCounts.filter((w) => !onlyWriters || onlyWriters.includes(w))) {
        const cell = await measureCell(writers, target, tenantId);
        cells.push(cell);
        printCell(cell, cells.length === 1);
      }
    }
    writeResults(cells, rows[0]!.version, server.description);
  } finally {
    await closeDb();
    await dropDatabase(owner, database);
    await owner.end();
    await server.stop();
  }
}

async function startServer(): Promise<{ adminUrl: string; description: string; stop: () => Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { adminUrl: given, description: 'BENCH_DATABASE_URL', stop: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir: path.resolve('.data/bench-pg'),
    port: await findFreePort(),
    password: 'tramite-bench',
    database: 'postgres',
    scratch: true,
  });
  return { adminUrl: server.url, description: 'embedded, .data/bench-pg', stop: server.stop };
}

/** A workspace to append into, and the plain table beside `events`: same columns, defaults, constraints and indexes; no RLS, no foreign key. */
async function prepare(ownerUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`insert into tenants (slug, name) values ('bench', 'Bench') returning id`);
    await client.query('create table bench_plain_events (like events including all)');
    await client.query(`grant select, insert on bench_plain_events to ${appRoleName}`);
    await client.query(`grant usage on all sequences in schema public to ${appRoleName}`);
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

/** One writer's next operation, for a kind and target. */
function writerFor(kind: Kind, target: Target, tenantId: string, run: string, writer: number, hot: { version: number }) {
  const streams = Array.from({ length: streamsPerWriter }, (_, i) => ({ id: `${run}-w${writer}-s${i}`, version: 0 }));
  let seq = 0;
  return async () => {
    seq += 1;
    const stream = target === 'hot' ? { id: `${run}-hot`, version: hot.version } : streams[seq % streamsPerWriter]!;
    if (kind === 'append') {
      // Hot: every writer appends whatever the version ('any': they take turns). Many: each knows its streams' versions.
      const expectedVersion: ExpectedVersion = target === 'hot' ? 'any' : stream.version;
      const result = await appendToStream(stream.id, [BenchEventRecorded.create({ seq, note })], { tenantId, expectedVersion });
      if (target === 'many') stream.version = result.nextExpectedVersion;
      return;
    }
    // The plain insert: versions counted here (the unique key still holds), one statement, autocommit.
    const version = target === 'hot' ? ++hot.version : ++stream.version;
    await getDb().execute(sql`
      insert into bench_plain_events (event_id, tenant_id, stream_id, stream_version, type, schema_version, data, metadata)
      values (${randomUUID()}, ${tenantId}, ${stream.id}, ${version}, 'BenchEventRecorded', 1,
              ${JSON.stringify({ seq, note })}::jsonb, ${JSON.stringify({ correlationId: randomUUID(), causationId: null })}::jsonb)`);
  };
}

/** A kind's writers in one cell, and what has been timed of them. */
type Runner = { operations: (() => Promise<void>)[]; latencies: number[]; seconds: number };

function runnerFor(kind: Kind, writers: number, target: Target, tenantId: string): Runner {
  const run = `${kind}-${target}-${writers}-${randomBytes(3).toString('hex')}`;
  const hot = { version: 0 };
  return { operations: Array.from({ length: writers }, (_, writer) => writerFor(kind, target, tenantId, run, writer, hot)), latencies: [], seconds: 0 };
}

/** Runs all of a runner's writers until `seconds` have passed (each finishes the operation it is in); `timed` records them. */
async function runFor(runner: Runner, seconds: number, timed: boolean): Promise<void> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    runner.operations.map(async (operation) => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await operation();
        if (timed) runner.latencies.push(performance.now() - begun);
      }
    }),
  );
  if (timed) runner.seconds += (performance.now() - started) / 1000;
}

/**
 * Before the first cell, each kind runs unmeasured for a while: otherwise
 * whichever is measured first also pays for V8 compiling and optimising the
 * code of the driver and the pool that both use, which a cell's short
 * warm-up does not cover.
 */
async function warmUp(tenantId: string) {
  for (const kind of ['append', 'insert'] as const) await runFor(runnerFor(kind, 8, 'many', tenantId), 1.5, false);
}

/**
 * One cell: after a warm-up, appends and inserts take turns in slices
 * (append, insert, insert, append, ...) until each has run `secondsPerCell`.
 * Both are so measured under the same conditions: on a shared machine the
 * load of other work changes from one second to the next, and measuring one
 * kind after the other let such a change land on either side of the ratio.
 */
async function measureCell(writers: number, target: Target, tenantId: string): Promise<Cell> {
  const append = runnerFor('append', writers, target, tenantId);
  const insert = runnerFor('insert', writers, target, tenantId);
  for (const runner of [append, insert]) await runFor(runner, warmupSeconds, false);
  const slices = Math.max(2, Math.round(secondsPerCell / sliceSeconds));
  for (let slice = 0; slice < slices; slice++) {
    for (const runner of slice % 2 === 0 ? [append, insert] : [insert, append]) await runFor(runner, secondsPerCell / slices, true);
  }
  const cell = { writers, target, append: measureOf(append), insert: measureOf(insert) };
  return { ...cell, ratio: round(cell.append.perSecond / cell.insert.perSecond, 3) };
}

function measureOf({ latencies, seconds }: Runner): Measure {
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds, 0),
    p50Ms: round(percentile(latencies, 0.5), 2),
    p99Ms: round(percentile(latencies, 0.99), 2),
  };
}

function printCell(cell: Cell, header: boolean) {
  const columns = (values: (string | number)[]) => values.map((value, i) => String(value).padStart(i < 2 ? 8 : 11)).join(' ');
  if (header) {
    console.log(columns(['writers', 'streams', 'append/s', 'p50 ms', 'p99 ms', 'insert/s', 'p50 ms', 'p99 ms', 'ratio']));
  }
  const { append, insert } = cell;
  console.log(columns([cell.writers, cell.target, append.perSecond, append.p50Ms, append.p99Ms, insert.perSecond, insert.p50Ms, insert.p99Ms, cell.ratio.toFixed(3)]));
}

function writeResults(cells: Cell[], postgresVersion: string, server: string) {
  const key = (cell: Cell) => `ratio_${cell.writers}_writers_${cell.target === 'hot' ? 'hot_stream' : 'many_streams'}`;
  const ratios: Record<string, number> = Object.fromEntries(cells.map((cell) => [key(cell), cell.ratio]));
  const results = {
    ...ratios,
    recordedAt: new Date().toISOString(),
    environment: { postgres: postgresVersion, server, cpus: cpus().length, node: process.version, secondsPerCell, sliceSeconds, eventBytes: JSON.stringify({ seq: 0, note }).length },
    cells,
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/events.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nratio_8_writers_many_streams = ${ratios.ratio_8_writers_many_streams} (target ≥ 0.6); written to bench-results/events.json`);
}

/** Drops the bench's database once the pool's connections have gone (forcing them off would log each as lost). */
async function dropDatabase(owner: pg.Client, database: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { rows } = await owner.query('select count(*)::int as n from pg_stat_activity where datname = $1', [database]);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await owner.query(`drop database if exists ${database} with (force)`).catch(() => {});
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

await main();
