/** `npm run db:migrate`: applies pending migrations (run on deploy, before the new code starts). */
import { existsSync } from 'node:fs';
import { migrateDatabase } from '@/server/db';

if (existsSync('.env')) process.loadEnvFile('.env');
// Migrations run as the tables' owner; DATABASE_URL may be the app's own (row-level-security-bound) login.
const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.error('Neither MIGRATION_DATABASE_URL nor DATABASE_URL is set: point one at the database to migrate, as its owner.');
  process.exit(1);
}
await migrateDatabase(url);
console.log('Migrations applied.');
