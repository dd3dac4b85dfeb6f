import { sql } from 'drizzle-orm';
import { withTenant } from '@/server/db';
import type { ReadScope } from '@/server/events';
import { declaredWorkflows } from '../defineWorkflow';
import { WorkflowStepCompleted, WorkflowStepFailed } from '../events';
import { windowShape, type MetricsWindow } from './window';

export type StepMetrics = {
  workflow: string;
  step: string;
  /** Attempts that ended (completed or failed) within the window. */
  attempts: number;
  /** Distinct subjects (documents) those attempts were about. */
  subjects: number;
  completed: number;
  failed: number;
  /** Failed attempts that were not retried: the workflow stopped at this step. */
  gaveUp: number;
  /** Attempts after the first (retries and resumes' reruns). */
  retries: number;
  /** completed / attempts and failed / attempts, 0 to 1; null without attempts. */
  successRate: number | null;
  failureRate: number | null;
  /** Durations of the attempts that completed, in milliseconds; null when none did. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
};

type Row = {
  workflow: string;
  step: string;
  attempts: number;
  subjects: number;
  completed: number;
  failed: number;
  gave_up: number;
  retries: number;
  percentiles: number[] | null;
  max_ms: number | null;
};

/**
 * Per workflow step, over the window ending now, computed in SQL from the
 * step events of the log (every attempt records its duration and outcome),
 * inside the workspace. Declared steps without attempts are listed with
 * zeros, in their declared order, so charts keep one line per step.
 */
export async function workflowStepMetrics(scope: ReadScope, window: MetricsWindow): Promise<StepMetrics[]> {
  const { seconds } = windowShape(window);
  const { rows } = await withTenant(
    scope.tenantId,
    (tx) =>
      tx.execute<Row>(sql`
        select data ->> 'workflow' as workflow, data ->> 'step' as step,
               count(*)::int as attempts,
               count(distinct data ->> 'subjectId')::int as subjects,
               count(*) filter (where type = ${WorkflowStepCompleted.type})::int as completed,
               count(*) filter (where type = ${WorkflowStepFailed.type})::int as failed,
               count(*) filter (where type = ${WorkflowStepFailed.type} and not (data ->> 'willRetry')::boolean)::int as gave_up,
               count(*) filter (where (data ->> 'attempt')::int > 1)::int as retries,
               percentile_cont(array[0.5, 0.95, 0.99]) within group (order by (data ->> 'durationMs')::float8)
                 filter (where type = ${WorkflowStepCompleted.type}) as percentiles,
               max((data ->> 'durationMs')::float8) filter (where type = ${WorkflowStepCompleted.type}) as max_ms
          from events
         where tenant_id = ${scope.tenantId}
           and type in (${WorkflowStepCompleted.type}, ${WorkflowStepFailed.type})
           and recorded_at > now() - make_interval(secs => ${seconds})
         group by 1, 2`),
    scope.tx,
  );
  const declared = declaredWorkflows().flatMap((workflow) => workflow.steps.map((step) => ({ workflow: workflow.name, step: step.name })));
  const isDeclared = (row: { workflow: string; step: string }) => declared.some((d) => d.workflow === row.workflow && d.step === row.step);
  const measured = (workflow: string, step: string) => rows.find((row) => row.workflow === workflow && row.step === step);
  return [
    ...declared.map(({ workflow, step }) => toMetrics(measured(workflow, step) ?? { ...noAttempts, workflow, step })),
    ...rows
      .filter((row) => !isDeclared(row))
      .sort((a, b) => a.workflow.localeCompare(b.workflow) || a.step.localeCompare(b.step))
      .map(toMetrics),
  ];
}

const noAttempts = { attempts: 0, subjects: 0, completed: 0, failed: 0, gave_up: 0, retries: 0, percentiles: null, max_ms: null };

function toMetrics(row: Row): StepMetrics {
  const [p50Ms = null, p95Ms = null, p99Ms = null] = row.percentiles ?? [];
  return {
    workflow: row.workflow,
    step: row.step,
    attempts: row.attempts,
    subjects: row.subjects,
    completed: row.completed,
    failed: row.failed,
    gaveUp: row.gave_up,
    retries: row.retries,
    successRate: row.attempts ? row.completed / row.attempts : null,
    failureRate: row.attempts ? row.failed / row.attempts : null,
    p50Ms,
    p95Ms,
    p99Ms,
    maxMs: row.max_ms,
  };
}

/**
 * The bottleneck: the step whose completed attempts take longest at the
 * median (what a typical document waits on; the p95 of a small window can be
 * one outlier), the p95 breaking ties. Null when no step completed.
 */
export function bottleneckOf(steps: StepMetrics[]): StepMetrics | null {
  const timed = steps.filter((step) => step.p50Ms !== null);
  if (timed.length === 0) return null;
  return timed.reduce((slowest, step) =>
    step.p50Ms! > slowest.p50Ms! || (step.p50Ms === slowest.p50Ms && (step.p95Ms ?? 0) > (slowest.p95Ms ?? 0)) ? step : slowest,
  );
}
