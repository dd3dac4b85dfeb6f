/**
 * Workflow metrics from a known event log: step events with known durations
 * and outcomes are appended, and the percentiles, rates, buckets and the
 * bottleneck computed in SQL must be exactly what those numbers give.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent } from '@/server/events';
import { getBoss } from '@/server/jobs';
import {
  bottleneckOf,
  defineWorkflow,
  exponentialRetry,
  workflowQueueMetrics,
  workflowStepMetrics,
  workflowStepSeries,
  WorkflowStepCompleted,
  WorkflowStepFailed,
  WorkflowStepStarted,
} from '@/server/workflows';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { newTenant } from '../events/fixtures';

const PaperRequested = defineEvent('PaperRequested', { schemaVersion: 1, schema: z.object({ paperId: z.uuid() }) });
const step = (name: string) => ({ name, handler: `paper.${name}`, after: [PaperRequested], retry: exponentialRetry(1, 1, 1), timeoutSeconds: 30, run: async () => [] });
// Declared so the metrics know the steps and their order; no worker runs them here.
defineWorkflow({
  name: 'paper',
  streamOf: (id) => `paper-${id}`,
  subjectOf: (event) => (event.data as { paperId: string }).paperId,
  isActive: async () => true,
  failed: () => [],
  steps: [step('fetch'), step('read'), step('file')],
});

type Outcome = { completedMs: number } | { failedMs: number; willRetry: boolean };

/** One attempt of a step of a paper, as defineWorkflow records it: started, then completed or failed. */
async function attempt(tenantId: string, paperId: string, stepName: string, outcome: Outcome, number = 1) {
  const ref = { workflow: 'paper', subjectId: paperId, step: stepName, attempt: number };
  const end =
    'completedMs' in outcome
      ? WorkflowStepCompleted.create({ ...ref, durationMs: outcome.completedMs })
      : WorkflowStepFailed.create({ ...ref, durationMs: outcome.failedMs, error: 'papers.jammed', willRetry: outcome.willRetry });
  await appendToStream(`paper-${paperId}`, [WorkflowStepStarted.create(ref), end], { tenantId, expectedVersion: 'any' });
}

/** Moves a paper's events back in time (the log's own clock is the database's now()). */
const age = (tenantId: string, paperId: string, hours: number) =>
  ownerQuery(`update events set recorded_at = recorded_at - make_interval(hours => $3) where tenant_id = $1 and stream_id = $2`, [tenantId, `paper-${paperId}`, hours]);

let tenantId: string;
let otherTenantId: string;

beforeAll(async () => {
  tenantId = await newTenant();
  otherTenantId = await newTenant();
  // read: ten papers completing in 100…1000 ms, one that failed and was retried (then completed), one that gave up.
  for (let i = 1; i <= 10; i += 1) await attempt(tenantId, randomUUID(), 'read', { completedMs: i * 100 });
  const retried = randomUUID();
  await attempt(tenantId, retried, 'read', { failedMs: 50, willRetry: true });
  await attempt(tenantId, retried, 'read', { completedMs: 1000 }, 2);
  await attempt(tenantId, randomUUID(), 'read', { failedMs: 5, willRetry: false });
  // fetch: quick.
  for (const ms of [10, 20, 30]) await attempt(tenantId, randomUUID(), 'fetch', { completedMs: ms });
  // Two hours ago: outside the last hour, inside the last day.
  const old = randomUUID();
  await attempt(tenantId, old, 'fetch', { completedMs: 5000 });
  await age(tenantId, old, 2);
  // Another workspace's slow attempts never count here.
  await attempt(otherTenantId, randomUUID(), 'read', { completedMs: 99_999 });
});

describe('workflow step metrics', () => {
  it('computes per step percentiles, attempts and rates over the last hour, steps in declared order', async () => {
    const steps = await workflowStepMetrics({ tenantId }, '1h');
    expect(steps.map((s) => s.step)).toEqual(['fetch', 'read', 'file']);
    const [fetch, read, file] = steps;
    // read's completed durations: 100…1000 and 1000 (linear interpolation, as percentile_cont does).
    expect(read).toEqual({
      workflow: 'paper',
      step: 'read',
      attempts: 13,
      subjects: 12,
      completed: 11,
      failed: 2,
      gaveUp: 1,
      retries: 1,
      successRate: 11 / 13,
      failureRate: 2 / 13,
      p50Ms: 600,
      p95Ms: 1000,
      p99Ms: 1000,
      maxMs: 1000,
    });
    expect(fetch).toMatchObject({ attempts: 3, completed: 3, failed: 0, successRate: 1, failureRate: 0, p50Ms: 20, p95Ms: 29, maxMs: 30 });
    expect(fetch!.p99Ms).toBeCloseTo(29.8, 6);
    expect(file).toMatchObject({ attempts: 0, completed: 0, successRate: null, p50Ms: null });
  });

  it('widens with the window: the day includes the attempt of two hours ago', async () => {
    const [fetch] = await workflowStepMetrics({ tenantId }, '24h');
    expect(fetch).toMatchObject({ attempts: 4, completed: 4, p50Ms: 25, maxMs: 5000 });
  });

  it('names the step with the slowest median as the bottleneck', async () => {
    const steps = await workflowStepMetrics({ tenantId }, '1h');
    expect(bottleneckOf(steps)).toMatchObject({ step: 'read', p50Ms: 600 });
    expect(bottleneckOf(steps.filter((s) => s.step === 'file'))).toBeNull();
  });

  it('cuts the window into buckets, each step its own line of points', async () => {
    const series = await workflowStepSeries({ tenantId }, '24h');
    expect(series.buckets).toHaveLength(24);
    expect(series.bucketSeconds).toBe(3600);
    expect(series.buckets.every((start, i) => i === 0 || start.getTime() - series.buckets[i - 1]!.getTime() === 3_600_000)).toBe(true);
    const line = (name: string) => series.steps.find((s) => s.step === name)!.points;
    expect(line('read').at(-1)).toEqual({ completed: 11, failed: 2, p50Ms: 600, p95Ms: 1000 });
    // The old attempt sits two buckets back (three if an hour turned during the test); every other bucket is empty.
    const fetch = line('fetch');
    const older = fetch.slice(0, -1).filter((point) => point.completed > 0);
    expect(older).toEqual([{ completed: 1, failed: 0, p50Ms: 5000, p95Ms: 5000 }]);
    expect([20, 21]).toContain(fetch.findIndex((point) => point.p50Ms === 5000));
    expect(line('file').every((point) => point.completed === 0 && point.p50Ms === null)).toBe(true);
  });

  it('keeps every workspace to its own log', async () => {
    const [, read] = await workflowStepMetrics({ tenantId: otherTenantId }, '1h');
    expect(read).toMatchObject({ attempts: 1, maxMs: 99_999 });
    const [, mine] = await workflowStepMetrics({ tenantId }, '1h');
    expect(mine!.maxMs).toBe(1000);
  });
});

describe('workflow queue metrics', () => {
  it("counts a workspace's own waiting, deferred and active jobs per step queue, and how long started jobs waited", async () => {
    const boss = await getBoss();
    const queue = 'event-handler.paper.read';
    await boss.createQueue(queue);
    const job = (tenant: string) => ({ data: { eventId: randomUUID(), tenantId: tenant }, group: { id: tenant } });
    await boss.insert(queue, [job(tenantId), job(tenantId), job(tenantId), job(otherTenantId)]);
    await boss.insert(queue, [{ ...job(tenantId), startAfter: new Date(Date.now() + 3_600_000) }]);
    const [taken] = await boss.fetch(queue, { batchSize: 1 });
    // The job that was taken could start 12 s before it did.
    await ownerQuery(`update pgboss.job set start_after = started_on - interval '12 seconds' where id = $1`, [taken!.id]);

    const queues = await workflowQueueMetrics('1h', { tenantId });
    expect(queues.map((q) => q.step)).toEqual(['fetch', 'read', 'file']);
    const read = queues.find((q) => q.step === 'read')!;
    const otherSeesItsOwn = (await workflowQueueMetrics('1h', { tenantId: otherTenantId })).find((q) => q.step === 'read')!;
    const everyone = (await workflowQueueMetrics('1h')).find((q) => q.step === 'read')!;
    const taker = taken!.data as { tenantId: string };
    const mineTaken = taker.tenantId === tenantId ? 1 : 0;
    expect(read).toMatchObject({ queue, workflow: 'paper', ready: 3 - mineTaken, deferred: 1, active: mineTaken, started: mineTaken });
    expect(otherSeesItsOwn).toMatchObject({ ready: mineTaken, active: 1 - mineTaken });
    expect(everyone).toMatchObject({ ready: 3, deferred: 1, active: 1, started: 1, waitP50Seconds: 12, waitP95Seconds: 12 });
    expect(read.oldestReadySeconds).toBeGreaterThanOrEqual(0);
  });
});
