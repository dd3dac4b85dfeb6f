import { performance } from 'node:perf_hooks';
import type { Transaction } from '@/server/db';
import {
  appendToStream,
  ConcurrencyError,
  DiscardWork,
  FailureToRecord,
  isNonRetryable,
  subscribe,
  type AnyEventDefinition,
  type HandlerContext,
  type NewEvent,
  type RetryPolicy,
  type StoredEvent,
} from '@/server/events';
import { AppError } from '@/server/errors';
import { addToLogContext, extendLogContext, logger } from '@/server/observability';
import { WorkflowResumed, WorkflowStepCompleted, WorkflowStepFailed, WorkflowStepStarted } from './events';

export type StepContext = HandlerContext & { subjectId: string; attempt: number };

export type StepDefinition = {
  /** The step's name in timelines and metrics: store, process, index, notify. */
  name: string;
  /** The handler's name (its queue is `event-handler.<handler>`). */
  handler: string;
  /** The events that start this step: the previous step's outcome. */
  after: readonly AnyEventDefinition[];
  retry: RetryPolicy;
  timeoutSeconds: number;
  /** An attempt that runs longer raises WorkflowSlowDetected; WORKFLOW_SLOW_STEP_SECONDS overrides it (alerts/thresholds.ts). */
  slowAfterSeconds?: number;
  /** Appended, committed, as the step begins (besides WorkflowStepStarted). */
  startedEvents?: (subjectId: string) => NewEvent[];
  /** Does the work; returns the events that record its outcome (they start the next step). */
  run: (context: StepContext) => Promise<NewEvent[]>;
};

export type WorkflowDefinition = {
  name: string;
  /** The subject's stream (e.g. `document-<id>`). */
  streamOf: (subjectId: string) => string;
  /** The subject an event is about. */
  subjectOf: (event: StoredEvent) => string;
  /** False once the subject's workflow was cancelled or has failed: a step then does nothing. */
  isActive: (tx: Transaction, subjectId: string) => Promise<boolean>;
  /** Where the workspace shows a subject (e.g. `/documents/<id>`), for links in alerts; without it they lead to the workflows page. */
  pathOf?: (subjectId: string) => string;
  /** Events that record the workflow's failure at `step` once retrying is over. */
  failed: (subjectId: string, step: string, reason: string) => NewEvent[];
  steps: StepDefinition[];
};

const declared = new Map<string, WorkflowDefinition>();

/** The workflows this process declared: what metrics and alerts know of step names, order and thresholds. */
export function declaredWorkflows(): WorkflowDefinition[] {
  return [...declared.values()];
}

/** What a failure says in the log and the timeline: a message key, or the error's message — never a query's SQL and parameters. */
function reasonOf(error: unknown): string {
  if (error instanceof AppError) return error.messageKey;
  // Drizzle's query errors quote the statement and its parameters (a document's text among them): keep Postgres's own message.
  const database = databaseErrorIn(error);
  if (database) return `database error ${database.code}: ${database.message}`.slice(0, 500);
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function databaseErrorIn(error: unknown): { code: string; message: string } | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in current) return { code, message: current.message };
  }
  return undefined;
}

/**
 * Turns a workflow declaration into async event handlers, one per step: a
 * step's job is enqueued in the transaction that recorded the previous step's
 * outcome, retries with its own policy, and records every attempt.
 */
export function defineWorkflow(workflow: WorkflowDefinition): WorkflowDefinition {
  declared.set(workflow.name, workflow);
  for (const step of workflow.steps) {
    subscribe({
      name: step.handler,
      mode: 'async',
      events: [...step.after, WorkflowResumed],
      retry: step.retry,
      timeoutSeconds: step.timeoutSeconds,
      // Every line logged while the step's job runs names its workflow and step, the job's own last line included.
      handle: (event, context) => extendLogContext({ workflow: workflow.name, step: step.name }, () => runStep(workflow, step, event, context)),
    });
  }
  return workflow;
}

async function runStep(workflow: WorkflowDefinition, step: StepDefinition, event: StoredEvent, context: HandlerContext): Promise<void> {
  if (WorkflowResumed.is(event) && (event.data.workflow !== workflow.name || event.data.step !== step.name)) return;
  const subjectId = workflow.subjectOf(event);
  const stream = workflow.streamOf(subjectId);
  const attempt = context.delivery?.attempt ?? 1;
  addToLogContext({ subjectId, attempt });
  const ref = { workflow: workflow.name, subjectId, step: step.name };
  const nextExpectedVersion = await appendStart(workflow, { context, subjectId, stream, event }, [
    WorkflowStepStarted.create({ ...ref, attempt }),
    ...(attempt === 1 ? (step.startedEvents?.(subjectId) ?? []) : []),
  ]);
  if (nextExpectedVersion === undefined) return;
  const started = performance.now();
  try {
    const outcome = await step.run({ ...context, subjectId, attempt });
    const durationMs = Math.round(performance.now() - started);
    await appendOutcome(workflow, step.name, { context, subjectId, stream, version: nextExpectedVersion }, [
      WorkflowStepCompleted.create({ ...ref, attempt, durationMs }),
      ...outcome,
    ]);
  } catch (error) {
    if (error instanceof DiscardWork) throw error;
    const willRetry = !isNonRetryable(error) && (context.delivery?.willRetry ?? false);
    const reason = reasonOf(error);
    const durationMs = Math.round(performance.now() - started);
    logger.warn({ err: error, willRetry }, 'workflow step failed');
    // Recorded once the handler's transaction has rolled back, in one of its own.
    throw new FailureToRecord(error, stream, [
      WorkflowStepFailed.create({ ...ref, attempt, durationMs, error: reason, willRetry }),
      ...(willRetry ? [] : workflow.failed(subjectId, step.name, reason)),
    ]);
  }
}

/**
 * Records that a step starts, committed at once on its own (the timeline
 * shows the step running while it runs), expecting the stream to end with
 * the event that started the step, as it does on a first attempt. Only when
 * it does not (a retry, or a cancel written since) is the workflow asked
 * whether it is still active; if not, nothing is recorded and undefined says
 * the step must not run. Otherwise, the stream's version after the start.
 */
async function appendStart(
  workflow: WorkflowDefinition,
  { context, subjectId, stream, event }: { context: HandlerContext; subjectId: string; stream: string; event: StoredEvent },
  events: NewEvent[],
): Promise<number | undefined> {
  const append = (expectedVersion: number | 'any') => appendToStream(stream, events, { tenantId: context.tenantId, expectedVersion });
  if (event.streamId === stream) {
    try {
      return (await append(event.streamVersion)).nextExpectedVersion;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  if (!(await workflow.isActive(context.tx, subjectId))) return undefined;
  return (await append('any')).nextExpectedVersion;
}

/**
 * Appends a step's outcome expecting the stream as the step's start left it.
 * Only when something else was written to it meanwhile (a cancel, say) is
 * the workflow asked whether it is still active: if not, the work is
 * discarded with the handler's whole transaction and the next step is not
 * started. The append holds the stream's lock to the end of the transaction,
 * so no cancel lands between that answer and the commit.
 */
async function appendOutcome(
  workflow: WorkflowDefinition,
  step: string,
  { context, subjectId, stream, version }: { context: HandlerContext; subjectId: string; stream: string; version: number },
  events: NewEvent[],
): Promise<void> {
  try {
    await context.append(stream, events, { expectedVersion: version });
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    if (!(await workflow.isActive(context.tx, subjectId))) throw new DiscardWork(`${workflow.name} ${subjectId} stopped while ${step} ran`);
    await context.append(stream, events, { expectedVersion: 'any' });
  }
}
