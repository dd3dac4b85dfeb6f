/**
 * `npm run start:web`: the web server alone, for hosts that run the web and
 * the workers apart (`npm run start:worker`). Checks the configuration first,
 * so a bad variable is named before anything starts, then runs `next start`
 * on the build `npm run build` made. SIGTERM and SIGINT are passed on.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseConfig } from '@/server/config';
import { nextBin } from './start/build';

if (existsSync('.env')) process.loadEnvFile('.env');
Object.assign(process.env, { NODE_ENV: 'production' }); // what next start runs as; the checks below must agree
try {
  parseConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const distDir = process.env.NEXT_DIST_DIR || '.next';
if (!existsSync(path.join(distDir, 'BUILD_ID'))) {
  console.error(`No build in ${distDir}/: run \`npm run build\` first.`);
  process.exit(1);
}

const child = spawn(process.execPath, [nextBin, 'start', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TRAMITE_PROCESS: 'web' },
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
