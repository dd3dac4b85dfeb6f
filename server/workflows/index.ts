import 'server-only';
export { defineWorkflow, type WorkflowDefinition, type StepDefinition, type StepContext } from './defineWorkflow';
export { WorkflowStepStarted, WorkflowStepCompleted, WorkflowStepFailed, WorkflowResumed, WorkflowCancelled } from './events';
export { exponentialRetry } from './retryPolicy';
