/**
 * `npm run db:restore -- --file FILE [--url URL] [--database NAME] [--pg-bin DIR]`:
 * loads a `db:backup` file into an empty database (NAME is created on the
 * server when missing), in one transaction: it is all restored or nothing is.
 * The roles the schema grants to are created first when the server lacks
 * them (a new cluster); the login must write past row-level security (a
 * superuser, or a role with BYPASSRLS).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { toolFor } from './database/postgresTools';
import { libpqArgs, runOnTarget, serverFacts } from './database/target';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({
  options: { file: { type: 'string' }, url: { type: 'string' }, database: { type: 'string' }, 'pg-bin': { type: 'string' } },
});
const { file } = values;
if (!file || !existsSync(file)) {
  console.error('Name the backup to restore: npm run db:restore -- --file <file made by npm run db:backup>');
  process.exit(1);
}

/** Roles are the cluster's, not the database's: a dump names them but cannot create them. */
const clusterRoles = ['tramite_app', 'tramite_observer'];

async function run(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

await runOnTarget(values.url, { mayInitialise: true }, async (target) => {
  let url = target.url;
  if (values.database) {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const name = values.database.replaceAll('"', '""');
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [values.database]);
      if (exists.rowCount === 0) await client.query(`create database "${name}"`);
    } finally {
      await client.end();
    }
    const named = new URL(url);
    named.pathname = `/${encodeURIComponent(values.database)}`;
    url = named.toString();
  }
  const facts = await serverFacts(url);
  if (facts.tables > 0) throw new Error(`${facts.database} already has ${facts.tables} tables: restore into an empty database (--database <new name>).`);
  if (!facts.bypassesRowLevelSecurity) throw new Error('The login is bound by row-level security and could not write the rows back. Restore as a superuser or a role with BYPASSRLS.');
  const pgRestore = toolFor('pg_restore', facts.major, values['pg-bin']);
  await run(
    url,
    clusterRoles.map(
      (role) => `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF; END $$`,
    ),
  );
  const { dbname, env } = libpqArgs(url);
  execFileSync(pgRestore.path, ['--no-password', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A database's own privileges are not in a dump; pg-boss creates its queue tables at run time as the app role (migration 0002).
  await run(url, [`GRANT CREATE ON DATABASE "${facts.database.replaceAll('"', '""')}" TO tramite_app`]);
  console.log(`Restored ${file} into ${facts.database} (PostgreSQL ${facts.version}) with pg_restore ${pgRestore.major}. If the backup predates this release, run npm run db:migrate.`);
});
