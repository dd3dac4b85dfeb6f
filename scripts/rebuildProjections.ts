/**
 * `npm run projections:rebuild [name…]`: empties read models (all of them, or
 * the ones named) and replays the event log into them, in order. Safe while
 * Tramite runs: appends that would touch a model being rebuilt wait for it.
 * Needs DATABASE_URL (the app's login is enough); see README.
 */
import { existsSync } from 'node:fs';
import { closeDb } from '@/server/db';
import { projectionNames, rebuildProjections } from '@/server/events';
// Modules that define read models of their own are imported here too, so their projections are known.
import '@/server/documents';

if (existsSync('.env')) process.loadEnvFile('.env');
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !projectionNames().includes(name));
if (unknown.length > 0) {
  console.error(`Unknown read model: ${unknown.join(', ')}. Known: ${projectionNames().join(', ')}.`);
  process.exit(1);
}
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set: point it at the database whose read models to rebuild (see README, "Rebuilding read models").');
  process.exit(1);
}
try {
  for (const report of await rebuildProjections(requested.length > 0 ? requested : undefined)) {
    console.log(`${report.name}: replayed ${report.events} events for ${report.tenants} workspaces`);
  }
} finally {
  await closeDb();
}
