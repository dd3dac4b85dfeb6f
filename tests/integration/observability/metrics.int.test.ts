/**
 * /api/metrics on real infrastructure: the workflow metrics are computed
 * from a known event log in two workspaces (through the app role, which sees
 * the log only inside one workspace otherwise), counted once however many
 * scrapes read them, and never ahead of a transaction still open; queue
 * depth comes from pg-boss, realtime occupancy from an embedded server
 * through the pusher SDK. The token is checked before anything is read.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { appendToStream, type NewEvent } from '@/server/events';
import { withTenant } from '@/server/db';
import { getBoss } from '@/server/jobs';
import { documentWorkflow } from '@/server/documents';
import { WorkflowCancelled, WorkflowResumed, WorkflowStepCompleted, WorkflowStepFailed } from '@/server/workflows';
import { newTenant, gate, waitFor } from '../events/fixtures';
import { app as realtimeApp, RawClient } from '../../realtime/support';

const token = 'metrics-test-token-0123456789';
// RawClient connects with this key; the secret is long enough for the configuration's rule.
const credentials = { ...realtimeApp, secret: 'metrics-test-secret-0123456789' };
let realtime: RealtimeServer;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  realtime = await startRealtimeServer({ ...credentials, port: 0 });
  Object.assign(process.env, {
    METRICS_TOKEN: token,
    REALTIME_APP_ID: credentials.appId,
    REALTIME_KEY: credentials.key,
    REALTIME_SECRET: credentials.secret,
    REALTIME_PORT: String(realtime.port),
  });
  tenantA = await newTenant();
  tenantB = await newTenant();
});
afterAll(async () => {
  await realtime.close();
});

async function scrape(authorization?: string) {
  const { GET } = await import('@/app/api/metrics/route');
  const headers = authorization ? { authorization } : undefined;
  return GET(new Request('http://localhost/api/metrics', { headers }));
}

/** Samples of the Prometheus text format, as `name{label="value",…}` → number. */
async function samples(): Promise<Map<string, number>> {
  const response = await scrape(`Bearer ${token}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const found = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) found.set(match[1]!, Number(match[2]));
  }
  return found;
}

const step = (outcome: string, name: string) => `{workflow="document",step="${name}",outcome="${outcome}"}`;
const lastStep = documentWorkflow.steps.at(-1)!.name;

async function append(tenantId: string, events: NewEvent[], tx?: Parameters<Parameters<typeof withTenant>[1]>[0]) {
  await appendToStream(`document-${randomUUID()}`, events, { tenantId, expectedVersion: 'any', tx });
}

describe('GET /api/metrics', () => {
  it('answers 404 without METRICS_TOKEN, 401 for a missing or wrong token', async () => {
    const configured = process.env.METRICS_TOKEN;
    delete process.env.METRICS_TOKEN;
    vi.resetModules();
    expect((await scrape(`Bearer ${token}`)).status).toBe(404);
    process.env.METRICS_TOKEN = configured;
    vi.resetModules();
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${token}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${token.slice(0, -1)}`)).status).toBe(401);
    expect((await scrape(`Basic ${token}`)).status).toBe(401);
    expect((await scrape(`Bearer ${token}`)).status).toBe(200);
  });

  it('computes step durations and workflow outcomes from the log of every workspace, once', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const ref = (subjectId: string, name: string) => ({ workflow: 'document', subjectId, step: name });
    await append(tenantA, [
      WorkflowStepCompleted.create({ ...ref(a, 'store'), attempt: 1, durationMs: 120 }),
      WorkflowStepFailed.create({ ...ref(a, 'process'), attempt: 1, durationMs: 30, error: 'flaky', willRetry: true }),
      WorkflowStepCompleted.create({ ...ref(a, 'process'), attempt: 2, durationMs: 2_400 }),
      WorkflowStepCompleted.create({ ...ref(a, lastStep), attempt: 1, durationMs: 8 }),
    ]);
    await append(tenantB, [
      WorkflowStepFailed.create({ ...ref(b, 'store'), attempt: 1, durationMs: 10, error: 'documents.unreadable', willRetry: false }),
      WorkflowResumed.create(ref(b, 'store')),
      WorkflowCancelled.create({ workflow: 'document', subjectId: b, step: 'store' }),
    ]);

    const first = await waitFor(async () => {
      const found = await samples();
      return found.get('tramite_events_appended_total{type="WorkflowStepCompleted"}') === 3 ? found : undefined;
    }, 'the appended events in the metrics');
    const expected = {
      [`tramite_workflow_step_duration_seconds_count${step('completed', 'store')}`]: 1,
      [`tramite_workflow_step_duration_seconds_sum${step('completed', 'store')}`]: 0.12,
      [`tramite_workflow_step_duration_seconds_bucket{le="0.1",workflow="document",step="store",outcome="completed"}`]: 0,
      [`tramite_workflow_step_duration_seconds_bucket{le="0.25",workflow="document",step="store",outcome="completed"}`]: 1,
      [`tramite_workflow_step_duration_seconds_count${step('retried', 'process')}`]: 1,
      [`tramite_workflow_step_duration_seconds_sum${step('completed', 'process')}`]: 2.4,
      [`tramite_workflow_step_duration_seconds_bucket{le="2.5",workflow="document",step="process",outcome="completed"}`]: 1,
      [`tramite_workflow_step_duration_seconds_bucket{le="1",workflow="document",step="process",outcome="completed"}`]: 0,
      [`tramite_workflow_step_duration_seconds_count${step('failed', 'store')}`]: 1,
      'tramite_workflow_outcomes_total{workflow="document",outcome="completed"}': 1,
      'tramite_workflow_outcomes_total{workflow="document",outcome="failed"}': 1,
      'tramite_workflow_outcomes_total{workflow="document",outcome="resumed"}': 1,
      'tramite_workflow_outcomes_total{workflow="document",outcome="cancelled"}': 1,
      'tramite_events_appended_total{type="WorkflowStepFailed"}': 2,
      'tramite_metrics_source_up{source="log"}': 1,
    };
    for (const [name, value] of Object.entries(expected)) expect({ name, value: first.get(name) }).toEqual({ name, value });

    // Summed over workspaces: nothing in the answer names one.
    const text = await (await scrape(`Bearer ${token}`)).text();
    for (const secret of [tenantA, tenantB, a, b]) expect(text).not.toContain(secret);

    // Scraped again with nothing new: the same figures, not twice them.
    const again = await samples();
    for (const [name, value] of Object.entries(expected)) expect({ name, value: again.get(name) }).toEqual({ name, value });
  });

  it('does not count past a transaction still open, and counts its event once it commits', async () => {
    const before = (await samples()).get(`tramite_workflow_step_duration_seconds_count${step('completed', 'index')}`) ?? 0;
    const hold = gate();
    const appended = gate();
    const open = withTenant(tenantA, async (tx) => {
      await append(tenantA, [WorkflowStepCompleted.create({ workflow: 'document', subjectId: randomUUID(), step: 'index', attempt: 1, durationMs: 40 })], tx);
      appended.open();
      await hold.promise;
    });
    await appended.promise;
    // Committed after the open one began: a reader that took it now would skip the other for good.
    await append(tenantB, [WorkflowStepCompleted.create({ workflow: 'document', subjectId: randomUUID(), step: 'index', attempt: 1, durationMs: 60 })]);
    expect((await samples()).get(`tramite_workflow_step_duration_seconds_count${step('completed', 'index')}`) ?? 0).toBe(before);

    hold.open();
    await open;
    const after = await waitFor(async () => {
      const count = (await samples()).get(`tramite_workflow_step_duration_seconds_count${step('completed', 'index')}`);
      return count === before + 2 ? count : undefined;
    }, 'both index steps in the metrics');
    expect(after).toBe(before + 2);
    expect((await samples()).get(`tramite_workflow_step_duration_seconds_sum${step('completed', 'index')}`)).toBeCloseTo(0.1, 6);
  });

  it('reports queue depth from pg-boss and realtime occupancy from the realtime server', { timeout: 45_000 }, async () => {
    const boss = await getBoss();
    await boss.createQueue('metrics-test');
    await boss.send('metrics-test', { n: 1 });
    await boss.send('metrics-test', { n: 2 });
    const { client } = await RawClient.connect(realtime.port);
    client.send({ event: 'pusher:subscribe', data: { channel: 'metrics-test-channel' } });
    await client.next('pusher_internal:subscription_succeeded', 'metrics-test-channel');
    try {
      // pg-boss counts its queues every 10 s (server/jobs/boss.ts); the gauge follows its last count.
      const found = await waitFor(async () => {
        const current = await samples();
        return current.get('tramite_queue_jobs{queue="metrics-test",state="ready"}') === 2 ? current : undefined;
      }, 'pg-boss to count the queue', 30_000);
      expect(found.get('tramite_queue_jobs{queue="metrics-test",state="active"}')).toBe(0);
      expect(found.get('tramite_realtime_occupied_channels')).toBe(1);
      expect(found.get('tramite_realtime_subscriptions')).toBe(1);
      expect(found.get('tramite_metrics_source_up{source="queues"}')).toBe(1);
      expect(found.get('tramite_metrics_source_up{source="realtime"}')).toBe(1);
    } finally {
      await client.close();
    }
  });
});
