import { z } from 'zod';
import type { Transaction } from '@/server/db';
import { subscribe, type HandlerContext, type StoredEvent } from '@/server/events';
import { defineNotification, notify } from '@/server/notifications';
import { can, listMembers } from '@/server/tenancy';
import { declaredWorkflows } from '../defineWorkflow';
import { WorkflowSlowDetected, WorkflowStepFailingRepeatedly } from '../events';

const stepRef = { workflow: z.string().min(1), step: z.string().min(1) };

export const workflowSlowNotification = defineNotification({
  type: 'workflow.slow',
  params: z.object({ ...stepRef, seconds: z.number(), path: z.string().startsWith('/') }),
  titleKey: 'notifications.workflowSlow.title',
  bodyKey: 'notifications.workflowSlow.body',
  link: ({ path }) => path,
});

export const workflowStepFailingNotification = defineNotification({
  type: 'workflow.stepFailing',
  params: z.object({ ...stepRef, count: z.number().int(), minutes: z.number().int() }),
  titleKey: 'notifications.workflowStepFailing.title',
  bodyKey: 'notifications.workflowStepFailing.body',
  link: () => '/workflows',
});

/** Those who watch the workspace's workflows: the members whose role may see the workflows page (owners and admins). */
async function workflowWatchers(tx: Transaction, tenantId: string): Promise<string[]> {
  const members = await listMembers(tx, tenantId);
  return members.filter((member) => can(member.role, 'metrics.view')).map((member) => member.userId);
}

/** Where the workspace shows a workflow instance: its subject's page when the workflow says, else the workflows page. */
function pathOf(workflow: string, subjectId: string): string {
  return declaredWorkflows().find((declared) => declared.name === workflow)?.pathOf?.(subjectId) ?? '/workflows';
}

/**
 * Tells the workspace's owners and admins of an alert: a notification row
 * each in the handler's transaction (the handler applies each alert event
 * once), then realtime and email after the commit.
 */
export async function notifyAdminsOfAlert(event: StoredEvent, context: HandlerContext): Promise<void> {
  const recipients = await workflowWatchers(context.tx, context.tenantId);
  if (recipients.length === 0) return;
  const { tenantId, tx } = context;
  if (WorkflowSlowDetected.is(event)) {
    const { workflow, step, subjectId, thresholdSeconds } = event.data;
    const params = { workflow, step, seconds: thresholdSeconds, path: pathOf(workflow, subjectId) };
    await notify(tx, { tenantId, recipients, notification: workflowSlowNotification, params });
  } else if (WorkflowStepFailingRepeatedly.is(event)) {
    const { workflow, step, failedSubjects, windowMinutes } = event.data;
    const params = { workflow, step, count: failedSubjects, minutes: windowMinutes };
    await notify(tx, { tenantId, recipients, notification: workflowStepFailingNotification, params });
  }
}

subscribe({
  name: 'NotifyAdminsOfWorkflowAlert',
  mode: 'async',
  events: [WorkflowSlowDetected, WorkflowStepFailingRepeatedly],
  retry: { retryLimit: 3, retryDelay: 2, retryBackoff: true, retryDelayMax: 30 },
  handle: notifyAdminsOfAlert,
});
