/**
 * `npm run preflight [-- --env-file FILE]`: checks a production configuration
 * before a deploy, one PASS or FAIL line each — secrets set and strong, the
 * database reachable as a login bound by row-level security, migrations
 * applied or ready to be, realtime credentials accepted by the server,
 * storage writable — and exits 1 when anything failed. Reads the environment,
 * and `.env` (or FILE) for what the environment leaves unset.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, type Config } from '@/server/config';
import { databaseChecks, realtimeCheck, secretChecks, siteUrlCheck, storageCheck, type Outcome } from './preflight/checks';

const { values } = parseArgs({ options: { 'env-file': { type: 'string' } } });
const envFile = values['env-file'] ?? '.env';
if (values['env-file'] || existsSync(envFile)) process.loadEnvFile(envFile);
Object.assign(process.env, { NODE_ENV: 'production' });

const outcomes: Outcome[] = [];
const report = (outcome: Outcome) => {
  outcomes.push(outcome);
  process.stdout.write(`${outcome.ok ? 'PASS' : 'FAIL'}  ${outcome.name.padEnd(20)} ${outcome.detail}\n`);
};

secretChecks(process.env).forEach(report);
let config: Config | undefined;
try {
  config = parseConfig(process.env);
  report({ name: 'configuration', ok: true, detail: 'every variable valid for production' });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  for (const problem of error.problems) report({ name: 'configuration', ok: false, detail: problem });
}
if (config) {
  report(siteUrlCheck(config));
  (await databaseChecks(config)).forEach(report);
  report(await realtimeCheck(config));
  report(await storageCheck(config));
} else {
  process.stdout.write('\nThe database, realtime and storage are checked once the configuration is valid.\n');
}
const failed = outcomes.filter((outcome) => !outcome.ok).length;
process.stdout.write(failed ? `\n${failed} check(s) failed: fix them before deploying.\n` : '\nEvery check passed.\n');
process.exit(failed ? 1 : 0);
