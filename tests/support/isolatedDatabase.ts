/**
 * Per test file: a fresh database copied from the migrated template, set as
 * DATABASE_URL before any module opens the pool, and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { closeDb } from '@/server/db/client';
import { adminQuery, withDatabase } from './postgresGlobalSetup';

const adminUrl = inject('postgresAdminUrl');
const database = `tramite_test_${randomBytes(6).toString('hex')}`;
await adminQuery(adminUrl, `create database ${database} template ${inject('templateDatabase')}`);
process.env.DATABASE_URL = withDatabase(adminUrl, database);
process.env.NEXTAUTH_SECRET ??= 'integration-tests-secret-that-is-long-enough';

afterAll(async () => {
  await closeDb();
  await adminQuery(adminUrl, `drop database if exists ${database} with (force)`);
});
