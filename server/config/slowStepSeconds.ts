import { z } from 'zod';

/** WORKFLOW_SLOW_STEP_SECONDS, parsed: a threshold for every step, and thresholds by `step` or `workflow.step`. */
export type SlowStepSeconds = { everyStep: number | null; steps: Record<string, number> };

const entry = /^(?:(?<seconds>\d+)|(?<name>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)?)=(?<stepSeconds>\d+))$/;

/**
 * Comma-separated entries: `120` (every step), `process=300` (the process
 * step of any workflow), `document.process=600` (one workflow's). Whole
 * seconds, at least 1.
 */
export const slowStepSecondsSchema = z.string().transform((value, ctx): SlowStepSeconds => {
  const parsed: SlowStepSeconds = { everyStep: null, steps: {} };
  for (const part of value.split(',').map((text) => text.trim())) {
    const groups = entry.exec(part)?.groups;
    const seconds = Number(groups?.seconds ?? groups?.stepSeconds);
    if (!groups || !(seconds >= 1)) {
      ctx.addIssue({ code: 'custom', message: `expected entries like 120, process=300 or document.process=600, separated by commas (not "${part}")` });
      return z.NEVER;
    }
    if (groups.name) parsed.steps[groups.name] = seconds;
    else parsed.everyStep = seconds;
  }
  return parsed;
});
