import { performance } from 'node:perf_hooks';
import { withTenant, type Transaction } from '@/server/db';
import {
  appendToStream,
  ConcurrencyError,
  DiscardWork,
  FailureToRecord,
  isNonRetryable,
  readStream,
  subscribe,
  type AnyEventDefinition,
  type AppendResult,
  type HandlerContext,
  type NewEvent,
  type RetryPolicy,
  type StoredEvent,
} from '@/server/events';
import { AppError } from '@/server/errors';
import { addToLogContext, extendLogContext } from '@/server/observability';
import { WorkflowResumed, WorkflowStepCompleted, WorkflowStepFailed, WorkflowStepSkipped, WorkflowStepStarted } from './events';
import { commitStartIfStillRunning } from './stepStart';

export type StepContext = HandlerContext & {
  subjectId: string;
  attempt: number;
  /** The subject's stream, oldest first, as it stood when the step's job claimed its event (before this attempt's start). */
  history: () => Promise<StoredEvent[]>;
};

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
  /** Appended with WorkflowStepStarted as the step begins, and committed with it (see stepStart.ts). */
  startedEvents?: (subjectId: string) => NewEvent[];
  /** Does the work; returns the events that record its outcome (they start the next step). */
  run: (context: StepContext) => Promise<NewEvent[]>;
  /**
   * Why the step has nothing to do for a subject, as an i18n key, or
   * undefined when it has: asked by the step before it, with the subject's
   * history, as that step records its outcome. A step with a reason is
   * recorded as skipped (WorkflowStepSkipped) with that outcome, and its job
   * is never enqueued: a hop saved, and a timeline that says so rather than
   * showing work that did nothing. Only the last step may be skipped, since a
   * later one would wait for the outcome a skipped step never records.
   */
  skipWhen?: (history: StoredEvent[]) => string | undefined;
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
  if (workflow.steps.slice(0, -1).some((step) => step.skipWhen)) throw new Error(`${workflow.name}: only the last step may declare skipWhen`);
  declared.set(workflow.name, workflow);
  for (const [index, step] of workflow.steps.entries()) {
    const next = workflow.steps[index + 1];
    subscribe({
      name: step.handler,
      mode: 'async',
      events: [...step.after, WorkflowResumed],
      retry: step.retry,
      timeoutSeconds: step.timeoutSeconds,
      // Steps read their subject's history, which is the stream of the event that starts them: read with the claim.
      readsStream: true,
      // Every line logged while the step's job runs names its workflow and step, the job's own last line included.
      handle: (event, context) => extendLogContext({ workflow: workflow.name, step: step.name }, () => runStep(workflow, step, next, event, context)),
      ...(step.skipWhen && { skips: (event, appendedWith) => isSkippedIn(appendedWith, workflow, step, workflow.subjectOf(event)) }),
    });
  }
  return workflow;
}

/** Whether `events` record `step` of `subjectId`'s workflow as skipped. */
function isSkippedIn(events: readonly StoredEvent[], workflow: WorkflowDefinition, step: StepDefinition, subjectId: string): boolean {
  return events.some((event) => WorkflowStepSkipped.is(event) && event.data.workflow === workflow.name && event.data.step === step.name && event.data.subjectId === subjectId);
}

/** The next step's skip, when `outcome` would start it and it has nothing to do for the subject. */
async function skipOf(next: StepDefinition | undefined, outcome: NewEvent[], ref: { workflow: string; subjectId: string }, history: () => Promise<StoredEvent[]>): Promise<NewEvent[]> {
  if (!next?.skipWhen || !outcome.some((event) => next.after.some((definition) => definition.type === event.type))) return [];
  const reason = next.skipWhen(await history());
  return reason ? [WorkflowStepSkipped.create({ ...ref, step: next.name, reason })] : [];
}

async function runStep(workflow: WorkflowDefinition, step: StepDefinition, next: StepDefinition | undefined, event: StoredEvent, context: HandlerContext): Promise<void> {
  if (WorkflowResumed.is(event) && (event.data.workflow !== workflow.name || event.data.step !== step.name)) return;
  const subjectId = workflow.subjectOf(event);
  const stream = workflow.streamOf(subjectId);
  const attempt = context.delivery?.attempt ?? 1;
  addToLogContext({ subjectId, attempt });
  const ref = { workflow: workflow.name, subjectId, step: step.name };
  const isActive = () => workflow.isActive(context.tx, subjectId);
  const claimed = claimedVersion(stream, event, context);
  // Nothing after the event that started the step, as on a first attempt: the workflow is active, and nothing need be asked.
  if (claimed !== event.streamVersion && !(await isActive())) return;
  // Recorded at the start of the transaction they are appended in: appended with the outcome, that is the claim's, when the
  // step began; appended with a failure (in a transaction of its own, after the rollback), the failure's.
  const startEvents = [WorkflowStepStarted.create({ ...ref, attempt }), ...(attempt === 1 ? (step.startedEvents?.(subjectId) ?? []) : [])].map(
    (started): NewEvent => ({ ...started, recordedAt: 'transactionStart' }),
  );
  // Appends `events` to the subject's stream in `tx`, a transaction of its own, expecting `version`, while the workflow is active.
  const appendWhileActiveIn = (tx: Transaction, events: NewEvent[], version: number | undefined) =>
    appendWhileActive(
      version,
      (expectedVersion) => appendToStream(stream, events, { tenantId: context.tenantId, expectedVersion, tx }),
      () => workflow.isActive(tx, subjectId),
    );
  // Recorded with the outcome, unless the step runs long enough to be watched (stepStart.ts).
  const start = commitStartIfStillRunning(context.tenantId, (tx) => appendWhileActiveIn(tx, startEvents, claimed));
  const append: HandlerContext['append'] = (streamId, events, options) => {
    if (streamId === stream) start.goWithOutcome();
    return context.append(streamId, events, options);
  };
  const started = performance.now();
  try {
    const history = () => (event.streamId === stream && context.stream ? Promise.resolve(context.stream) : readStream(context, stream));
    const outcome = await step.run({ ...context, append, subjectId, attempt, history });
    const durationMs = Math.round(performance.now() - started);
    const own = await start.settle();
    const skipped = await skipOf(next, outcome, ref, history);
    const outcomeEvents = [...(own ? [] : startEvents), WorkflowStepCompleted.create({ ...ref, attempt, durationMs }), ...outcome, ...skipped];
    const done = await appendWhileActive(own?.nextExpectedVersion ?? claimed, (expectedVersion) => context.append(stream, outcomeEvents, { expectedVersion }), isActive);
    // Cancelled while it ran: the work is discarded with the handler's whole transaction, the next step not started.
    if (!done) throw new DiscardWork(`${workflow.name} ${subjectId} stopped while ${step.name} ran`);
  } catch (error) {
    const own = await start.settle();
    if (error instanceof DiscardWork) throw error;
    const willRetry = !isNonRetryable(error) && (context.delivery?.willRetry ?? false);
    const reason = reasonOf(error);
    const durationMs = Math.round(performance.now() - started);
    const stepFailed = WorkflowStepFailed.create({ ...ref, attempt, durationMs, error: reason, willRetry });
    const record = [...(own ? [] : startEvents), stepFailed, ...(willRetry ? [] : workflow.failed(subjectId, step.name, reason))];
    // Recorded once the handler's transaction has rolled back, in one of its own, while the workflow is active. Once it
    // is not (cancelled while the step ran), only the attempt's failure is: a start after the cancel would read as the
    // step running again, and the workflow's failure would overwrite its cancellation.
    throw new FailureToRecord(error, () =>
      withTenant(context.tenantId, async (tx) => {
        if (await appendWhileActiveIn(tx, record, own?.nextExpectedVersion ?? claimed)) return;
        await appendToStream(stream, [stepFailed], { tenantId: context.tenantId, expectedVersion: 'any', tx });
      }),
    );
  }
}

/** The subject's stream version as the claim read it (the claim reads the stream of the event it claims), or undefined when it did not. */
function claimedVersion(stream: string, event: StoredEvent, context: HandlerContext): number | undefined {
  if (event.streamId !== stream || !context.stream) return undefined;
  return context.stream.at(-1)?.streamVersion ?? event.streamVersion;
}

/**
 * Appends expecting the stream at `version`, which asks nothing more of the
 * database in the common case. Only when the stream moved on meanwhile (a
 * retry's earlier attempt, a cancel) or no version is known is the workflow
 * asked whether it is still active: if so, the events are appended after
 * whatever came; if not, nothing is, and undefined says so. An append inside
 * the handler's transaction holds the stream's lock to its end, so no cancel
 * lands between that answer and the commit.
 */
async function appendWhileActive(
  version: number | undefined,
  append: (expectedVersion: number | 'any') => Promise<AppendResult>,
  isActive: () => Promise<boolean>,
): Promise<AppendResult | undefined> {
  if (version !== undefined) {
    try {
      return await append(version);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  return (await isActive()) ? append('any') : undefined;
}
