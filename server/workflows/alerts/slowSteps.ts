import { sql } from 'drizzle-orm';
import { getConfig } from '@/server/config';
import { withTenant } from '@/server/db';
import { appendToStream } from '@/server/events';
import { declaredWorkflows } from '../defineWorkflow';
import { WorkflowCancelled, WorkflowSlowDetected, WorkflowStepCompleted, WorkflowStepFailed, WorkflowStepStarted } from '../events';
import { alertActor, nameBasedUuid } from './alertIds';
import { slowThresholds } from './thresholds';

/** How far back detection looks: far beyond any step's timeout, so a sweep that stopped for hours still finds what it missed. */
const lookbackSeconds = 6 * 3600;

type SlowStep = {
  stream_id: string;
  workflow: string;
  subject_id: string;
  step: string;
  attempt: number;
  elapsed_ms: number;
  threshold_seconds: number;
  finished: boolean;
};

const stepTypes = [WorkflowStepStarted.type, WorkflowStepCompleted.type, WorkflowStepFailed.type];

/**
 * Attempts of the last hours that went past their step's threshold and have
 * no WorkflowSlowDetected for that step in their stream yet: those that
 * ended slowly, and those still running (started, with nothing after it for
 * that step, nor a cancellation) for longer than the threshold.
 */
async function findSlowSteps(tenantId: string, thresholds: { steps: Record<string, number>; otherwise: number }): Promise<SlowStep[]> {
  const { rows } = await withTenant(tenantId, (tx) =>
    tx.execute<SlowStep>(sql`
      with limits as (select key, value::float8 as seconds from jsonb_each_text(${JSON.stringify(thresholds.steps)}::jsonb)),
      attempts as (
        select position, stream_id, type, recorded_at, data ->> 'workflow' as workflow, data ->> 'subjectId' as subject_id, data ->> 'step' as step,
               (data ->> 'attempt')::int as attempt, (data ->> 'durationMs')::float8 as duration_ms
          from events
         where tenant_id = ${tenantId} and type in (${sql.join(stepTypes, sql`, `)})
           and recorded_at > now() - make_interval(secs => ${lookbackSeconds})
      ),
      measured as (
        select a.*, a.duration_ms as elapsed_ms, true as finished from attempts a where a.type <> ${WorkflowStepStarted.type}
        union all
        select a.*, extract(epoch from now() - a.recorded_at)::float8 * 1000, false from attempts a
         where a.type = ${WorkflowStepStarted.type}
           and not exists (
             select 1 from events later
              where later.tenant_id = ${tenantId} and later.stream_id = a.stream_id and later.position > a.position
                and (later.type = ${WorkflowCancelled.type} or (later.type in (${sql.join(stepTypes, sql`, `)}) and later.data ->> 'step' = a.step)))
      ),
      over as (
        select m.*, coalesce(l.seconds, ${thresholds.otherwise}) as threshold_seconds
          from measured m left join limits l on l.key = m.workflow || '.' || m.step
         where m.elapsed_ms > coalesce(l.seconds, ${thresholds.otherwise}) * 1000
      )
      select distinct on (stream_id, step) stream_id, workflow, subject_id, step, attempt, elapsed_ms, threshold_seconds, finished
        from over o
       where not exists (
         select 1 from events alert
          where alert.tenant_id = ${tenantId} and alert.stream_id = o.stream_id
            and alert.type = ${WorkflowSlowDetected.type} and alert.data ->> 'step' = o.step)
       order by stream_id, step, elapsed_ms desc
       limit 500`),
  );
  return rows;
}

/**
 * Appends WorkflowSlowDetected to the stream of each workflow instance with
 * a slow step, once per instance and step: its event id is derived from
 * them, so detections that run twice, or at once, store it once. Answers
 * how many it appended.
 */
export async function detectSlowSteps(tenantId: string): Promise<number> {
  const slow = await findSlowSteps(tenantId, slowThresholds(declaredWorkflows(), getConfig().WORKFLOW_SLOW_STEP_SECONDS));
  let appended = 0;
  for (const found of slow) {
    const event = WorkflowSlowDetected.create(
      {
        workflow: found.workflow,
        subjectId: found.subject_id,
        step: found.step,
        attempt: found.attempt,
        elapsedMs: Math.round(found.elapsed_ms),
        thresholdSeconds: found.threshold_seconds,
        finished: found.finished,
      },
      { eventId: nameBasedUuid(`workflow-slow/${tenantId}/${found.stream_id}/${found.step}`) },
    );
    const { events } = await appendToStream(found.stream_id, [event], { tenantId, expectedVersion: 'any', metadata: { actor: alertActor } });
    appended += events.length;
  }
  return appended;
}
