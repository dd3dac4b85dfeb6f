/**
 * Per test file: a fresh database copied from the migrated template. The code
 * under test connects as the app role (DATABASE_URL), bound by row-level
 * security; `ownerQuery` (TEST_OWNER_DATABASE_URL) is for inspecting and
 * resetting tables behind its back.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { closeDb } from '@/server/db/client';
import { stopBoss } from '@/server/jobs/boss';
import { appRoleName } from '@/server/db/appRole';
import { adminQuery, withDatabase } from './postgresGlobalSetup';
import { closeOwnerPool } from './ownerQuery';

const adminUrl = inject('postgresAdminUrl');
const database = `tramite_test_${randomBytes(6).toString('hex')}`;
await adminQuery(adminUrl, `create database ${database} template ${inject('templateDatabase')}`);
// A database's own privileges are not copied from its template; pg-boss needs this one (migration 0002).
await adminQuery(adminUrl, `grant create on database ${database} to ${appRoleName}`);
const appUrl = new URL(withDatabase(adminUrl, database));
appUrl.username = appRoleName;
appUrl.password = inject('appRolePassword');
process.env.DATABASE_URL = appUrl.toString();
process.env.TEST_OWNER_DATABASE_URL = withDatabase(adminUrl, database);
process.env.NEXTAUTH_SECRET ??= 'integration-tests-secret-that-is-long-enough';

afterAll(async () => {
  // A test that appended events with async handlers started pg-boss to enqueue their jobs.
  await stopBoss(5_000);
  await closeDb();
  await closeOwnerPool();
  await adminQuery(adminUrl, `drop database if exists ${database} with (force)`);
});
