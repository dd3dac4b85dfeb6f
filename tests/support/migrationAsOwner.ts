import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * Runs a migration file's statements as production runs them: as the owner
 * of `tables`, a login that is not a superuser (docs/database.md), so the
 * tables' forced row-level security applies to it. The test's own
 * superuser would pass over it and hide a backfill that updates nothing.
 */
export async function applyMigrationAsOwner(file: string, tables: string[]): Promise<void> {
  const role = `migration_owner_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
  await client.connect();
  const [{ current_user: admin }] = (await client.query<{ current_user: string }>('select current_user')).rows as [{ current_user: string }];
  try {
    await client.query(`create role ${role} nosuperuser nobypassrls`);
    for (const table of tables) await client.query(`alter table ${table} owner to ${role}`);
    await client.query(`set role ${role}`);
    const migration = readFileSync(path.resolve('drizzle', file), 'utf8');
    await client.query('begin');
    for (const statement of migration.split('--> statement-breakpoint')) await client.query(statement);
    await client.query('commit');
  } finally {
    await client.query('rollback').catch(() => {});
    await client.query('reset role');
    for (const table of tables) await client.query(`alter table ${table} owner to ${admin}`);
    await client.query(`drop role if exists ${role}`);
    await client.end();
  }
}
