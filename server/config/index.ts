import 'server-only';
import { parseConfig } from './parseConfig';
import type { Config } from './schema';

export { parseConfig, ConfigError } from './parseConfig';
export { ensureDevSecrets } from './devSecrets';
export { envSchema, type Config } from './schema';
export type { SlowStepSeconds } from './slowStepSeconds';

let cached: Config | undefined;

/** The validated configuration of this process, parsed once on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
