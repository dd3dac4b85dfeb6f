/**
 * `npm run preflight` as a deploy would run it: a child process reading its
 * environment, against this file's database, an embedded realtime server
 * standing in for hosted Pusher (PUSHER_HOST), and local storage. A good
 * configuration passes every line; each fault fails its own line and the
 * exit code.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';

const root = path.resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'tramite-preflight-'));
const emptyEnvFile = path.join(scratch, 'empty.env');
writeFileSync(emptyEnvFile, '');
const pusher = { appId: '5150', key: 'preflight-key', secret: randomBytes(24).toString('base64url') };
let realtime: RealtimeServer;

beforeAll(async () => {
  realtime = await startRealtimeServer({ ...pusher, port: 0 });
});
afterAll(async () => {
  await realtime.close();
});

function goodEnvironment(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    PATH: process.env.PATH!,
    DATABASE_URL: process.env.DATABASE_URL!,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
    NEXTAUTH_URL: 'https://tramite.example.org',
    PUSHER_APP_ID: pusher.appId,
    PUSHER_KEY: pusher.key,
    PUSHER_SECRET: pusher.secret,
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(realtime.port),
    PUSHER_USE_TLS: 'false',
    METRICS_TOKEN: randomBytes(24).toString('base64url'),
    DATA_DIR: path.join(scratch, 'data'),
  };
}

/** Runs the command; answers its exit code and its lines as `PASS|FAIL name` → detail. */
async function preflight(env: NodeJS.ProcessEnv): Promise<{ code: number; lines: Map<string, string>; output: string }> {
  const run = promisify(execFile);
  const args = ['--import', 'tsx', '--import', './scripts/outsideNext.mjs', 'scripts/preflight.ts', '--env-file', emptyEnvFile];
  const result = await run(process.execPath, args, { cwd: root, env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const lines = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    // `PASS  <name padded to 20> <detail>`
    const match = /^(PASS|FAIL) {2}(.{20}) (.*)$/.exec(line);
    if (match) lines.set(`${match[1]} ${match[2]!.trim()}`, match[3]!);
  }
  return { code: result.code, lines, output: result.stdout };
}

describe('npm run preflight', () => {
  it('passes a good production configuration, every check on a line of its own', { timeout: 60_000 }, async () => {
    const { code, lines, output } = await preflight(goodEnvironment());
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('Every check passed.') });
    expect([...lines.keys()].sort()).toEqual(
      ['NEXTAUTH_SECRET', 'PUSHER_*', 'METRICS_TOKEN', 'configuration', 'NEXTAUTH_URL', 'database', 'row-level security', 'migrations', 'realtime', 'storage']
        .map((name) => `PASS ${name}`)
        .sort(),
    );
    expect(lines.get('PASS database')).toMatch(/^reachable as tramite_app \(PostgreSQL \d+/);
    expect(lines.get('PASS migrations')).toMatch(/^all \d+ applied$/);
    expect(lines.get('PASS realtime')).toBe('127.0.0.1 accepted a signed API call');
  });

  it('fails on a missing secret, naming it', { timeout: 60_000 }, async () => {
    const env = goodEnvironment();
    delete env.NEXTAUTH_SECRET;
    const { code, lines } = await preflight(env);
    expect(code).toBe(1);
    expect(lines.get('FAIL NEXTAUTH_SECRET')).toBe('not set');
  });

  it('fails a weak secret, a login that bypasses row-level security, wrong realtime credentials and a plain http address', { timeout: 60_000 }, async () => {
    const env = {
      ...goodEnvironment(),
      NEXTAUTH_SECRET: 'a'.repeat(48),
      DATABASE_URL: process.env.TEST_OWNER_DATABASE_URL!,
      PUSHER_SECRET: randomBytes(24).toString('base64url'),
      NEXTAUTH_URL: 'http://tramite.example.org',
    };
    const { code, lines } = await preflight(env);
    expect(code).toBe(1);
    expect(lines.get('FAIL NEXTAUTH_SECRET')).toMatch(/^too predictable/);
    expect(lines.get('FAIL row-level security')).toMatch(/is a superuser or has BYPASSRLS/);
    expect(lines.get('FAIL realtime')).toBe('127.0.0.1 refused the credentials (HTTP 401)');
    expect(lines.get('FAIL NEXTAUTH_URL')).toMatch(/is not https/);
    expect(lines.get('PASS storage')).toBeDefined();
  });
});
