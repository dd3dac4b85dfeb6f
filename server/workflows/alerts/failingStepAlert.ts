import type { NewEvent } from '@/server/events';
import { WorkflowStepFailingRepeatedly, WorkflowStepRecovered } from '../events';

/** Where a step's alert stands: the type of the last event on its alert stream (none yet: never raised), and that stream's version. */
export type FailingStepState = { raised: boolean; version: number };

/** What the log says of a step right now. */
export type FailingStepObservation = {
  workflow: string;
  step: string;
  /** Distinct subjects that failed the step within the window. */
  failedSubjects: number;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
};

export type FailingStepRule = { threshold: number; windowMinutes: number };

/**
 * The alert's rule, a pure function: raise once when `threshold` subjects
 * failed the step within the window; stay raised, however many more fail,
 * until the step has succeeded since its last failure and the failures in the
 * window fell below the threshold; then the next burst raises a new alert.
 */
export function decideFailingStepAlert(state: FailingStepState, seen: FailingStepObservation, rule: FailingStepRule): NewEvent | null {
  const failing = seen.failedSubjects >= rule.threshold;
  if (!state.raised) {
    if (!failing) return null;
    return WorkflowStepFailingRepeatedly.create({
      workflow: seen.workflow,
      step: seen.step,
      failedSubjects: seen.failedSubjects,
      threshold: rule.threshold,
      windowMinutes: rule.windowMinutes,
      lastError: seen.lastError ?? '',
    });
  }
  const succeededSince = seen.lastSuccessAt !== null && (seen.lastFailureAt === null || seen.lastSuccessAt > seen.lastFailureAt);
  return !failing && succeededSince ? WorkflowStepRecovered.create({ workflow: seen.workflow, step: seen.step }) : null;
}
