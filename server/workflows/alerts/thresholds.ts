import type { SlowStepSeconds } from '@/server/config';
import type { WorkflowDefinition } from '../defineWorkflow';

/** A step with no threshold of its own counts as slow after this long. */
export const defaultSlowAfterSeconds = 60;

/**
 * Seconds after which each declared step counts as slow, keyed
 * `workflow.step`, and the threshold of steps not declared here. The
 * environment wins over the declaration: `workflow.step=`, then `step=`,
 * then a bare number; then the step's `slowAfterSeconds`; then the default.
 * `configured` is WORKFLOW_SLOW_STEP_SECONDS, parsed.
 */
export function slowThresholds(workflows: readonly WorkflowDefinition[], configured: SlowStepSeconds | undefined): { steps: Record<string, number>; otherwise: number } {
  const fromEnv = configured ?? { everyStep: null, steps: {} };
  const steps: Record<string, number> = {};
  for (const workflow of workflows) {
    for (const step of workflow.steps) {
      const key = `${workflow.name}.${step.name}`;
      steps[key] = fromEnv.steps[key] ?? fromEnv.steps[step.name] ?? fromEnv.everyStep ?? step.slowAfterSeconds ?? defaultSlowAfterSeconds;
    }
  }
  return { steps, otherwise: fromEnv.everyStep ?? defaultSlowAfterSeconds };
}
