/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (run as the tables' owner on deploy). */
import { existsSync } from 'node:fs';
import { migrateDatabase } from '@/server/db';

if (existsSync('.env')) process.loadEnvFile('.env');
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the database to migrate.');
  process.exit(1);
}
await migrateDatabase(url);
console.log('Migrations applied.');
