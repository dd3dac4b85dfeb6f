import { sql } from 'drizzle-orm';
import { getConfig } from '@/server/config';
import { withTenant } from '@/server/db';
import { appendToStream, ConcurrencyError } from '@/server/events';
import { WorkflowStepCompleted, WorkflowStepFailed, WorkflowStepFailingRepeatedly } from '../events';
import { alertActor } from './alertIds';
import { decideFailingStepAlert, type FailingStepObservation, type FailingStepRule, type FailingStepState } from './failingStepAlert';

/** The stream of one step's failure alerts in a workspace: raised, recovered, raised… */
export const failingStepStream = (workflow: string, step: string) => `workflow-alerts-${workflow}.${step}`;

/** How far back a step's last success and failure are looked for (recovery needs a success after the last failure). */
const lookbackSeconds = 6 * 3600;

type ObservationRow = { workflow: string; step: string; failed_subjects: number; last_failure_at: Date | null; last_success_at: Date | null; last_error: string | null };

/** Per step with attempts in the last hours: distinct subjects failed within the window, the last failure and success, the last error. */
async function observeSteps(tenantId: string, rule: FailingStepRule): Promise<FailingStepObservation[]> {
  const { rows } = await withTenant(tenantId, (tx) =>
    tx.execute<ObservationRow>(sql`
      select data ->> 'workflow' as workflow, data ->> 'step' as step,
             count(distinct data ->> 'subjectId') filter (where type = ${WorkflowStepFailed.type} and recorded_at > now() - make_interval(mins => ${rule.windowMinutes}))::int as failed_subjects,
             max(recorded_at) filter (where type = ${WorkflowStepFailed.type}) as last_failure_at,
             max(recorded_at) filter (where type = ${WorkflowStepCompleted.type}) as last_success_at,
             (array_agg(data ->> 'error' order by position desc) filter (where type = ${WorkflowStepFailed.type}))[1] as last_error
        from events
       where tenant_id = ${tenantId} and type in (${WorkflowStepCompleted.type}, ${WorkflowStepFailed.type})
         and recorded_at > now() - make_interval(secs => ${lookbackSeconds})
       group by 1, 2`),
  );
  return rows.map((row) => ({
    workflow: row.workflow,
    step: row.step,
    failedSubjects: row.failed_subjects,
    lastFailureAt: row.last_failure_at && new Date(row.last_failure_at),
    lastSuccessAt: row.last_success_at && new Date(row.last_success_at),
    lastError: row.last_error,
  }));
}

/** Each alert stream's state: raised when its last event is WorkflowStepFailingRepeatedly. */
async function alertStates(tenantId: string, streams: string[]): Promise<Map<string, FailingStepState>> {
  const { rows } = await withTenant(tenantId, (tx) =>
    tx.execute<{ stream_id: string; type: string; stream_version: number }>(sql`
      select distinct on (stream_id) stream_id, type, stream_version
        from events
       where tenant_id = ${tenantId} and stream_id = any(${sql.param(streams)}::text[])
       order by stream_id, stream_version desc`),
  );
  return new Map(rows.map((row) => [row.stream_id, { raised: row.type === WorkflowStepFailingRepeatedly.type, version: row.stream_version }]));
}

/**
 * Raises one WorkflowStepFailingRepeatedly per step whose failures across
 * subjects reached the threshold, and WorkflowStepRecovered once it
 * recovers, on the step's alert stream. Each append expects the version it
 * decided on, so of two detections running at once only one decides.
 * Answers how many alerts it raised or cleared.
 */
export async function detectFailingSteps(tenantId: string): Promise<number> {
  const config = getConfig();
  const rule = { threshold: config.WORKFLOW_FAILING_STEP_THRESHOLD, windowMinutes: config.WORKFLOW_FAILING_STEP_WINDOW_MINUTES };
  // A step without attempts in the last hours can neither raise nor clear (clearing needs a success).
  const steps = await observeSteps(tenantId, rule);
  const states = await alertStates(tenantId, steps.map((seen) => failingStepStream(seen.workflow, seen.step)));
  let decided = 0;
  for (const seen of steps) {
    const stream = failingStepStream(seen.workflow, seen.step);
    const state = states.get(stream) ?? { raised: false, version: 0 };
    const event = decideFailingStepAlert(state, seen, rule);
    if (!event) continue;
    try {
      await appendToStream(stream, [event], { tenantId, expectedVersion: state.version, metadata: { actor: alertActor } });
      decided += 1;
    } catch (error) {
      // Another detection appended first and decided the same.
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  return decided;
}
