import { sql } from 'drizzle-orm';
import { withTenant } from '@/server/db';
import type { ReadScope } from '@/server/events';
import { declaredWorkflows } from '../defineWorkflow';
import { WorkflowStepCompleted, WorkflowStepFailed } from '../events';
import { windowShape, type MetricsWindow } from './window';

/** One bucket of one step: attempts that ended in it, and the durations of those that completed (ms). */
export type StepPoint = { completed: number; failed: number; p50Ms: number | null; p95Ms: number | null };

export type StepSeries = {
  /** Bucket starts, oldest first; the last bucket is the one now is in. */
  buckets: Date[];
  bucketSeconds: number;
  /** One line per step, its points aligned with `buckets`. */
  steps: { workflow: string; step: string; points: StepPoint[] }[];
};

type Row = { start: Date; workflow: string | null; step: string | null; completed: number; failed: number; percentiles: number[] | null };

/**
 * The window cut into equal buckets (aligned to the bucket width, so a chart
 * refreshed later shows the same buckets), with each step's attempts and
 * durations per bucket, computed in SQL inside the workspace. Empty buckets
 * are zeros, not gaps.
 */
export async function workflowStepSeries(scope: ReadScope, window: MetricsWindow): Promise<StepSeries> {
  const { bucketSeconds, buckets } = windowShape(window);
  const { rows } = await withTenant(
    scope.tenantId,
    (tx) =>
      tx.execute<Row>(sql`
        with width as (select make_interval(secs => ${bucketSeconds}) as w),
        buckets as (
          select generate_series(date_bin(w, now(), timestamptz 'epoch') - w * ${buckets - 1}, date_bin(w, now(), timestamptz 'epoch'), w) as start
            from width
        ),
        measured as (
          select date_bin(w, recorded_at, timestamptz 'epoch') as start, data ->> 'workflow' as workflow, data ->> 'step' as step,
                 count(*) filter (where type = ${WorkflowStepCompleted.type})::int as completed,
                 count(*) filter (where type = ${WorkflowStepFailed.type})::int as failed,
                 percentile_cont(array[0.5, 0.95]) within group (order by (data ->> 'durationMs')::float8)
                   filter (where type = ${WorkflowStepCompleted.type}) as percentiles
            from events, width
           where tenant_id = ${scope.tenantId}
             and type in (${WorkflowStepCompleted.type}, ${WorkflowStepFailed.type})
             and recorded_at >= (select min(start) from buckets)
           group by 1, 2, 3
        )
        select b.start, m.workflow, m.step, coalesce(m.completed, 0) as completed, coalesce(m.failed, 0) as failed, m.percentiles
          from buckets b left join measured m on m.start = b.start
         order by b.start`),
    scope.tx,
  );
  const starts = [...new Set(rows.map((row) => new Date(row.start).getTime()))].map((time) => new Date(time));
  const index = new Map(starts.map((start, i) => [start.getTime(), i]));
  const lines = new Map<string, StepSeries['steps'][number]>();
  const lineOf = (workflow: string, step: string) => {
    const key = JSON.stringify([workflow, step]);
    if (!lines.has(key)) lines.set(key, { workflow, step, points: starts.map(() => ({ completed: 0, failed: 0, p50Ms: null, p95Ms: null })) });
    return lines.get(key)!;
  };
  // Declared steps first, in their order, so every chart lists them alike.
  for (const workflow of declaredWorkflows()) for (const step of workflow.steps) lineOf(workflow.name, step.name);
  for (const row of rows) {
    if (row.workflow === null || row.step === null) continue;
    const [p50Ms = null, p95Ms = null] = row.percentiles ?? [];
    lineOf(row.workflow, row.step).points[index.get(new Date(row.start).getTime())!] = { completed: row.completed, failed: row.failed, p50Ms, p95Ms };
  }
  return { buckets: starts, bucketSeconds, steps: [...lines.values()] };
}
