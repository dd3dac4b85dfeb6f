import pg from 'pg';
import { getDb } from './client';
import { sql } from 'drizzle-orm';

export const appRoleName = 'tramite_app';

/**
 * Gives the app role (created by the migrations) a login with `password` and
 * returns the URL the web server and workers use: same server and database,
 * connecting as tramite_app. For machines where `npm start` owns the database;
 * in production the operator grants the login once (docs/deploy.md).
 */
export async function ensureAppLogin(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`alter role ${appRoleName} with login password ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = appRoleName;
  url.password = password;
  return url.toString();
}

/** Whether this process's database role could read past row-level security (superuser or BYPASSRLS). */
export async function bypassesRowLevelSecurity(): Promise<boolean> {
  const { rows } = await getDb().execute<{ bypasses: boolean }>(
    sql`select rolsuper or rolbypassrls as bypasses from pg_roles where rolname = current_user`,
  );
  return rows[0]?.bypasses === true;
}

/**
 * Refuses (production) or warns (elsewhere) when this process's login is not
 * bound by row-level security. Called by the web server and the worker at start.
 */
export async function assertRowLevelSecurityBinds(): Promise<void> {
  if (!(await bypassesRowLevelSecurity())) return;
  const message = `The database login in DATABASE_URL bypasses row-level security (superuser or BYPASSRLS). Connect as ${appRoleName}: see docs/deploy.md.`;
  if (process.env.NODE_ENV === 'production') throw new Error(message);
  console.warn(`Warning: ${message}`);
}
