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
/**
 * A step with nothing to do for this subject (the notify step, for a document
 * no person uploaded), recorded instead of running it by the step before it,
 * with that step's outcome. `reason` is an i18n key.
 */
export const WorkflowStepSkipped = defineEvent('WorkflowStepSkipped', {
  schemaVersion: 1,
  schema: z.object({ ...stepRef, reason: z.string() }),
});
export const WorkflowResumed = defineEvent('WorkflowResumed', { schemaVersion: 1, schema: z.object(stepRef) });
export const WorkflowCancelled = defineEvent('WorkflowCancelled', {
  schemaVersion: 1,
  schema: z.object({ workflow: z.string(), subjectId: z.uuid(), step: z.string().nullable() }),
});

/**
 * A step took (or has been running) longer than its threshold. Appended to the
 * workflow's own stream at most once per workflow instance and step, so its
 * admins hear of it once however often detection runs (see alerts/).
 */
export const WorkflowSlowDetected = defineEvent('WorkflowSlowDetected', {
  schemaVersion: 1,
  schema: z.object({
    ...stepRef,
    attempt: z.number().int().positive(),
    /** How long the attempt took, or had been running when detection saw it. */
    elapsedMs: z.number().nonnegative(),
    thresholdSeconds: z.number().positive(),
    /** False when the attempt was still running. */
    finished: z.boolean(),
  }),
});

const stepAlertRef = { workflow: z.string(), step: z.string() };

/**
 * Many subjects failed the same step within a window: one alert for all of
 * them, on the step's alert stream, until WorkflowStepRecovered.
 */
export const WorkflowStepFailingRepeatedly = defineEvent('WorkflowStepFailingRepeatedly', {
  schemaVersion: 1,
  schema: z.object({
    ...stepAlertRef,
    /** Distinct subjects (documents) that failed the step within the window. */
    failedSubjects: z.number().int().positive(),
    threshold: z.number().int().positive(),
    windowMinutes: z.number().int().positive(),
    /** The latest failure's error: an i18n key when the error had one. */
    lastError: z.string(),
  }),
});
/** The step succeeded again and its failures fell below the threshold: the next burst raises a new alert. */
export const WorkflowStepRecovered = defineEvent('WorkflowStepRecovered', { schemaVersion: 1, schema: z.object(stepAlertRef) });
