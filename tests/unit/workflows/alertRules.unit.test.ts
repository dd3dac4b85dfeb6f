import { describe, expect, it } from 'vitest';
import { slowStepSecondsSchema } from '@/server/config/slowStepSeconds';
import { decideFailingStepAlert, type FailingStepObservation } from '@/server/workflows/alerts/failingStepAlert';
import { slowThresholds } from '@/server/workflows/alerts/thresholds';
import type { WorkflowDefinition } from '@/server/workflows';

const rule = { threshold: 5, windowMinutes: 15 };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
const seen = (observation: Partial<FailingStepObservation>): FailingStepObservation => ({
  workflow: 'document',
  step: 'process',
  failedSubjects: 0,
  lastFailureAt: null,
  lastSuccessAt: null,
  lastError: null,
  ...observation,
});
const quiet = { raised: false, version: 0 };
const raised = { raised: true, version: 1 };

describe('the failing-step alert rule', () => {
  it('raises nothing below the threshold', () => {
    expect(decideFailingStepAlert(quiet, seen({ failedSubjects: 4, lastFailureAt: at(1) }), rule)).toBeNull();
  });

  it('raises once the threshold of failed subjects is reached, with the last error', () => {
    expect(decideFailingStepAlert(quiet, seen({ failedSubjects: 5, lastFailureAt: at(1), lastError: 'documents.unreadable' }), rule)).toMatchObject({
      type: 'WorkflowStepFailingRepeatedly',
      data: { workflow: 'document', step: 'process', failedSubjects: 5, threshold: 5, windowMinutes: 15, lastError: 'documents.unreadable' },
    });
  });

  it('stays raised, however many more fail', () => {
    expect(decideFailingStepAlert(raised, seen({ failedSubjects: 50, lastFailureAt: at(2), lastSuccessAt: at(1) }), rule)).toBeNull();
  });

  it('stays raised while the window still holds enough failures, even after a success', () => {
    expect(decideFailingStepAlert(raised, seen({ failedSubjects: 5, lastFailureAt: at(1), lastSuccessAt: at(2) }), rule)).toBeNull();
  });

  it('stays raised when the failures left the window but nothing has succeeded since', () => {
    expect(decideFailingStepAlert(raised, seen({ failedSubjects: 0, lastFailureAt: at(1), lastSuccessAt: null }), rule)).toBeNull();
    expect(decideFailingStepAlert(raised, seen({ failedSubjects: 0, lastFailureAt: at(2), lastSuccessAt: at(1) }), rule)).toBeNull();
  });

  it('recovers once the step succeeded after its last failure and the failures fell below the threshold', () => {
    expect(decideFailingStepAlert(raised, seen({ failedSubjects: 4, lastFailureAt: at(1), lastSuccessAt: at(2) }), rule)).toMatchObject({
      type: 'WorkflowStepRecovered',
      data: { workflow: 'document', step: 'process' },
    });
  });
});

describe('WORKFLOW_SLOW_STEP_SECONDS', () => {
  it('reads a threshold for every step, for a step of any workflow, and for one workflow’s step', () => {
    expect(slowStepSecondsSchema.parse('120, process=300,document.index=45')).toEqual({ everyStep: 120, steps: { process: 300, 'document.index': 45 } });
  });

  it('refuses anything else, naming the entry', () => {
    for (const bad of ['fast', 'process=', 'process=0', '0', '1.5', 'a.b.c=3', 'process=10,,']) {
      const result = slowStepSecondsSchema.safeParse(bad);
      expect({ bad, success: result.success }).toEqual({ bad, success: false });
    }
    expect(slowStepSecondsSchema.safeParse('120,quick').error?.issues[0]?.message).toMatch(/not "quick"/);
  });
});

describe('slow thresholds', () => {
  const step = (name: string, slowAfterSeconds?: number) => ({ name, slowAfterSeconds }) as WorkflowDefinition['steps'][number];
  const workflows = [
    { name: 'document', steps: [step('store', 30), step('process', 90), step('index')] },
    { name: 'invoice', steps: [step('process', 10)] },
  ] as WorkflowDefinition[];

  it('take each step’s declared threshold, else the default of 60 s', () => {
    expect(slowThresholds(workflows, undefined)).toEqual({
      steps: { 'document.store': 30, 'document.process': 90, 'document.index': 60, 'invoice.process': 10 },
      otherwise: 60,
    });
  });

  it('let the environment win: workflow.step, then step, then a number for every step', () => {
    const configured = { everyStep: 120, steps: { process: 300, 'invoice.process': 5 } };
    expect(slowThresholds(workflows, configured)).toEqual({
      steps: { 'document.store': 120, 'document.process': 300, 'document.index': 120, 'invoice.process': 5 },
      otherwise: 120,
    });
  });
});
