import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedSecretNames } from './schema';

type Secrets = Partial<Record<(typeof generatedSecretNames)[number], string>>;

/**
 * Outside production a fresh machine has no secrets; rather than asking for
 * them, generate each one once and keep it under the data directory so that
 * sessions and the embedded database survive restarts.
 */
export function ensureDevSecrets(dataDir: string, env: NodeJS.ProcessEnv): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  const stored: Secrets = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of generatedSecretNames) {
    if (env[name] || stored[name]) continue;
    stored[name] = randomBytes(32).toString('base64url');
    changed = true;
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const resolved: Secrets = {};
  for (const name of generatedSecretNames) resolved[name] = env[name] || stored[name];
  return resolved;
}
