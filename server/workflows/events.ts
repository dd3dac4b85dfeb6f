import { z } from 'zod';
import { defineEvent } from '@/server/events';

const stepRef = { workflow: z.string(), subjectId: z.uuid(), step: z.string() };

/** Every attempt of every step is recorded, so the timeline, the metrics and the alerts read one log. */
export const WorkflowStepStarted = defineEvent('WorkflowStepStarted', {
  schemaVersion: 1,
  schema: z.object({ ...stepRef, attempt: z.number().int().positive() }),
});
export const WorkflowStepCompleted = defineEvent('WorkflowStepCompleted', {
  schemaVersion: 1,
  schema: z.object({ ...stepRef, attempt: z.number().int().positive(), durationMs: z.number().nonnegative() }),
});
export const WorkflowStepFailed = defineEvent('WorkflowStepFailed', {
  schemaVersion: 1,
  schema: z.object({
    ...stepRef,
    attempt: z.number().int().positive(),
    durationMs: z.number().nonnegative(),
    /** What went wrong, for people: an i18n key when the error has one, else the error's message. */
    error: z.string(),
    /** False when the step gives up: a non-retryable error, or the last attempt. */
    willRetry: z.boolean(),
  }),
});
export const WorkflowResumed = defineEvent('WorkflowResumed', { schemaVersion: 1, schema: z.object(stepRef) });
export const WorkflowCancelled = defineEvent('WorkflowCancelled', {
  schemaVersion: 1,
  schema: z.object({ workflow: z.string(), subjectId: z.uuid(), step: z.string().nullable() }),
});
