/**
 * Once per integration run: a Postgres server (TEST_DATABASE_URL, or the
 * embedded one under .data/test-pg) and a template database with every
 * migration applied. Each test file then gets its own copy of the template
 * (see isolatedDatabase.ts), so files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureAppLogin } from '@/server/db/appRole';
import { migrateDatabase } from '@/server/db/migrate';
import { startEmbeddedPostgres } from '@/server/db/embeddedPostgres';
import { findFreePort } from '@/scripts/start/checks';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    appRolePassword: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve('.data/test-pg'),
      port: await findFreePort(),
      password: 'tramite-test',
      database: 'postgres',
      scratch: true,
    });
    adminUrl = server.url;
    stop = server.stop;
  }
  const templateDatabase = `tramite_template_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${templateDatabase}`);
  await migrateDatabase(withDatabase(adminUrl, templateDatabase));
  // Tests connect as the app role, so row-level security is exercised as in production.
  await ensureAppLogin(adminUrl, appRolePassword);
  project.provide('appRolePassword', appRolePassword);
  project.provide('postgresAdminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await adminQuery(adminUrl, `drop database if exists ${templateDatabase} with (force)`);
    await stop();
  };
}

const appRolePassword = 'tramite-app-test';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
