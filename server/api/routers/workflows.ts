import { z } from 'zod';
import { listDocumentsInStatus, resumeDocuments, runningStatuses } from '@/server/documents';
import { metricsWindowSchema, workflowMetrics } from '@/server/workflows';
import { translate } from '@/i18n/translate';
import { allowedProcedure, createTRPCRouter } from '../trpc';

/** The workflows page (owners and admins): step metrics, queues, the running and failed workflows, and bulk resume. */
export const workflowsRouter = createTRPCRouter({
  metrics: allowedProcedure('metrics.view')
    .input(z.object({ window: metricsWindowSchema.default('24h') }).default({ window: '24h' }))
    .query(({ ctx, input }) => workflowMetrics({ tenantId: ctx.tenant.id }, input.window)),

  running: allowedProcedure('metrics.view').query(({ ctx }) => listDocumentsInStatus(ctx.tenant.id, runningStatuses)),

  failed: allowedProcedure('metrics.view').query(({ ctx }) => listDocumentsInStatus(ctx.tenant.id, ['failed'])),

  /**
   * Each document resumes in its own transaction. The answer has one outcome
   * per id, in the order given (ids are not echoed), a refusal with its reason
   * in the caller's language.
   */
  resumeMany: allowedProcedure('documents.resumeAny')
    .input(z.object({ ids: z.array(z.uuid({ error: 'validation.invalid' })).min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const caller = { tenantId: ctx.tenant.id, actor: ctx.actor, userId: ctx.user?.id ?? null, role: ctx.tenant.role };
      const outcomes = await resumeDocuments(caller, input.ids);
      return outcomes.map((outcome) => (outcome.resumed ? outcome : { ...outcome, message: translate(ctx.locale, outcome.messageKey) }));
    }),
});
