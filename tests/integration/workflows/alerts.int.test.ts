/**
 * Workflow alerts on real Postgres and pg-boss: a slow step raises
 * WorkflowSlowDetected once per workflow instance and step however often
 * (and however concurrently) detection runs; failures of a step across
 * subjects raise one WorkflowStepFailingRepeatedly until the step recovers;
 * the workspace's owners and admins are notified once per alert; and the
 * minute sweep reaches a running step through the detection queue.
 */
import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent, readStream, startEventHandlerWorkers, type NewEvent } from '@/server/events';
import { getBoss, stopBoss } from '@/server/jobs';
import {
  defineWorkflow,
  detectWorkflowAlerts,
  exponentialRetry,
  failingStepStream,
  startWorkflowAlerts,
  sweepWorkflowAlerts,
  WorkflowCancelled,
  WorkflowStepCompleted,
  WorkflowStepFailed,
  WorkflowStepStarted,
} from '@/server/workflows';
import type { SessionUser } from '@/server/auth';
import { callerFor, newUser } from '@/tests/support/callers';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { gate, waitFor } from '../events/fixtures';

const ParcelRequested = defineEvent('ParcelRequested', { schemaVersion: 1, schema: z.object({ parcelId: z.uuid() }) });
const ParcelWeighed = defineEvent('ParcelWeighed', { schemaVersion: 1, schema: z.object({ parcelId: z.uuid() }) });
const stream = (id: string) => `parcel-${id}`;
/** Weighing a parcel waits on its gate, when it has one: a step the test holds open. */
const holds = new Map<string, Promise<void>>();

defineWorkflow({
  name: 'parcel',
  streamOf: stream,
  pathOf: (id) => `/parcels/${id}`,
  subjectOf: (event) => (event.data as { parcelId?: string; subjectId?: string }).parcelId ?? (event.data as { subjectId: string }).subjectId,
  isActive: async () => true,
  failed: () => [],
  steps: [
    {
      name: 'weigh',
      handler: 'parcel.weigh',
      after: [ParcelRequested],
      retry: exponentialRetry(1, 1, 1),
      timeoutSeconds: 60,
      slowAfterSeconds: 1,
      run: async ({ subjectId }) => {
        await holds.get(subjectId);
        return [ParcelWeighed.create({ parcelId: subjectId })];
      },
    },
    { name: 'ship', handler: 'parcel.ship', after: [ParcelWeighed], retry: exponentialRetry(1, 1, 1), timeoutSeconds: 60, slowAfterSeconds: 2, run: async () => [] },
  ],
});

type Person = Awaited<ReturnType<typeof newUser>>;
let boss: PgBoss;
let owner: Person;
let admin: SessionUser;
let member: SessionUser;
const opened: (() => void)[] = [];

/** Someone who joins `host`'s workspace with `role`, through an invitation as people do. */
async function joins(host: Person, name: string, role: 'admin' | 'member'): Promise<SessionUser> {
  const person = await newUser(name);
  const { link } = await callerFor(host.user, host.slug).members.invite({ email: person.user.email, role });
  await callerFor(person.user).invitations.accept({ token: link!.split('/invitations/')[1]! });
  return person.user;
}

beforeAll(async () => {
  owner = await newUser('Owner');
  admin = await joins(owner, 'Admin', 'admin');
  member = await joins(owner, 'Member', 'member');
  boss = await getBoss();
  await startEventHandlerWorkers(boss);
  await startWorkflowAlerts(boss);
});
afterAll(async () => {
  opened.forEach((open) => open());
  await stopBoss(5_000);
});

type Outcome = { completedMs: number } | { failedMs: number } | 'running';

/** One attempt of a parcel's step, as defineWorkflow records it. */
async function attempt(tenantId: string, parcelId: string, step: string, outcome: Outcome, number = 1) {
  const ref = { workflow: 'parcel', subjectId: parcelId, step, attempt: number };
  const events: NewEvent[] = [WorkflowStepStarted.create(ref)];
  if (outcome !== 'running' && 'completedMs' in outcome) events.push(WorkflowStepCompleted.create({ ...ref, durationMs: outcome.completedMs }));
  if (outcome !== 'running' && 'failedMs' in outcome) events.push(WorkflowStepFailed.create({ ...ref, durationMs: outcome.failedMs, error: 'parcels.lost', willRetry: false }));
  await appendToStream(stream(parcelId), events, { tenantId, expectedVersion: 'any' });
}

const eventsOf = async (tenantId: string, streamId: string, type: string) =>
  (await readStream({ tenantId }, streamId)).filter((event) => event.type === type).map((event) => event.data);

/** Moves events back in time: the log's clock is the database's now(). */
const age = (tenantId: string, where: string, seconds: number, values: unknown[] = []) =>
  ownerQuery(`update events set recorded_at = recorded_at - make_interval(secs => $2) where tenant_id = $1 and ${where}`, [tenantId, seconds, ...values]);

/** Notifications of `type` in the workspace, per recipient, once the notifier's queue has nothing left to do. */
async function settledNotifications(tenantId: string, type: string, expected: number) {
  const count = async () => (await ownerQuery('select 1 from notifications where tenant_id = $1 and type = $2', [tenantId, type])).length;
  await waitFor(async () => ((await count()) >= expected ? true : undefined), `${expected} ${type} notifications`);
  await waitFor(async () => {
    const pending = await ownerQuery(`select 1 from pgboss.job where name = 'event-handler.NotifyAdminsOfWorkflowAlert' and state < 'completed'`);
    return pending.length === 0 ? true : undefined;
  }, 'the notifier to finish');
  return ownerQuery<{ recipient_id: string; params: Record<string, unknown> }>(
    'select recipient_id, params from notifications where tenant_id = $1 and type = $2 order by created_at',
    [tenantId, type],
  );
}

describe('slow steps', () => {
  it('raise WorkflowSlowDetected once per workflow instance and step, however often and concurrently detection runs', async () => {
    const tenantId = owner.tenantId;
    const [slow, running, fast, cancelled, shipped] = Array.from({ length: 5 }, () => randomUUID());
    await attempt(tenantId, slow!, 'weigh', { completedMs: 5000 });
    await attempt(tenantId, running!, 'weigh', 'running');
    await attempt(tenantId, fast!, 'weigh', { completedMs: 200 });
    await attempt(tenantId, cancelled!, 'weigh', 'running');
    await appendToStream(stream(cancelled!), [WorkflowCancelled.create({ workflow: 'parcel', subjectId: cancelled!, step: 'weigh' })], { tenantId, expectedVersion: 'any' });
    // 1.5 s is slow for weighing (1 s), not for shipping (2 s).
    await attempt(tenantId, shipped!, 'ship', { completedMs: 1500 });
    await age(tenantId, `stream_id = any($3) and type = 'WorkflowStepStarted'`, 10, [[stream(running!), stream(cancelled!)]]);

    await Promise.all([detectWorkflowAlerts(tenantId), detectWorkflowAlerts(tenantId)]);
    await detectWorkflowAlerts(tenantId);

    expect(await eventsOf(tenantId, stream(slow!), 'WorkflowSlowDetected')).toEqual([
      { workflow: 'parcel', subjectId: slow, step: 'weigh', attempt: 1, elapsedMs: 5000, thresholdSeconds: 1, finished: true },
    ]);
    const [stillRunning, ...more] = await eventsOf(tenantId, stream(running!), 'WorkflowSlowDetected');
    expect(more).toEqual([]);
    expect(stillRunning).toMatchObject({ step: 'weigh', thresholdSeconds: 1, finished: false });
    expect((stillRunning as { elapsedMs: number }).elapsedMs).toBeGreaterThanOrEqual(10_000);
    for (const id of [fast!, cancelled!, shipped!]) expect(await eventsOf(tenantId, stream(id), 'WorkflowSlowDetected')).toEqual([]);

    // The running attempt ends, slowly: still the one alert for that instance and step.
    await appendToStream(stream(running!), [WorkflowStepCompleted.create({ workflow: 'parcel', subjectId: running!, step: 'weigh', attempt: 1, durationMs: 12_000 })], {
      tenantId,
      expectedVersion: 'any',
    });
    await detectWorkflowAlerts(tenantId);
    expect(await eventsOf(tenantId, stream(running!), 'WorkflowSlowDetected')).toHaveLength(1);

    // Two alerts, each told once to the owner and the admin, never to the member.
    const told = await settledNotifications(tenantId, 'workflow.slow', 4);
    expect(told).toHaveLength(4);
    expect(told.map((row) => row.recipient_id).sort()).toEqual([owner.user.id, owner.user.id, admin.id, admin.id].sort());
    expect(told.map((row) => row.params.path).sort()).toEqual([`/parcels/${running}`, `/parcels/${running}`, `/parcels/${slow}`, `/parcels/${slow}`].sort());
    expect(told.some((row) => row.recipient_id === member.id)).toBe(false);
  });
});

describe('a step failing across subjects', () => {
  it('raises one alert, not one per subject, and another only after the step has recovered', async () => {
    const other = await newUser('Failing');
    const tenantId = other.tenantId;
    const alerts = async () => (await readStream({ tenantId }, failingStepStream('parcel', 'ship'))).map((event) => event.type);
    const fail = async (count: number) => {
      for (let i = 0; i < count; i += 1) await attempt(tenantId, randomUUID(), 'ship', { failedMs: 100 });
    };

    const retried = randomUUID();
    await fail(3);
    await attempt(tenantId, retried, 'ship', { failedMs: 100 });
    await attempt(tenantId, retried, 'ship', { failedMs: 100 }, 2);
    await detectWorkflowAlerts(tenantId);
    expect(await alerts()).toEqual([]); // four subjects (five attempts) are below the threshold of five

    await fail(1);
    await Promise.all([detectWorkflowAlerts(tenantId), detectWorkflowAlerts(tenantId), detectWorkflowAlerts(tenantId)]);
    expect(await alerts()).toEqual(['WorkflowStepFailingRepeatedly']);
    const [raised] = await eventsOf(tenantId, failingStepStream('parcel', 'ship'), 'WorkflowStepFailingRepeatedly');
    expect(raised).toEqual({ workflow: 'parcel', step: 'ship', failedSubjects: 5, threshold: 5, windowMinutes: 15, lastError: 'parcels.lost' });

    // More failures, and a success while the window still holds five: the one alert stands.
    await fail(3);
    await attempt(tenantId, randomUUID(), 'ship', { completedMs: 100 });
    await detectWorkflowAlerts(tenantId);
    expect(await alerts()).toEqual(['WorkflowStepFailingRepeatedly']);

    // The failures leave the window and the step succeeds again: recovered.
    await age(tenantId, `type = 'WorkflowStepFailed'`, 20 * 60);
    await attempt(tenantId, randomUUID(), 'ship', { completedMs: 100 });
    await detectWorkflowAlerts(tenantId);
    expect(await alerts()).toEqual(['WorkflowStepFailingRepeatedly', 'WorkflowStepRecovered']);

    // A new burst is a new alert.
    await fail(5);
    await detectWorkflowAlerts(tenantId);
    await detectWorkflowAlerts(tenantId);
    expect(await alerts()).toEqual(['WorkflowStepFailingRepeatedly', 'WorkflowStepRecovered', 'WorkflowStepFailingRepeatedly']);

    const told = await settledNotifications(tenantId, 'workflow.stepFailing', 2);
    expect(told.map((row) => row.params)).toEqual([
      { workflow: 'parcel', step: 'ship', count: 5, minutes: 15 },
      { workflow: 'parcel', step: 'ship', count: 5, minutes: 15 },
    ]);
    expect(told.every((row) => row.recipient_id === other.user.id)).toBe(true);
  });
});

describe('the alert sweep', () => {
  it('sends a detection for each workspace with recent step jobs, which finds a step running too long', async () => {
    const swept = await newUser('Swept');
    const idle = await newUser('Idle');
    const parcelId = randomUUID();
    const held = gate();
    opened.push(held.open);
    holds.set(parcelId, held.promise);
    await appendToStream(stream(parcelId), [ParcelRequested.create({ parcelId })], { tenantId: swept.tenantId, expectedVersion: 'no_stream' });
    await waitFor(async () => ((await eventsOf(swept.tenantId, stream(parcelId), 'WorkflowStepStarted')).length ? true : undefined), 'weighing to start');
    // Weighing has been going on for ten seconds (its threshold is one).
    await age(swept.tenantId, `stream_id = $3`, 10, [stream(parcelId)]);

    const sent = await sweepWorkflowAlerts();
    const detections = await ownerQuery<{ tenant: string }>(`select data ->> 'tenantId' as tenant from pgboss.job where name = 'workflow-alerts.detect'`);
    expect(detections.map((job) => job.tenant)).toContain(swept.tenantId);
    expect(detections.map((job) => job.tenant)).not.toContain(idle.tenantId);
    expect(sent).toBe(new Set(detections.map((job) => job.tenant)).size);

    const [alert] = await waitFor(async () => {
      const found = await eventsOf(swept.tenantId, stream(parcelId), 'WorkflowSlowDetected');
      return found.length ? found : undefined;
    }, 'the detection worker to raise the alert');
    expect(alert).toMatchObject({ step: 'weigh', finished: false });
    held.open();
    await waitFor(async () => ((await eventsOf(swept.tenantId, stream(parcelId), 'WorkflowStepCompleted')).length ? true : undefined), 'weighing to end');
    await detectWorkflowAlerts(swept.tenantId);
    expect(await eventsOf(swept.tenantId, stream(parcelId), 'WorkflowSlowDetected')).toHaveLength(1);
  });
});
