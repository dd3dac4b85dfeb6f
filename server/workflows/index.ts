import 'server-only';
export { defineWorkflow, declaredWorkflows, type WorkflowDefinition, type StepDefinition, type StepContext } from './defineWorkflow';
export {
  WorkflowStepStarted,
  WorkflowStepCompleted,
  WorkflowStepFailed,
  WorkflowStepSkipped,
  WorkflowResumed,
  WorkflowCancelled,
  WorkflowSlowDetected,
  WorkflowStepFailingRepeatedly,
  WorkflowStepRecovered,
} from './events';
export { exponentialRetry } from './retryPolicy';
// Metrics computed from the log (per workspace) and from pg-boss's job table.
export { metricsWindows, metricsWindowSchema, windowShape, type MetricsWindow } from './metrics/window';
export { workflowStepMetrics, bottleneckOf, type StepMetrics } from './metrics/stepMetrics';
export { workflowStepSeries, type StepSeries, type StepPoint } from './metrics/stepSeries';
export { workflowQueueMetrics, type QueueMetrics } from './metrics/queueMetrics';
export { workflowMetrics, type WorkflowMetrics } from './metrics/workflowMetrics';
// Alerts: slow steps and steps failing across subjects, detected from the log, told to the workspace's admins.
export { detectWorkflowAlerts } from './alerts/detectWorkflowAlerts';
export { sweepWorkflowAlerts, startWorkflowAlerts } from './alerts/alertSweep';
export { slowThresholds, defaultSlowAfterSeconds } from './alerts/thresholds';
export { decideFailingStepAlert, type FailingStepState, type FailingStepObservation, type FailingStepRule } from './alerts/failingStepAlert';
export { failingStepStream } from './alerts/failingSteps';
export { notifyAdminsOfAlert, workflowSlowNotification, workflowStepFailingNotification } from './alerts/notifyAdmins';
