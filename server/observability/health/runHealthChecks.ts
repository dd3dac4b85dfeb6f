import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { getDb } from '@/server/db';
import { logger } from '../logger';
import { migrationStatus } from './migrationStatus';
import { realtimeChannels, withTimeout } from '../realtimeProbe';

export type CheckResult = { ok: boolean; ms: number; error?: string };
export type HealthReport = { status: 'ok' | 'fail'; failing: string[]; checks: Record<string, CheckResult> };

/** A check that fails says why in a few words for the public report; the full error goes to the log. */
class CheckFailure extends Error {}

const timeoutMs = 2_000;

/** `select 1` as the app's own login (DATABASE_URL). */
async function database(): Promise<void> {
  await getDb().execute(sql`select 1`);
}

/** Every migration this build ships is applied (drizzle's journal against its __drizzle_migrations table). */
async function migrations(): Promise<void> {
  const { pending } = await migrationStatus((text) => getDb().execute(sql.raw(text)));
  if (pending.length > 0) throw new CheckFailure(`${pending.length} migration(s) not applied; run npm run db:migrate`);
}

/** pg-boss's schema is installed and readable by the app role. */
async function queue(): Promise<void> {
  const { rows } = await getDb().execute<{ installed: string | null }>(sql`select to_regclass('pgboss.version')::text as installed`);
  if (!rows[0]?.installed) throw new CheckFailure('the pg-boss schema is not installed; start a worker once');
  await getDb().execute(sql`select version from pgboss.version`);
}

/** A signed call to the realtime server's HTTP API: reachable, and our credentials accepted. */
async function realtime(): Promise<void> {
  await realtimeChannels({ counts: false, timeoutMs });
}

export const healthChecks = { database, migrations, queue, realtime } as const;

/**
 * Runs every check at once, each within a couple of seconds. Public: it says
 * which check failed and a short reason, never a connection string or secret.
 */
export async function runHealthChecks(): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(healthChecks).map(async ([name, check]) => [name, await timed(name, check)] as const),
  );
  const checks = Object.fromEntries(entries);
  const failing = entries.filter(([, result]) => !result.ok).map(([name]) => name);
  return { status: failing.length ? 'fail' : 'ok', failing, checks };
}

async function timed(name: string, check: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    await withTimeout(check(), timeoutMs, name);
    return { ok: true, ms: ms() };
  } catch (error) {
    logger.warn({ err: error, check: name }, 'health check failed');
    return { ok: false, ms: ms(), error: publicReason(error) };
  }
}

/** Enough to act on (unreachable, refused, timed out), without hosts, users or secrets. */
function publicReason(error: unknown): string {
  if (error instanceof CheckFailure) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/did not answer within/.test(message)) return 'timed out';
  if (/not configured/.test(message)) return 'not configured';
  // Drivers wrap the error that says why: drizzle as `cause`, the pusher SDK as `error`.
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, status } = current as { code?: unknown; status?: unknown };
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `unavailable (${code})`;
    if (typeof status === 'number') return `refused (HTTP ${status})`;
    current = (current as { cause?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return 'unavailable';
}
