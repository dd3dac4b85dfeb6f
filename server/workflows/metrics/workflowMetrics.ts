import type { ReadScope } from '@/server/events';
import { workflowQueueMetrics } from './queueMetrics';
import { bottleneckOf, workflowStepMetrics } from './stepMetrics';
import { workflowStepSeries } from './stepSeries';
import type { MetricsWindow } from './window';

/** Everything the workflows page shows of one workspace over one window. */
export async function workflowMetrics(scope: ReadScope, window: MetricsWindow) {
  const [steps, series, queues] = await Promise.all([
    workflowStepMetrics(scope, window),
    workflowStepSeries(scope, window),
    workflowQueueMetrics(window, { tenantId: scope.tenantId }),
  ]);
  return { window, steps, bottleneck: bottleneckOf(steps), series, queues };
}
export type WorkflowMetrics = Awaited<ReturnType<typeof workflowMetrics>>;
