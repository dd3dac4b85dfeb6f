/**
 * /api/health on real infrastructure: this file's database (as the app
 * role), its migrations, pg-boss's schema, and an embedded realtime server
 * reached with the pusher SDK. Then each check is broken for real: the
 * database URL pointed at a closed port, a migration record removed, the
 * realtime server stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@/scripts/start/checks';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { closeDb } from '@/server/db';
import { getBoss } from '@/server/jobs';
import { ownerQuery } from '@/tests/support/ownerQuery';

const credentials = { appId: '7001', key: 'health-test-key', secret: 'health-test-secret-0123456789' };
let realtime: RealtimeServer;

beforeAll(async () => {
  realtime = await startRealtimeServer({ ...credentials, port: 0 });
  // Read once, on first use, by the publisher the health check signs its call with.
  Object.assign(process.env, {
    REALTIME_APP_ID: credentials.appId,
    REALTIME_KEY: credentials.key,
    REALTIME_SECRET: credentials.secret,
    REALTIME_PORT: String(realtime.port),
  });
  // A worker would have installed pg-boss's schema by now.
  await getBoss();
});
afterAll(async () => {
  await realtime.close();
});

const { GET } = await import('@/app/api/health/route');

async function health() {
  const response = await GET(new Request('http://localhost/api/health'));
  return { status: response.status, body: (await response.json()) as { status: string; failing: string[]; checks: Record<string, { ok: boolean; ms: number; error?: string }> } };
}

describe('GET /api/health', () => {
  it('answers 200 with every check ok and timed', async () => {
    const { status, body } = await health();
    expect(body).toMatchObject({ status: 'ok', failing: [] });
    expect(status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'migrations', 'queue', 'realtime']);
    for (const check of Object.values(body.checks)) expect(check).toEqual({ ok: true, ms: expect.any(Number) });
  });

  it('answers 503 naming the migrations when one is not applied', async () => {
    const [last] = await ownerQuery<{ id: number; hash: string; created_at: string }>('select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1');
    await ownerQuery('delete from drizzle.__drizzle_migrations where id = $1', [last!.id]);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.failing).toEqual(['migrations']);
      expect(body.checks.migrations).toMatchObject({ ok: false, error: '1 migration(s) not applied; run npm run db:migrate' });
    } finally {
      await ownerQuery('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [last!.id, last!.hash, last!.created_at]);
    }
  });

  it('answers 503 naming the database when it cannot be reached, and gives away no connection details', async () => {
    const workingUrl = process.env.DATABASE_URL!;
    await closeDb();
    const closedPort = await findFreePort();
    process.env.DATABASE_URL = `postgres://tramite_app:not-the-password@127.0.0.1:${closedPort}/tramite`;
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.status).toBe('fail');
      expect(body.failing).toContain('database');
      expect(body.checks.database).toMatchObject({ ok: false, error: 'unavailable (ECONNREFUSED)' });
      expect(body.checks.realtime!.ok).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(new RegExp(`${closedPort}|not-the-password|tramite_app|127\\.0\\.0\\.1`));
    } finally {
      await closeDb();
      process.env.DATABASE_URL = workingUrl;
    }
    expect((await health()).status).toBe(200);
  });

  it('answers 503 naming the realtime server when it is down', async () => {
    await realtime.close();
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.failing).toEqual(['realtime']);
    // Refused, or reset when the SDK's kept-alive socket was the one closed.
    expect(body.checks.realtime).toMatchObject({ ok: false, error: expect.stringMatching(/^unavailable \(ECONN(REFUSED|RESET)\)$/) });
    realtime = await startRealtimeServer({ ...credentials, port: Number(process.env.REALTIME_PORT) });
  });
});
