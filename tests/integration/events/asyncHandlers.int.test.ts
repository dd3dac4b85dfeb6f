import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withTenant } from '@/server/db';
import { appendToStream, applyAsyncHandler, defineEvent, DiscardWork, readStream, startEventHandlerWorkers, subscribe, type HandlerJob, type StoredEvent } from '@/server/events';
import { getBoss, stopBoss } from '@/server/jobs';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { newTenant, waitFor } from './fixtures';

const InvoiceIssued = defineEvent('InvoiceIssued', { schemaVersion: 1, schema: z.object({ number: z.string() }) });
const InvoiceMailed = defineEvent('InvoiceMailed', { schemaVersion: 1, schema: z.object({ number: z.string(), by: z.string() }) });

/** Each handler's effect is an event in a stream of its own; applying twice would append twice. */
const mailedStream = (handler: string, number: string) => `mailed-${handler}-${number}`;

const attempts = new Map<string, number>();
subscribe({
  name: 'mailInvoice',
  mode: 'async',
  events: [InvoiceIssued],
  retry: { retryLimit: 2, retryDelay: 1 },
  handle: async (event, { append }) => {
    await append(mailedStream('mailInvoice', event.data.number), [InvoiceMailed.create({ number: event.data.number, by: 'mailInvoice' })], { expectedVersion: 'any' });
  },
});
// Fails its first two attempts at each event, then succeeds.
subscribe({
  name: 'flakyArchive',
  mode: 'async',
  events: [InvoiceIssued],
  retry: { retryLimit: 3, retryDelay: 1, retryBackoff: true, retryDelayMax: 2 },
  handle: async (event, { append }) => {
    const attempt = (attempts.get(event.eventId) ?? 0) + 1;
    attempts.set(event.eventId, attempt);
    if (attempt <= 2) throw new Error(`archive unavailable (attempt ${attempt})`);
    await append(mailedStream('flakyArchive', event.data.number), [InvoiceMailed.create({ number: event.data.number, by: 'flakyArchive' })], { expectedVersion: 'any' });
  },
});

// Keeps the event it was given; writes, then throws away its work for invoices marked "void".
const delivered = new Map<string, StoredEvent>();
const InvoiceVoided = defineEvent('InvoiceVoided', { schemaVersion: 1, schema: z.object({ number: z.string() }) });
subscribe({
  name: 'fileInvoice',
  mode: 'async',
  events: [InvoiceVoided],
  retry: { retryLimit: 2, retryDelay: 1 },
  handle: async (event, { append }) => {
    delivered.set(event.eventId, event);
    await append(mailedStream('fileInvoice', event.data.number), [InvoiceMailed.create({ number: event.data.number, by: 'fileInvoice' })], { expectedVersion: 'any' });
    if (event.data.number.startsWith('void')) throw new DiscardWork('voided while it was filed');
  },
});

let boss: PgBoss;
let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
  boss = await getBoss();
  await startEventHandlerWorkers(boss);
});
afterAll(async () => {
  await stopBoss(5_000);
});

const queueOf = (handler: string) => `event-handler.${handler}`;
async function jobsFor(handler: string, eventId: string) {
  return boss.findJobs<HandlerJob>(queueOf(handler), { data: { eventId } });
}
/** Waits until every job of `handler` for the event has ended, and returns them. */
async function settledJobs(handler: string, eventId: string, count = 1) {
  return waitFor(async () => {
    const jobs = await jobsFor(handler, eventId);
    return jobs.length >= count && jobs.every((job) => ['completed', 'failed', 'cancelled'].includes(job.state)) ? jobs : undefined;
  }, `${handler}'s jobs for ${eventId} to finish`, 20_000);
}

describe('async handlers', () => {
  it('get one job per handler and event, enqueued in the append’s transaction and carrying only ids', async () => {
    const rolledBack = InvoiceIssued.create({ number: 'R-1' });
    const failed = withTenant(tenantId, async (tx) => {
      await appendToStream('invoice-R-1', [rolledBack], { tenantId, expectedVersion: 'any', tx });
      await tx.execute(sql`select 1/0`);
    });
    await expect(failed).rejects.toThrow();
    const { events } = await appendToStream('invoice-1', [InvoiceIssued.create({ number: '1' })], { tenantId, expectedVersion: 'any' });
    const eventId = events[0]!.eventId;

    const [job] = await settledJobs('mailInvoice', eventId);
    expect(job!.data).toEqual({ eventId, tenantId });
    expect(job!.state).toBe('completed');
    expect(await jobsFor('mailInvoice', rolledBack.eventId)).toEqual([]);
    expect(await readStream({ tenantId }, mailedStream('mailInvoice', '1'))).toHaveLength(1);
  });

  it('apply an event once when its job is delivered twice', async () => {
    const { events } = await appendToStream('invoice-2', [InvoiceIssued.create({ number: '2' })], { tenantId, expectedVersion: 'any' });
    const eventId = events[0]!.eventId;
    // A second delivery of the same job (a redelivery after a lost acknowledgement looks the same).
    await boss.send(queueOf('mailInvoice'), { eventId, tenantId } satisfies HandlerJob);

    const jobs = await settledJobs('mailInvoice', eventId, 2);
    expect(jobs.map((job) => job.state)).toEqual(['completed', 'completed']);
    expect(await readStream({ tenantId }, mailedStream('mailInvoice', '2'))).toHaveLength(1);
    const ledger = await ownerQuery('select handler from event_handler_ledger where event_id = $1 and handler = $2', [eventId, 'mailInvoice']);
    expect(ledger).toHaveLength(1);
  });

  it('apply an event once when two deliveries run at the same moment', async () => {
    // Subscribed after the workers started, so nothing but this test delivers its jobs.
    const CreditNoted = defineEvent('CreditNoted', { schemaVersion: 1, schema: z.object({ number: z.string() }) });
    subscribe({
      name: 'noteCredit',
      mode: 'async',
      events: [CreditNoted],
      handle: async (event, { append }) => {
        await append(mailedStream('noteCredit', event.data.number), [InvoiceMailed.create({ number: event.data.number, by: 'noteCredit' })], { expectedVersion: 'any' });
      },
    });
    const { events } = await appendToStream('credit-3', [CreditNoted.create({ number: '3' })], { tenantId, expectedVersion: 'any' });
    const [queued] = await jobsFor('noteCredit', events[0]!.eventId);
    expect(queued!.state).toBe('created');

    const outcomes = await Promise.all([applyAsyncHandler('noteCredit', queued!.data), applyAsyncHandler('noteCredit', queued!.data)]);
    expect(outcomes.sort()).toEqual(['applied', 'skipped']);
    expect(await readStream({ tenantId }, mailedStream('noteCredit', '3'))).toHaveLength(1);
  });

  it('announce their queues to the workers once the append has committed, and never for one rolled back', async () => {
    // Subscribed after the workers started, so no worker of this process takes its jobs: its queue is named on the channel.
    const CreditAudited = defineEvent('CreditAudited', { schemaVersion: 1, schema: z.object({ number: z.string() }) });
    subscribe({ name: 'auditCredit', mode: 'async', events: [CreditAudited], handle: async () => {} });
    const listener = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    const heard: string[] = [];
    listener.on('notification', ({ payload }) => heard.push(payload!));
    await listener.connect();
    try {
      await listener.query('listen tramite_jobs');
      const failed = withTenant(tenantId, async (tx) => {
        await appendToStream('credit-R-1', [CreditAudited.create({ number: 'R-1' })], { tenantId, expectedVersion: 'any', tx });
        await tx.execute(sql`select 1/0`);
      });
      await expect(failed).rejects.toThrow();
      await appendToStream('credit-A-1', [CreditAudited.create({ number: 'A-1' })], { tenantId, expectedVersion: 'any' });
      await waitFor(async () => (heard.includes(queueOf('auditCredit')) ? true : undefined), 'the audit handler’s announcement');
      // Announcements arrive in commit order: one for the rolled-back append would have come first.
      expect(heard.filter((queue) => queue === queueOf('auditCredit'))).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it('retry a failing handler with its declared backoff, without holding up the other handlers', async () => {
    expect(await boss.getQueue(queueOf('flakyArchive'))).toMatchObject({ retryLimit: 3, retryDelay: 1, retryBackoff: true, retryDelayMax: 2, notify: false });
    const { events } = await appendToStream('invoice-4', [InvoiceIssued.create({ number: '4' })], { tenantId, expectedVersion: 'any' });
    const eventId = events[0]!.eventId;

    // The steady handler finishes while the flaky one is still failing and waiting to retry.
    await settledJobs('mailInvoice', eventId);
    const [flakyJob] = await jobsFor('flakyArchive', eventId);
    expect(flakyJob!.state).not.toBe('completed');

    const [archived] = await settledJobs('flakyArchive', eventId);
    expect(archived).toMatchObject({ state: 'completed', retryCount: 2 });
    expect(attempts.get(eventId)).toBe(3);
    expect(await readStream({ tenantId }, mailedStream('flakyArchive', '4'))).toHaveLength(1);
    // The failed attempts left no trace: the ledger has the one successful application.
    expect(await ownerQuery('select 1 from event_handler_ledger where event_id = $1 and handler = $2', [eventId, 'flakyArchive'])).toHaveLength(1);
  });

  it('events a handler appends are caused by the handled event and keep its correlation', async () => {
    const { events } = await appendToStream('invoice-5', [InvoiceIssued.create({ number: '5' })], { tenantId, expectedVersion: 'any' });
    await settledJobs('mailInvoice', events[0]!.eventId);
    const [mailed] = await readStream({ tenantId }, mailedStream('mailInvoice', '5'));
    expect(mailed!.metadata).toMatchObject({ causationId: events[0]!.eventId, correlationId: events[0]!.metadata.correlationId });
  });

  it('receive the event exactly as the log gives it back (dates, positions, metadata)', async () => {
    const { events } = await appendToStream('invoice-6', [InvoiceVoided.create({ number: '6' })], { tenantId, expectedVersion: 'any' });
    await settledJobs('fileInvoice', events[0]!.eventId);
    const [stored] = await readStream({ tenantId }, 'invoice-6');
    expect(delivered.get(events[0]!.eventId)).toEqual(stored);
    expect(stored!.recordedAt).toBeInstanceOf(Date);
    expect(typeof stored!.position).toBe('number');
  });

  it('that discard their work leave none of it, and their job completes without a retry', async () => {
    const { events } = await appendToStream('invoice-void-7', [InvoiceVoided.create({ number: 'void-7' })], { tenantId, expectedVersion: 'any' });
    const eventId = events[0]!.eventId;
    const [job] = await settledJobs('fileInvoice', eventId);
    expect(job).toMatchObject({ state: 'completed', retryCount: 0 });
    expect(delivered.has(eventId)).toBe(true);
    expect(await readStream({ tenantId }, mailedStream('fileInvoice', 'void-7'))).toEqual([]);
    // Its ledger row went with the rest: nothing claims the event was applied.
    expect(await ownerQuery('select 1 from event_handler_ledger where event_id = $1', [eventId])).toEqual([]);
  });

  it('that read their event’s stream get it with the claim, as the log gives it back; others do not', async () => {
    // Subscribed after the workers started, so nothing but this test delivers their jobs.
    const CreditFiled = defineEvent('CreditFiled', { schemaVersion: 1, schema: z.object({ number: z.string() }) });
    const given = new Map<string, StoredEvent[] | undefined>();
    for (const readsStream of [true, false]) {
      const name = readsStream ? 'fileCreditWithHistory' : 'fileCredit';
      subscribe({ name, mode: 'async', events: [CreditFiled], readsStream, handle: async (_event, context) => void given.set(name, context.stream) });
    }
    await appendToStream('credit-8', [CreditFiled.create({ number: '8-a' })], { tenantId, expectedVersion: 'any' });
    const { events } = await appendToStream('credit-8', [CreditFiled.create({ number: '8-b' })], { tenantId, expectedVersion: 1 });
    const job = { eventId: events[0]!.eventId, tenantId };

    expect(await applyAsyncHandler('fileCreditWithHistory', job)).toBe('applied');
    expect(await applyAsyncHandler('fileCredit', job)).toBe('applied');
    expect(given.get('fileCreditWithHistory')).toEqual(await readStream({ tenantId }, 'credit-8'));
    expect(given.get('fileCreditWithHistory')!.map((event) => event.data)).toEqual([{ number: '8-a' }, { number: '8-b' }]);
    expect(given.get('fileCredit')).toBeUndefined();
  });

  it('refuse an event id that another workspace holds, and claim nothing', async () => {
    const otherTenantId = await newTenant();
    const { events } = await appendToStream('invoice-9', [InvoiceVoided.create({ number: '9' })], { tenantId: otherTenantId, expectedVersion: 'any' });
    const eventId = events[0]!.eventId;
    await expect(applyAsyncHandler('noteCredit', { eventId, tenantId })).rejects.toMatchObject({ cause: { message: `Event ${eventId} not found for handler noteCredit` } });
    expect(await ownerQuery('select 1 from event_handler_ledger where event_id = $1 and handler = $2', [eventId, 'noteCredit'])).toEqual([]);
  });
});
