import { envSchema, type Config } from './schema';

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and what it expects.`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, so `FOO=` in a .env file means "use the default". */
function withoutEmptyStrings(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]));
}

/** Parses the environment, reporting every bad variable at once rather than the first. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(withoutEmptyStrings(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const given = issue.path.length && env[String(issue.path[0])] !== undefined ? '' : ' (not set)';
    return `${name}${given}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
