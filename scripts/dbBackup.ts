/**
 * `npm run db:backup [-- --out FILE] [--url URL] [--pg-bin DIR]`: the whole
 * database (tables, the event log, pg-boss's queues, migration records) in
 * pg_dump's custom format. Works against DATABASE_URL/MIGRATION_DATABASE_URL
 * or the embedded Postgres; the login must read past row-level security
 * (a superuser, or a role with BYPASSRLS), or the dump would miss rows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toolFor } from './database/postgresTools';
import { libpqArgs, runOnTarget, serverFacts } from './database/target';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { out: { type: 'string' }, url: { type: 'string' }, 'pg-bin': { type: 'string' } } });

await runOnTarget(values.url, { mayInitialise: false }, async (target) => {
  const facts = await serverFacts(target.url);
  if (!facts.bypassesRowLevelSecurity) {
    throw new Error(`The login for ${target.description} is bound by row-level security, so the dump would miss rows. Back up as a superuser or a role with BYPASSRLS (docs/deploy.md).`);
  }
  const pgDump = toolFor('pg_dump', facts.major, values['pg-bin']);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const out = path.resolve(values.out ?? path.join(process.env.DATA_DIR || '.data', 'backups', `${facts.database}-${stamp}.dump`));
  mkdirSync(path.dirname(out), { recursive: true });
  const { dbname, env } = libpqArgs(target.url);
  execFileSync(pgDump.path, ['--format=custom', '--no-password', `--file=${out}`, `--dbname=${dbname}`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const megabytes = (statSync(out).size / 1024 / 1024).toFixed(2);
  console.log(`Backed up ${target.description} (PostgreSQL ${facts.version}) with pg_dump ${pgDump.major} to ${out} (${megabytes} MB).`);
});
