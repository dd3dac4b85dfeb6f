import { Readable } from 'node:stream';
import pg from 'pg';
import type { Config } from '@/server/config';
import { appRoleName } from '@/server/db';
import { blobStorageFor } from '@/server/documents/storage';
import { migrationStatus } from '@/server/observability/health';
import { pusherFor, realtimeSettings } from '@/server/realtime';
import { secretProblem } from './secretStrength';

/** One line of the report: a check passes with what it found, or fails with what to do. */
export type Outcome = { name: string; ok: boolean; detail: string };

const pass = (name: string, detail: string): Outcome => ({ name, ok: true, detail });
const fail = (name: string, detail: string): Outcome => ({ name, ok: false, detail });
const timeoutMs = 5_000;

/** Secrets read from the raw environment, so that a missing one is reported by name before anything else. */
export function secretChecks(env: NodeJS.ProcessEnv): Outcome[] {
  const outcomes: Outcome[] = [];
  const session = secretProblem(env.NEXTAUTH_SECRET, { minChars: 32, minBits: 128 });
  outcomes.push(session ? fail('NEXTAUTH_SECRET', session) : pass('NEXTAUTH_SECRET', 'set, long and random enough'));
  if (env.PUSHER_APP_ID || env.PUSHER_KEY || env.PUSHER_SECRET) {
    const missing = (['PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET'] as const).filter((name) => !env[name]);
    outcomes.push(missing.length ? fail('PUSHER_*', `${missing.join(', ')} not set`) : pass('PUSHER_*', 'credentials set (checked against the server below)'));
  } else {
    const embedded = secretProblem(env.REALTIME_SECRET, { minChars: 16, minBits: 64 });
    const hint = 'set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET (hosted Pusher), or REALTIME_APP_ID, REALTIME_KEY and REALTIME_SECRET for the embedded server';
    if (!env.REALTIME_APP_ID || !env.REALTIME_KEY) outcomes.push(fail('realtime credentials', `none set: ${hint}`));
    else outcomes.push(embedded ? fail('REALTIME_SECRET', embedded) : pass('REALTIME_SECRET', 'set, long and random enough'));
  }
  if (env.METRICS_TOKEN) {
    const token = secretProblem(env.METRICS_TOKEN, { minChars: 16, minBits: 64 });
    outcomes.push(token ? fail('METRICS_TOKEN', token) : pass('METRICS_TOKEN', 'set, long and random enough'));
  } else {
    outcomes.push(pass('METRICS_TOKEN', 'not set: /api/metrics answers 404'));
  }
  return outcomes;
}

/** What production needs beyond what the schema checks: a public https URL. */
export function siteUrlCheck(config: Config): Outcome {
  if (!config.NEXTAUTH_URL) return fail('NEXTAUTH_URL', 'not set: the public https:// address of the site (sign-in callbacks and links use it)');
  const url = new URL(config.NEXTAUTH_URL);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !local) return fail('NEXTAUTH_URL', `${url.origin} is not https: session cookies would travel in the clear`);
  return pass('NEXTAUTH_URL', url.origin);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL answers, as a login bound by row-level security; migrations applied or ready to be. */
export async function databaseChecks(config: Config): Promise<Outcome[]> {
  const url = config.DATABASE_URL!;
  try {
    return await withClient(url, async (client) => {
      const { rows } = await client.query<{ user: string; version: string; bypasses: boolean }>(
        `select current_user as "user", current_setting('server_version') as "version",
                (select rolsuper or rolbypassrls from pg_roles where rolname = current_user) as "bypasses"`,
      );
      const { user, version, bypasses } = rows[0]!;
      const outcomes = [pass('database', `reachable as ${user} (PostgreSQL ${version})`)];
      outcomes.push(
        bypasses
          ? fail('row-level security', `${user} is a superuser or has BYPASSRLS; DATABASE_URL must be the ${appRoleName} login (docs/database.md)`)
          : pass('row-level security', `${user} is bound by it`),
      );
      outcomes.push(await migrationCheck(config, (text) => client.query(text)));
      return outcomes;
    });
  } catch (error) {
    return [fail('database', `cannot connect with DATABASE_URL: ${reasonOf(error)}`)];
  }
}

async function migrationCheck(config: Config, query: (text: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<Outcome> {
  const { shipped, pending } = await migrationStatus(query);
  if (pending.length === 0) return pass('migrations', `all ${shipped} applied`);
  if (!config.MIGRATION_DATABASE_URL) {
    return fail('migrations', `${pending.length} pending (${pending.join(', ')}); set MIGRATION_DATABASE_URL (the tables' owner) so npm run db:migrate can apply them`);
  }
  try {
    await withClient(config.MIGRATION_DATABASE_URL, (client) => client.query('select 1'));
  } catch (error) {
    return fail('migrations', `${pending.length} pending, and MIGRATION_DATABASE_URL does not connect: ${reasonOf(error)}`);
  }
  return pass('migrations', `${pending.length} pending (${pending.join(', ')}): run npm run db:migrate before starting the new release`);
}

/** A signed call to the realtime server's HTTP API with these credentials. */
export async function realtimeCheck(config: Config): Promise<Outcome> {
  const settings = realtimeSettings(config);
  if (!settings) return fail('realtime', 'no credentials set');
  const where = settings.embedded ? `embedded server at ${settings.host}:${settings.port}` : settings.cluster ? `hosted Pusher (cluster ${settings.cluster})` : `${settings.host}`;
  try {
    const response = await Promise.race([
      pusherFor(settings).get({ path: '/channels' }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    if (!response.ok) return fail('realtime', `${where} answered HTTP ${response.status}`);
    return pass('realtime', `${where} accepted a signed API call`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403) return fail('realtime', `${where} refused the credentials (HTTP ${status})`);
    if (settings.embedded) return fail('realtime', `${where} not reachable (${reasonOf(error)}); it runs with npm start, or set PUSHER_* for a hosted server`);
    return fail('realtime', `${where} not reachable: ${reasonOf(error)}`);
  }
}

/** Writes a small probe file where uploads go and deletes it again. */
export async function storageCheck(config: Config): Promise<Outcome> {
  const where = config.S3_BUCKET ? `S3 bucket ${config.S3_BUCKET}` : `local disk ${config.DATA_DIR}/blobs (web and workers must share it)`;
  try {
    const storage = blobStorageFor(config);
    const staged = await storage.stage(Readable.from([Buffer.from('tramite preflight probe\n')]), { maxBytes: 1024 });
    await storage.discard(staged.stagingKey);
    return pass('storage', `${where}: wrote and deleted a probe file`);
  } catch (error) {
    return fail('storage', `${where}: ${reasonOf(error)}`);
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return [code, message].filter(Boolean).join(': ') || String(error);
}
