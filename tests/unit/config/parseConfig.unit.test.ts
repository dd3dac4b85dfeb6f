import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, parseConfig } from '@/server/config';
import { databasePoolSize } from '@/server/db/client';

const secret = 'x'.repeat(32);

describe('parseConfig', () => {
  it('applies defaults to a minimal development environment', () => {
    expect(parseConfig({ NEXTAUTH_SECRET: secret })).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: '.data' });
  });

  it('names every bad variable at once, with what it expects', () => {
    const error = (() => {
      try {
        parseConfig({ NODE_ENV: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://x', NEXTAUTH_SECRET: 'short' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: expected a postgres:\/\/ connection URL/m);
    expect(problems).toMatch(/^NEXTAUTH_SECRET: expected a random secret of at least 32 characters/m);
  });

  it('requires DATABASE_URL in production and says it is not set', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', NEXTAUTH_SECRET: secret })).toThrow(/DATABASE_URL \(not set\): required in production/);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ NEXTAUTH_SECRET: secret, PORT: '' }).PORT).toBe(3000);
  });

  it('refuses 5432 for the embedded Postgres', () => {
    expect(() => parseConfig({ NEXTAUTH_SECRET: secret, EMBEDDED_POSTGRES_PORT: '5432' })).toThrow(/EMBEDDED_POSTGRES_PORT: must not be 5432/);
  });

  it('takes a pool of 2 to 200 database connections, 10 by default', () => {
    expect(parseConfig({ NEXTAUTH_SECRET: secret }).DATABASE_POOL_SIZE).toBe(10);
    expect(parseConfig({ NEXTAUTH_SECRET: secret, DATABASE_POOL_SIZE: '24' }).DATABASE_POOL_SIZE).toBe(24);
    expect(() => parseConfig({ NEXTAUTH_SECRET: secret, DATABASE_POOL_SIZE: '1' })).toThrow(/DATABASE_POOL_SIZE: expected a whole number of connections from 2 to 200/);
    expect(() => parseConfig({ NEXTAUTH_SECRET: secret, DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE: expected a whole number of connections from 2 to 200/);
  });

  it('sizes the database pool by the same rule, naming a bad value before any connection is made', () => {
    const before = process.env.DATABASE_POOL_SIZE;
    try {
      process.env.DATABASE_POOL_SIZE = '6';
      expect(databasePoolSize()).toBe(6);
      delete process.env.DATABASE_POOL_SIZE;
      expect(databasePoolSize()).toBe(10);
      process.env.DATABASE_POOL_SIZE = 'lots';
      expect(() => databasePoolSize()).toThrow(ConfigError);
      expect(() => databasePoolSize()).toThrow(/DATABASE_POOL_SIZE: expected a whole number of connections from 2 to 200/);
    } finally {
      if (before === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = before;
    }
  });

  it('is documented variable by variable in .env.example', () => {
    const documented = [...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    const declared = Object.keys(envSchema.shape);
    expect(declared.filter((name) => !documented.includes(name))).toEqual([]);
  });
});
