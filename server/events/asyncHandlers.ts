import { sql } from 'drizzle-orm';
import type { JobResult, PgBoss } from 'pg-boss';
import { z } from 'zod';
import { withTenant } from '@/server/db';
import { handlerContext } from './appendToStream';
import { runAsHandlerOf } from './correlation';
import type { HandlerJob } from './dispatch';
import { asyncSubscriptions, isNonRetryable, queueNameOf, retryPolicyOf, type AsyncSubscription, type HandlerContext } from './handlers';
import { ensureHandlerQueue } from './handlerQueues';
import { readEvent } from './readEvents';
import { TenantGoneError } from './errors';

const handlerJobSchema = z.object({ eventId: z.uuid(), tenantId: z.uuid() }) satisfies z.ZodType<HandlerJob>;

/**
 * Applies one event with one async handler, at most once: the ledger row
 * (handler, event id) is written first, in the same transaction as the
 * handler's effect. A second delivery of the job finds the row and skips;
 * one that runs concurrently waits on the row's key until the first commits
 * (then skips) or rolls back (then applies). A throw rolls everything back,
 * and pg-boss retries the job as the queue's policy says.
 */
async function apply(subscription: AsyncSubscription, job: HandlerJob, delivery?: HandlerContext['delivery']): Promise<'applied' | 'skipped'> {
  const { eventId, tenantId } = handlerJobSchema.parse(job);
  return withTenant(tenantId, async (tx) => {
    const { rows } = await tx.execute<{ exists: boolean }>(sql`select exists (select 1 from tenants where id = ${tenantId}) as "exists"`);
    if (!rows[0]?.exists) throw new TenantGoneError(tenantId);
    const { rowCount } = await tx.execute(sql`
      insert into event_handler_ledger (handler, event_id, tenant_id) values (${subscription.name}, ${eventId}, ${tenantId})
      on conflict (handler, event_id) do nothing`);
    if (rowCount === 0) return 'skipped';
    const event = await readEvent({ tenantId, tx }, eventId);
    if (!event) throw new Error(`Event ${eventId} not found for handler ${subscription.name}`);
    await runAsHandlerOf(event, () => subscription.handle(event as never, { ...handlerContext(tx, tenantId), delivery }));
    return 'applied';
  });
}

/** Delivers one job to the async handler `name` (what the handler's worker does with each job it fetches). */
export function applyAsyncHandler(name: string, job: HandlerJob): Promise<'applied' | 'skipped'> {
  const subscription = asyncSubscriptions().find((candidate) => candidate.name === name);
  if (!subscription) throw new Error(`No async handler named "${name}"`);
  return apply(subscription, job);
}

/**
 * Called by the worker process: a pg-boss worker per async handler, each on
 * its own queue, so a handler that fails and retries never holds up another.
 */
export async function startEventHandlerWorkers(boss: PgBoss): Promise<string[]> {
  const queues: string[] = [];
  for (const subscription of asyncSubscriptions()) {
    await ensureHandlerQueue(boss, subscription);
    const queue = queueNameOf(subscription);
    // NOTIFY wakes a worker for a new job, not for a retry coming due: the
    // backstop poll decides how late a retry starts, so it follows the retry delay.
    const pollSeconds = Math.min(Math.max(retryPolicyOf(subscription).retryDelay, 0.5), 5);
    const options = {
      batchSize: 1,
      localConcurrency: subscription.concurrency ?? 2,
      pollingIntervalSeconds: pollSeconds,
      notifyPollingIntervalSeconds: pollSeconds,
      perJobResults: true,
      includeMetadata: true,
      // One busy workspace cannot take every slot: at most this many of its jobs run at once per worker.
      groupConcurrency: 1,
    } as const;
    await boss.work<HandlerJob, unknown, typeof options>(queue, options, async ([job]): Promise<JobResult[]> => {
      const delivery = { attempt: job!.retryCount + 1, willRetry: job!.retryCount < job!.retryLimit };
      try {
        await apply(subscription, job!.data, delivery);
        return [{ id: job!.id, status: 'completed' }];
      } catch (error) {
        // Any other failure is thrown, and pg-boss retries it as the subscription's policy says.
        if (!(error instanceof TenantGoneError) && !isNonRetryable(error)) throw error;
        return [{ id: job!.id, status: 'deadletter', output: { error: (error as Error).name, message: (error as Error).message } }];
      }
    });
    queues.push(queue);
  }
  return queues;
}
