import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { getDb } from '@/server/db';
import { handlerQueueName } from '@/server/events';
import { getBoss } from '@/server/jobs';
import { logger } from '@/server/observability';
import { declaredWorkflows } from '../defineWorkflow';
import { detectWorkflowAlerts } from './detectWorkflowAlerts';

/** Every minute (cron's finest step), the sweep finds the workspaces with workflow activity… */
export const sweepQueue = 'workflow-alerts.sweep';
/** …and enqueues one detection per workspace here: workers share them, and one workspace's failure is retried alone. */
export const detectQueue = 'workflow-alerts.detect';

const detectJob = z.object({ tenantId: z.uuid() });

/** Workspaces whose workflow steps had jobs in the last hours: the only ones where an alert can be raised or cleared. */
const activeSinceSeconds = 6 * 3600;

async function ensureQueues(boss: PgBoss): Promise<void> {
  if (!(await boss.getQueue(sweepQueue))) await boss.createQueue(sweepQueue, { retryLimit: 0 });
  // `short`: at most one waiting detection per workspace, however many sweeps ran meanwhile.
  if (!(await boss.getQueue(detectQueue))) await boss.createQueue(detectQueue, { policy: 'short', retryLimit: 2, retryDelay: 10, expireInSeconds: 120 });
}

/**
 * Enqueues a detection for each workspace with recent step jobs (their
 * group is the workspace). pg-boss's table is read directly: the event log
 * is only readable one workspace at a time. Answers how many it enqueued.
 */
export async function sweepWorkflowAlerts(): Promise<number> {
  const boss = await getBoss();
  await ensureQueues(boss);
  const queues = declaredWorkflows().flatMap((workflow) => workflow.steps.map((step) => handlerQueueName(step.handler)));
  if (queues.length === 0) return 0;
  const { rows } = await getDb().execute<{ tenant_id: string }>(sql`
    select distinct group_id as tenant_id from pgboss.job
     where name = any(${sql.param(queues)}::text[]) and created_on > now() - make_interval(secs => ${activeSinceSeconds}) and group_id is not null`);
  if (rows.length === 0) return 0;
  await boss.insert(detectQueue, rows.map((row) => ({ data: { tenantId: row.tenant_id }, singletonKey: row.tenant_id })));
  return rows.length;
}

/** Called by the worker process: schedules the sweep and works both queues. */
export async function startWorkflowAlerts(boss: PgBoss): Promise<void> {
  await ensureQueues(boss);
  await boss.schedule(sweepQueue, '* * * * *');
  await boss.work(sweepQueue, async () => {
    await sweepWorkflowAlerts();
  });
  await boss.work(detectQueue, { localConcurrency: 2 }, async ([job]) => {
    const { tenantId } = detectJob.parse(job!.data);
    const found = await detectWorkflowAlerts(tenantId);
    if (found.slow || found.failing) logger.info({ tenantId, ...found }, 'workflow alerts raised or cleared');
  });
}
