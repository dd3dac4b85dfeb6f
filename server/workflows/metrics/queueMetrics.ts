import { sql } from 'drizzle-orm';
import { getDb } from '@/server/db';
import { handlerQueueName } from '@/server/events';
import { getBoss } from '@/server/jobs';
import { declaredWorkflows } from '../defineWorkflow';
import { windowShape, type MetricsWindow } from './window';

export type QueueMetrics = {
  /** The pg-boss queue, and the workflow step whose jobs it holds. */
  queue: string;
  workflow: string;
  step: string;
  /** Jobs waiting that a worker may take now. */
  ready: number;
  /** Jobs waiting for a later start: retries in their backoff. */
  deferred: number;
  active: number;
  /** Seconds the oldest ready job has waited. */
  oldestReadySeconds: number | null;
  /** Jobs started within the window, and how long they waited to start (seconds, from when they could). */
  started: number;
  waitP50Seconds: number | null;
  waitP95Seconds: number | null;
};

type Row = {
  queue: string;
  ready: number;
  deferred: number;
  active: number;
  oldest_ready_seconds: number | null;
  started: number;
  waits: number[] | null;
};

/**
 * Depth and wait time of the workflow steps' queues, read from pg-boss's job
 * table. With a `tenantId`, only that workspace's jobs count (each job is in
 * its workspace's group); without one, everyone's (for operators). Wait is
 * from `start_after` to `started_on`, not from `created_on`: a retry's
 * backoff is a decision, not waiting.
 */
export async function workflowQueueMetrics(window: MetricsWindow, options: { tenantId?: string } = {}): Promise<QueueMetrics[]> {
  const steps = declaredWorkflows().flatMap((workflow) =>
    workflow.steps.map((step) => ({ queue: handlerQueueName(step.handler), workflow: workflow.name, step: step.name })),
  );
  if (steps.length === 0) return [];
  // pg-boss creates its tables when it first starts.
  await getBoss();
  const names = steps.map((step) => step.queue);
  const group = options.tenantId ? sql`and group_id = ${options.tenantId}` : sql``;
  const { seconds } = windowShape(window);
  const { rows } = await getDb().execute<Row>(sql`
    with live as (
      select name,
             count(*) filter (where state in ('created', 'retry') and start_after <= now() and not blocked)::int as ready,
             count(*) filter (where state in ('created', 'retry') and start_after > now())::int as deferred,
             count(*) filter (where state = 'active')::int as active,
             extract(epoch from now() - min(start_after) filter (where state in ('created', 'retry') and start_after <= now()))::float8 as oldest_ready_seconds
        from pgboss.job
       where name = any(${sql.param(names)}::text[]) and state in ('created', 'retry', 'active') ${group}
       group by name
    ),
    recent as (
      select name, count(*)::int as started,
             percentile_cont(array[0.5, 0.95]) within group (order by greatest(extract(epoch from started_on - start_after), 0)::float8) as waits
        from pgboss.job
       where name = any(${sql.param(names)}::text[]) and created_on > now() - make_interval(secs => ${seconds}) and started_on is not null ${group}
       group by name
    )
    select coalesce(live.name, recent.name) as queue,
           coalesce(live.ready, 0) as ready, coalesce(live.deferred, 0) as deferred, coalesce(live.active, 0) as active,
           live.oldest_ready_seconds, coalesce(recent.started, 0) as started, recent.waits
      from live full join recent on recent.name = live.name`);
  return steps.map((step) => {
    const row = rows.find((candidate) => candidate.queue === step.queue);
    const [waitP50Seconds = null, waitP95Seconds = null] = row?.waits ?? [];
    return {
      ...step,
      ready: row?.ready ?? 0,
      deferred: row?.deferred ?? 0,
      active: row?.active ?? 0,
      oldestReadySeconds: row?.oldest_ready_seconds ?? null,
      started: row?.started ?? 0,
      waitP50Seconds,
      waitP95Seconds,
    };
  });
}
