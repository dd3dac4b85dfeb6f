import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent, NonRetryableError, readStream, startEventHandlerWorkers } from '@/server/events';
import { getBoss, stopBoss } from '@/server/jobs';
import { defineWorkflow, exponentialRetry, WorkflowCancelled, WorkflowResumed } from '@/server/workflows';
import { waitsForStreamLock } from '@/tests/support/streamLocks';
import { newTenant, waitFor } from '../events/fixtures';

const thing = { thingId: z.uuid() };
const ThingRequested = defineEvent('ThingRequested', { schemaVersion: 1, schema: z.object({ ...thing, mode: z.enum(['ok', 'flaky', 'broken', 'slow', 'noted', 'noted-then-broken', 'noted-then-slow', 'held-then-slow', 'nothing-to-finish']) }) });
const ThingPrepared = defineEvent('ThingPrepared', { schemaVersion: 1, schema: z.object(thing) });
const ThingDone = defineEvent('ThingDone', { schemaVersion: 1, schema: z.object(thing) });
const ThingNoted = defineEvent('ThingNoted', { schemaVersion: 1, schema: z.object(thing) });
const ThingFailed = defineEvent('ThingFailed', { schemaVersion: 1, schema: z.object({ ...thing, step: z.string(), reason: z.string() }) });

const stream = (id: string) => `thing-${id}`;
const runs = new Map<string, string[]>();
const mode = new Map<string, string>();
/** The slow steps' ways on, by thing. */
const releases = new Map<string, () => void>();
const held = (id: string) => new Promise<void>((resolve) => releases.set(id, resolve));
const ran = (id: string, step: string) => runs.set(id, [...(runs.get(id) ?? []), step]);

defineWorkflow({
  name: 'thing',
  streamOf: stream,
  subjectOf: (event) => (event.data as { thingId?: string; subjectId?: string }).thingId ?? (event.data as { subjectId: string }).subjectId,
  isActive: async (tx, id) => {
    // Active unless the latest of failed / cancelled / resumed is a failure or a cancellation.
    const history = await readStream({ tenantId, tx }, stream(id));
    const last = history.findLast((e) => ThingFailed.is(e) || WorkflowCancelled.is(e) || WorkflowResumed.is(e));
    return !last || WorkflowResumed.is(last);
  },
  failed: (thingId, step, reason) => [ThingFailed.create({ thingId, step, reason })],
  steps: [
    {
      name: 'prepare',
      handler: 'thing.prepare',
      after: [ThingRequested],
      retry: exponentialRetry(2, 1, 2),
      timeoutSeconds: 30,
      run: async ({ subjectId, attempt }) => {
        ran(subjectId, `prepare#${attempt}`);
        return [ThingPrepared.create({ thingId: subjectId })];
      },
    },
    {
      name: 'finish',
      handler: 'thing.finish',
      after: [ThingPrepared],
      retry: exponentialRetry(2, 1, 2),
      timeoutSeconds: 30,
      skipWhen: (history) => (history.some((e) => ThingRequested.is(e) && e.data.mode === 'nothing-to-finish') ? 'nothingToFinish' : undefined),
      run: async ({ subjectId, attempt, append, tx }) => {
        ran(subjectId, `finish#${attempt}`);
        const how = mode.get(subjectId);
        if (how === 'flaky' && attempt === 1) throw new Error('temporarily unavailable');
        if (how === 'broken') throw new NonRetryableError('corrupt input');
        if (how === 'slow') await held(subjectId);
        // Something else writes to the stream while the step runs, and commits first.
        // Writes to its own stream in its transaction (which takes the stream's lock), then fails.
        if (how === 'noted-then-broken') {
          await append(stream(subjectId), [ThingNoted.create({ thingId: subjectId })], { expectedVersion: 'any' });
          throw new NonRetryableError('broken after a note');
        }
        // Writes to its own stream in its transaction, then runs on: its start cannot be committed on its own.
        if (how === 'noted-then-slow') {
          await append(stream(subjectId), [ThingNoted.create({ thingId: subjectId })], { expectedVersion: 'any' });
          ran(subjectId, 'noted');
          await held(subjectId);
        }
        // The same, past the step's own append: only the lock timeout keeps its start from waiting for the stream.
        if (how === 'held-then-slow') {
          await appendToStream(stream(subjectId), [ThingNoted.create({ thingId: subjectId })], { tenantId, expectedVersion: 'any', tx });
          await held(subjectId);
        }
        if (how === 'noted') await appendToStream(stream(subjectId), [ThingNoted.create({ thingId: subjectId })], { tenantId, expectedVersion: 'any' });
        return [ThingDone.create({ thingId: subjectId })];
      },
    },
  ],
});

let boss: PgBoss;
let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
  boss = await getBoss();
  await startEventHandlerWorkers(boss);
});
afterAll(async () => {
  releases.forEach((release) => release());
  await stopBoss(5_000);
});

async function start(how: z.infer<typeof ThingRequested.schema>['mode']) {
  const thingId = randomUUID();
  mode.set(thingId, how);
  await appendToStream(stream(thingId), [ThingRequested.create({ thingId, mode: how })], { tenantId, expectedVersion: 'no_stream' });
  return thingId;
}
const history = async (id: string) => (await readStream({ tenantId }, stream(id))).map((e) => e.type + ('step' in (e.data as object) ? `:${(e.data as { step: string }).step}` : ''));
/** Whether a session waits for the stream's lock (append_events: an advisory lock on the stream's key). */
const waitsForStream = (id: string) => waitsForStreamLock(tenantId, stream(id));
/** The finish step's own events (its start and its end) for `id`. */
const finishStepEvents = async (id: string) => (await readStream({ tenantId }, stream(id))).filter((e) => (e.data as { step?: string }).step === 'finish');
/** How many transactions wrote what followed the prepare step (the first four events) to `id`'s stream. */
const transactionsAfterPrepare = async (id: string) => new Set((await readStream({ tenantId }, stream(id))).slice(4).map((e) => e.transactionId)).size;
const untilLast = (id: string, type: string) => waitFor(async () => ((await history(id)).at(-1) === type ? history(id) : undefined), `${type} for ${id}`, 20_000);

describe('a workflow declared with defineWorkflow', () => {
  it('runs its steps in order, each recorded with start and completion', async () => {
    const id = await start('ok');
    expect(await untilLast(id, 'ThingDone')).toEqual([
      'ThingRequested',
      'WorkflowStepStarted:prepare',
      'WorkflowStepCompleted:prepare',
      'ThingPrepared',
      'WorkflowStepStarted:finish',
      'WorkflowStepCompleted:finish',
      'ThingDone',
    ]);
    const [completed] = (await readStream({ tenantId }, stream(id))).filter((e) => e.type === 'WorkflowStepCompleted');
    expect(completed!.data).toMatchObject({ workflow: 'thing', step: 'prepare', attempt: 1, durationMs: expect.any(Number) });
  });

  it("completes each step's job in the transaction that records the step's outcome", async () => {
    const id = await start('ok');
    await untilLast(id, 'ThingDone');
    const events = await readStream({ tenantId }, stream(id));
    const requested = events.find((e) => ThingRequested.is(e))!;
    const prepareStarted = events.find((e) => e.type === 'WorkflowStepStarted' && (e.data as { step: string }).step === 'prepare')!;
    const [job] = await boss.findJobs('event-handler.thing.prepare', { data: { eventId: requested.eventId } });
    // pg-boss's job_now() and a short step's start (recorded with its outcome, at its transaction's start) are both the
    // transaction's start: equal only if it is the same transaction.
    expect(job).toMatchObject({ state: 'completed', completedOn: prepareStarted.recordedAt });
  });

  it('records a last step with nothing to do as skipped, with the outcome before it, and never enqueues or runs it', async () => {
    const id = await start('nothing-to-finish');
    expect(await untilLast(id, 'WorkflowStepSkipped:finish')).toEqual([
      'ThingRequested',
      'WorkflowStepStarted:prepare',
      'WorkflowStepCompleted:prepare',
      'ThingPrepared',
      'WorkflowStepSkipped:finish',
    ]);
    const events = await readStream({ tenantId }, stream(id));
    expect(events.at(-1)!.data).toEqual({ workflow: 'thing', subjectId: id, step: 'finish', reason: 'nothingToFinish' });
    const prepared = events.find((e) => ThingPrepared.is(e))!;
    expect(await boss.findJobs('event-handler.thing.finish', { data: { eventId: prepared.eventId } })).toEqual([]);
    expect(runs.get(id)).toEqual(['prepare#1']);
  });

  it('refuses a workflow that declares skipWhen on a step other than the last', () => {
    const step = { handler: 'never.subscribed', after: [ThingRequested], retry: exponentialRetry(1, 1, 1), timeoutSeconds: 5, run: async () => [] };
    const declare = () =>
      defineWorkflow({
        name: 'never',
        streamOf: stream,
        subjectOf: () => randomUUID(),
        isActive: async () => true,
        failed: () => [],
        steps: [{ ...step, name: 'first', skipWhen: () => 'never' }, { ...step, name: 'second', handler: 'never.second' }],
      });
    expect(declare).toThrow('never: only the last step may declare skipWhen');
  });

  it('retries a failing step, recording the failed attempt and that it will retry', async () => {
    const id = await start('flaky');
    const types = await untilLast(id, 'ThingDone');
    expect(types.slice(4)).toEqual(['WorkflowStepStarted:finish', 'WorkflowStepFailed:finish', 'WorkflowStepStarted:finish', 'WorkflowStepCompleted:finish', 'ThingDone']);
    const failed = (await readStream({ tenantId }, stream(id))).find((e) => e.type === 'WorkflowStepFailed')!;
    expect(failed.data).toMatchObject({ attempt: 1, willRetry: true, error: 'temporarily unavailable' });
    expect(runs.get(id)).toEqual(['prepare#1', 'finish#1', 'finish#2']);
  });

  it('fails at once on an error no retry can fix, and resumes from that step without repeating the earlier one', async () => {
    const id = await start('broken');
    await untilLast(id, 'ThingFailed:finish');
    const failed = (await readStream({ tenantId }, stream(id))).find((e) => e.type === 'WorkflowStepFailed')!;
    expect(failed.data).toMatchObject({ attempt: 1, willRetry: false, error: 'corrupt input' });
    expect(runs.get(id)).toEqual(['prepare#1', 'finish#1']);

    mode.set(id, 'ok');
    // Resuming is a command: the failure is history, the workflow picks up at the failed step.
    await appendToStream(stream(id), [WorkflowResumed.create({ workflow: 'thing', subjectId: id, step: 'finish' })], { tenantId, expectedVersion: 'any' });
    const types = await untilLast(id, 'ThingDone');
    expect(types.slice(-4)).toEqual(['WorkflowResumed:finish', 'WorkflowStepStarted:finish', 'WorkflowStepCompleted:finish', 'ThingDone']);
    expect(runs.get(id)).toEqual(['prepare#1', 'finish#1', 'finish#1']);
  });

  it('records the start of a short step with its outcome, in the handler transaction', async () => {
    const id = await start('ok');
    await untilLast(id, 'ThingDone');
    const steps = await finishStepEvents(id);
    expect(steps.map((e) => e.type)).toEqual(['WorkflowStepStarted', 'WorkflowStepCompleted']);
    expect(steps[0]!.transactionId).toBe(steps[1]!.transactionId);
  });

  it('commits the start of a step that runs on, on its own, while the step still runs', async () => {
    const id = await start('slow');
    const running = await waitFor(async () => ((await history(id)).includes('WorkflowStepStarted:finish') ? history(id) : undefined), 'the slow step to show as running');
    expect(running.slice(4)).toEqual(['WorkflowStepStarted:finish']);
    expect(runs.get(id)).toEqual(['prepare#1', 'finish#1']);
    releases.get(id)!();
    const types = await untilLast(id, 'ThingDone');
    expect(types.slice(4)).toEqual(['WorkflowStepStarted:finish', 'WorkflowStepCompleted:finish', 'ThingDone']);
    const steps = await finishStepEvents(id);
    expect(steps[0]!.transactionId).not.toBe(steps[1]!.transactionId);
    // The outcome's transaction began before the start was committed, yet the timeline reads forwards.
    expect(steps[1]!.recordedAt.getTime()).toBeGreaterThan(steps[0]!.recordedAt.getTime());
  });

  it('completes a step during which something else was written to its stream', async () => {
    const id = await start('noted');
    const types = await untilLast(id, 'ThingDone');
    // The start goes with the outcome, so it follows what was written while the step ran, but is timed when the step began.
    expect(types.slice(4)).toEqual(['ThingNoted', 'WorkflowStepStarted:finish', 'WorkflowStepCompleted:finish', 'ThingDone']);
    const [noted, started, completed] = (await readStream({ tenantId }, stream(id))).slice(4).map((e) => e.recordedAt.getTime());
    expect(started).toBeLessThanOrEqual(noted!);
    expect(completed).toBeGreaterThanOrEqual(noted!);
    expect(runs.get(id)).toEqual(['prepare#1', 'finish#1']);
  });

  it('records the start of a long step that wrote to its own stream with its outcome, without waiting for the stream', async () => {
    const id = await start('noted-then-slow');
    await waitFor(async () => (runs.get(id)?.includes('noted') ? true : undefined), 'the step to write to its stream');
    // Another step, started after this one had written, shows as running: this one's start is due as well by then.
    const clock = await start('slow');
    await waitFor(async () => ((await history(clock)).includes('WorkflowStepStarted:finish') ? true : undefined), 'the other step to show as running');
    expect(await waitsForStream(id)).toBe(false);
    expect((await history(id)).slice(4)).toEqual([]);
    releases.get(id)!();
    releases.get(clock)!();
    const types = await untilLast(id, 'ThingDone');
    expect(types.slice(4)).toEqual(['ThingNoted', 'WorkflowStepStarted:finish', 'WorkflowStepCompleted:finish', 'ThingDone']);
    expect(await transactionsAfterPrepare(id)).toBe(1);
    await untilLast(clock, 'ThingDone');
  });

  it('records the start of a long step holding its stream by other means with its outcome, once the start on its own gives up waiting', { timeout: 30_000 }, async () => {
    const id = await start('held-then-slow');
    // The start on its own waits for the stream's lock, which the step's transaction holds, until its lock timeout.
    await waitFor(async () => ((await waitsForStream(id)) ? true : undefined), 'the start to wait for the stream', 10_000);
    releases.get(id)!();
    const types = await untilLast(id, 'ThingDone');
    expect(types.slice(4)).toEqual(['ThingNoted', 'WorkflowStepStarted:finish', 'WorkflowStepCompleted:finish', 'ThingDone']);
    expect(await transactionsAfterPrepare(id)).toBe(1);
  });

  it('records the failure of a step that wrote to its own stream before failing, once that write is undone', async () => {
    const id = await start('noted-then-broken');
    const types = await untilLast(id, 'ThingFailed:finish');
    expect(types.slice(4)).toEqual(['WorkflowStepStarted:finish', 'WorkflowStepFailed:finish', 'ThingFailed:finish']);
  });

  it('does not start a step whose workflow was cancelled before its job ran', async () => {
    const thingId = randomUUID();
    const requested = ThingRequested.create({ thingId, mode: 'ok' });
    await appendToStream(stream(thingId), [requested, WorkflowCancelled.create({ workflow: 'thing', subjectId: thingId, step: 'prepare' })], {
      tenantId,
      expectedVersion: 'no_stream',
    });
    await waitFor(async () => {
      const [job] = await boss.findJobs('event-handler.thing.prepare', { data: { eventId: requested.eventId } });
      return job?.state === 'completed' ? job : undefined;
    }, 'the prepare job to end');
    expect(await history(thingId)).toEqual(['ThingRequested', 'WorkflowCancelled:prepare']);
    expect(runs.get(thingId)).toBeUndefined();
  });

  it('stops at the next step boundary once cancelled', async () => {
    const id = await start('slow');
    await waitFor(async () => (runs.get(id)?.includes('finish#1') ? true : undefined), 'the slow step to start');
    await appendToStream(stream(id), [WorkflowCancelled.create({ workflow: 'thing', subjectId: id, step: 'finish' })], { tenantId, expectedVersion: 'any' });
    releases.get(id)!();
    const settled = await waitFor(async () => {
      const jobs = await boss.findJobs('event-handler.thing.finish', { data: { tenantId } });
      return jobs.every((job) => ['completed', 'failed'].includes(job.state)) ? jobs : undefined;
    }, 'the slow job to end');
    expect(settled.length).toBeGreaterThan(0);
    expect((await history(id)).filter((type) => type === 'ThingDone' || type === 'WorkflowStepCompleted:finish')).toEqual([]);
  });
});
