import { sql } from 'drizzle-orm';
import { getDb } from '@/server/db';
import type { Metrics } from './registry';

/** What the metrics need to know of a workflow: its name and its steps in order (the last one completes it). */
export type ObservedWorkflow = { name: string; steps: readonly { name: string }[] };

type Row = {
  transaction_id: string;
  position: string;
  type: string;
  workflow: string | null;
  step: string | null;
  duration_ms: number | null;
  will_retry: boolean | null;
};

const batchRows = 5_000;

/**
 * Brings the log-derived metrics up to date: reads the events appended since
 * the last scrape, in the gap-safe order of readAll, through
 * `operational_events_after` (migration: it returns types, workflow, step and
 * durations only, never a tenant or a payload, since the app role reads the
 * log only inside one workspace). A fresh process reads the whole log once,
 * so every web process reports the same totals; `budgetMs` bounds one scrape
 * and the next continues where it stopped.
 */
export async function refreshLogMetrics(target: Metrics, workflows: readonly ObservedWorkflow[], budgetMs: number): Promise<void> {
  const reader = target.logReader;
  const lastSteps = new Map(workflows.map((workflow) => [workflow.name, workflow.steps.at(-1)?.name]));
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const { rows } = await getDb().execute<Row>(
      sql`select * from operational_events_after(${reader.after.transactionId}::xid8, ${reader.after.position}, ${batchRows})`,
    );
    for (const row of rows) observe(target, row, lastSteps);
    const last = rows.at(-1);
    if (last) {
      reader.after = { transactionId: last.transaction_id, position: Number(last.position) };
      // Read in commit order, positions are not monotonic: the gauge shows the highest one seen.
      reader.highestPosition = Math.max(reader.highestPosition, ...rows.map((row) => Number(row.position)));
      target.logPosition.set(reader.highestPosition);
    }
    if (rows.length < batchRows || Date.now() > deadline) return;
  }
}

function observe(target: Metrics, row: Row, lastSteps: Map<string, string | undefined>): void {
  target.eventsAppended.inc({ type: row.type });
  const workflow = row.workflow ?? 'unknown';
  if (row.type === 'WorkflowStepCompleted' || row.type === 'WorkflowStepFailed') {
    const outcome = row.type === 'WorkflowStepCompleted' ? 'completed' : row.will_retry ? 'retried' : 'failed';
    target.stepDuration.observe({ workflow, step: row.step ?? 'unknown', outcome }, (row.duration_ms ?? 0) / 1000);
    if (outcome === 'failed') target.workflowOutcomes.inc({ workflow, outcome: 'failed' });
    if (outcome === 'completed' && lastSteps.get(workflow) === row.step) target.workflowOutcomes.inc({ workflow, outcome: 'completed' });
  }
  if (row.type === 'WorkflowCancelled') target.workflowOutcomes.inc({ workflow, outcome: 'cancelled' });
  if (row.type === 'WorkflowResumed') target.workflowOutcomes.inc({ workflow, outcome: 'resumed' });
}
