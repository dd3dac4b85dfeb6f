import { performance } from 'node:perf_hooks';
import { getTableColumns, sql } from 'drizzle-orm';
import { escapeLiteral } from 'pg';
import type { JobResult, JobWithMetadata, PgBoss } from 'pg-boss';
import { z } from 'zod';
import { withTenant, type Transaction } from '@/server/db';
import { AppError } from '@/server/errors';
import { deferredJobCompletion, wakeWorkersOnAnnouncements, type QueueWorkers } from '@/server/jobs';
import { logger, withLogContext } from '@/server/observability';
import { handlerContext } from './appendToStream';
import { runAsHandlerOf } from './correlation';
import type { HandlerJob } from './dispatch';
import { asyncSubscriptions, DiscardWork, FailureToRecord, isNonRetryable, queueNameOf, retryPolicyOf, type AsyncSubscription, type HandlerContext } from './handlers';
import { ensureHandlerQueue } from './handlerQueues';
import { events, type EventRow } from './schema';
import { toStoredEvent, type StoredEvent } from './storedEvent';
import { TenantGoneError } from './errors';

const handlerJobSchema = z.object({ eventId: z.uuid(), tenantId: z.uuid() }) satisfies z.ZodType<HandlerJob>;

/**
 * Applies one event with one async handler, at most once: the ledger row
 * (handler, event id) is written first, in the same transaction as the
 * handler's effect. A second delivery of the job finds the row and skips;
 * one that runs concurrently waits on the row's key until the first commits
 * (then skips) or rolls back (then applies). A throw rolls everything back,
 * and pg-boss retries the job as the queue's policy says; DiscardWork rolls
 * back and completes it; FailureToRecord rolls back, records the failure,
 * and fails the job with the handler's own error. `completeJob`, given by
 * the worker, completes the job in that same transaction (applied or
 * skipped): the work and the job's end commit together, one WAL flush for
 * both, and pg-boss's own completion afterwards finds the job settled and
 * writes nothing.
 */
async function apply(
  subscription: AsyncSubscription,
  job: HandlerJob,
  delivery?: HandlerContext['delivery'],
  completeJob?: (tx: Transaction) => Promise<unknown>,
): Promise<'applied' | 'skipped' | 'discarded'> {
  const { eventId, tenantId } = handlerJobSchema.parse(job);
  let handled: StoredEvent | undefined;
  try {
    return await withTenant(tenantId, async (tx) => {
      const claim = await claimEvent(tx, subscription, eventId, tenantId);
      if (!claim.claimed) {
        const { rows } = await tx.execute<{ exists: boolean }>(sql`select exists (select 1 from tenants where id = ${tenantId}) as "exists"`);
        if (!rows[0]?.exists) throw new TenantGoneError(tenantId);
        await completeJob?.(tx);
        return 'skipped';
      }
      handled = claim.event;
      const context = { ...handlerContext(tx, tenantId), delivery, ...(claim.stream && { stream: claim.stream }) };
      await runAsHandlerOf(handled, () => subscription.handle(handled as never, context));
      await completeJob?.(tx);
      return 'applied' as const;
    });
  } catch (error) {
    if (error instanceof DiscardWork) return 'discarded';
    if (!(error instanceof FailureToRecord) || !handled) throw error;
    await runAsHandlerOf(handled, error.record);
    throw error.failure;
  }
}

const eventColumns = Object.entries(getTableColumns(events));
// Named, not *: a column added to the log later must not change what this statement returns.
const eventColumnList = eventColumns.map(([, column]) => column.name).join(', ');

/**
 * Writes the handler's ledger row for the event and reads the event (and,
 * with `readsStream`, its stream) in one statement, claim_event (migration
 * 0017): not claimed when the row was there already or the workspace is
 * gone. Its arguments are written in as literals: a statement without
 * parameters travels with the transaction's begin and scope, in one round
 * trip (server/db/deferredStatements.ts).
 */
async function claimEvent(
  tx: Transaction,
  subscription: AsyncSubscription,
  eventId: string,
  tenantId: string,
): Promise<{ claimed: false } | { claimed: true; event: StoredEvent; stream?: StoredEvent[] }> {
  const args = [subscription.name, eventId, tenantId].map(escapeLiteral).join(', ');
  const { rows } = await tx.execute<Record<string, unknown>>(
    sql.raw(`select ${eventColumnList} from claim_event(${args}, ${Boolean(subscription.readsStream)})`),
  );
  const [row, ...stream] = rows;
  if (!row) return { claimed: false };
  return { claimed: true, event: storedEventOf(row), ...(subscription.readsStream && { stream: stream.map(storedEventOf) }) };
}

/** An event's row as Drizzle's own select would map it (timestamps to dates, bigint positions to numbers). */
function storedEventOf(row: Record<string, unknown>): StoredEvent {
  const mapped = Object.fromEntries(eventColumns.map(([key, column]) => [key, row[column.name] === null ? null : column.mapFromDriverValue(row[column.name])]));
  return toStoredEvent(mapped as EventRow);
}

/** Delivers one job to the async handler `name` (what the handler's worker does with each job it fetches). */
export function applyAsyncHandler(name: string, job: HandlerJob): Promise<'applied' | 'skipped' | 'discarded'> {
  const subscription = asyncSubscriptions().find((candidate) => candidate.name === name);
  if (!subscription) throw new Error(`No async handler named "${name}"`);
  return apply(subscription, job);
}

/**
 * Called by the worker process: a pg-boss worker per async handler, each on
 * its own queue, so a handler that fails and retries never holds up another.
 * Announced jobs wake the workers of their queue (see jobAnnouncements.ts).
 */
export async function startEventHandlerWorkers(boss: PgBoss): Promise<string[]> {
  const workers = new Map<string, QueueWorkers>();
  for (const subscription of asyncSubscriptions()) {
    await ensureHandlerQueue(boss, subscription);
    const queue = queueNameOf(subscription);
    const queueWorkers = await workHandlerQueue(boss, subscription, (job) => {
      const delivery = { attempt: job.retryCount + 1, willRetry: job.retryCount < job.retryLimit };
      // Each line the job logs names it, its workspace and (once its handler runs) its correlation id and step.
      return withLogContext({ jobId: job.id, queue, tenantId: job.data.tenantId, attempt: delivery.attempt }, async (): Promise<JobResult> => {
        const started = performance.now();
        const ms = () => Math.round(performance.now() - started);
        try {
          // Fenced to this attempt, as pg-boss's own completion is: a job whose claim lapsed is left to the attempt that holds it.
          const completeJob = (tx: Transaction) => boss.complete(queue, { id: job.id, retryCount: job.retryCount }, null, { db: deferredJobCompletion(tx) });
          const outcome = await apply(subscription, job.data, delivery, completeJob);
          logger.info({ ms: ms(), outcome }, 'job completed');
          return { id: job.id, status: 'completed' };
        } catch (error) {
          // Any other failure is thrown, and pg-boss retries it as the subscription's policy says.
          const final = error instanceof TenantGoneError || isNonRetryable(error);
          const willRetry = !final && delivery.willRetry;
          // Bad input that no retry can mend, told to the person in words (a file that cannot be read), is the product
          // working, not a fault to trace; any other error keeps its stack and cause.
          if (isRefusedInput(error)) logger.info({ ms: ms(), reason: error.messageKey, willRetry }, 'job failed');
          else logger.warn({ ms: ms(), err: error, willRetry }, 'job failed');
          if (!final) throw error;
          return { id: job.id, status: 'deadletter', output: { error: (error as Error).name, message: (error as Error).message } };
        }
      });
    });
    workers.set(queue, queueWorkers);
  }
  await wakeWorkersOnAnnouncements(boss, workers);
  return [...workers.keys()];
}

/** Workers per handler queue in a worker process, unless the subscription says otherwise. */
const workersPerQueue = 4;

/**
 * Works a handler's queue with its pg-boss workers (the pipeline benchmark's
 * bare baseline works its queues with this too). A worker that has just run
 * a job looks for the next one at once: pg-boss otherwise sleeps until woken
 * or its poll, and a backlog that nothing new announces (behind the
 * per-workspace limit, or left when uploads stop) would drain one poll at a
 * time. An announced job wakes one idle worker, not all of them: the others
 * would only fetch nothing, and a busy one looks again when it finishes.
 */
export async function workHandlerQueue(boss: PgBoss, subscription: AsyncSubscription, run: (job: JobWithMetadata<HandlerJob>) => Promise<JobResult>): Promise<QueueWorkers> {
  const options = handlerWorkOptions(subscription);
  const workers: { id?: string; busy: boolean }[] = [];
  for (let slot = 0; slot < (subscription.concurrency ?? workersPerQueue); slot++) {
    const worker: { id?: string; busy: boolean } = { busy: false };
    workers.push(worker);
    worker.id = await boss.work<HandlerJob, unknown, typeof options>(queueNameOf(subscription), options, async ([job]): Promise<JobResult[]> => {
      worker.busy = true;
      try {
        return [await run(job!)];
      } finally {
        worker.busy = false;
        if (worker.id) boss.notifyWorker(worker.id);
      }
    });
  }
  const notify = (worker: { id?: string }) => worker.id && boss.notifyWorker(worker.id);
  let next = 0;
  return {
    wake: () => {
      const idle = [...workers.slice(next), ...workers.slice(0, next)].find((worker) => !worker.busy);
      if (!idle) return false;
      next = (workers.indexOf(idle) + 1) % workers.length;
      notify(idle);
      return true;
    },
    wakeAll: () => workers.forEach(notify),
  };
}

/** How each of a handler's pg-boss workers fetches and runs its jobs: one at a time, the backstop poll following the retry delay. */
function handlerWorkOptions(subscription: AsyncSubscription) {
  // An announcement wakes a worker for a new job, not for a retry coming due:
  // the backstop poll decides how late a retry starts, so it follows the retry delay.
  const pollSeconds = Math.min(Math.max(retryPolicyOf(subscription).retryDelay, 0.5), 5);
  return {
    batchSize: 1,
    localConcurrency: 1,
    pollingIntervalSeconds: pollSeconds,
    notifyPollingIntervalSeconds: pollSeconds,
    perJobResults: true,
    includeMetadata: true,
    // At most this many jobs of one workspace run at once on the queue, counted across all worker processes:
    // one below a process's workers, so a busy workspace never takes every slot and another's jobs still start.
    groupConcurrency: Math.max(1, (subscription.concurrency ?? workersPerQueue) - 1),
  } as const;
}

function isRefusedInput(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'invalid' && isNonRetryable(error);
}
