import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent, startEventHandlerWorkers, subscribe, type HandlerJob } from '@/server/events';
import { getBoss, stopBoss } from '@/server/jobs';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { newTenant, waitFor } from './fixtures';

const ReportRequested = defineEvent('ReportRequested', { schemaVersion: 1, schema: z.object({ name: z.string() }) });
let handled = 0;
subscribe({
  name: 'buildReport',
  mode: 'async',
  events: [ReportRequested],
  retry: { retryLimit: 4, retryDelay: 1 },
  handle: async () => void (handled += 1),
});

let boss: PgBoss;
beforeAll(async () => {
  boss = await getBoss();
});
afterAll(async () => {
  await stopBoss(5_000);
});

it('a job whose workspace was deleted fails at once, without a retry and without running the handler', async () => {
  const tenantId = await newTenant();
  // Enqueued while the workspace exists; the workers start only after it is deleted.
  const { events } = await appendToStream('report-1', [ReportRequested.create({ name: 'q3' })], { tenantId, expectedVersion: 'no_stream' });
  await ownerQuery('delete from tenants where id = $1', [tenantId]);
  await startEventHandlerWorkers(boss);

  const [job] = await waitFor(async () => {
    const jobs = await boss.findJobs<HandlerJob>('event-handler.buildReport', { data: { eventId: events[0]!.eventId } });
    return jobs.length === 1 && jobs[0]!.state === 'failed' ? jobs : undefined;
  }, 'the job to fail');
  expect(job).toMatchObject({ state: 'failed', retryCount: 0, retryLimit: 4, data: { tenantId } });
  expect(handled).toBe(0);
});
