import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; steps run from milliseconds (a small text file) to minutes (a large PDF). */
const stepBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const httpBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    /** Where the log-derived metrics stopped reading (logMetrics.ts), and the refresh under way: kept with the counters they feed. */
    logReader: { after: { transactionId: '0', position: 0 }, highestPosition: 0 },
    refreshing: undefined as Promise<void> | undefined,
    httpRequestDuration: new Histogram({
      name: 'tramite_http_request_duration_seconds',
      help: 'Duration of HTTP requests answered by the API route handlers of this web process, by route, method and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: httpBuckets,
      registers,
    }),
    stepDuration: new Histogram({
      name: 'tramite_workflow_step_duration_seconds',
      help: 'Duration of workflow step attempts recorded in the event log (WorkflowStepCompleted/Failed), by workflow, step and outcome (completed, retried, failed).',
      labelNames: ['workflow', 'step', 'outcome'] as const,
      buckets: stepBuckets,
      registers,
    }),
    workflowOutcomes: new Counter({
      name: 'tramite_workflow_outcomes_total',
      help: 'Workflows that ran their last step (completed), gave up at a step (failed), were cancelled or resumed, read from the event log.',
      labelNames: ['workflow', 'outcome'] as const,
      registers,
    }),
    eventsAppended: new Counter({
      name: 'tramite_events_appended_total',
      help: 'Events in the log, by type (counted from the log, so every web process reports the same totals).',
      labelNames: ['type'] as const,
      registers,
    }),
    logPosition: new Gauge({
      name: 'tramite_event_log_position',
      help: 'Global position of the last event these metrics have read from the log.',
      registers,
    }),
    queueJobs: new Gauge({
      name: 'tramite_queue_jobs',
      help: 'Jobs in each pg-boss queue, by state (ready, deferred, active, failed), as pg-boss last counted them (every 10 s).',
      labelNames: ['queue', 'state'] as const,
      registers,
    }),
    queueOldestReady: new Gauge({
      name: 'tramite_queue_oldest_ready_seconds',
      help: 'How long the oldest job ready to run has waited in each pg-boss queue.',
      labelNames: ['queue'] as const,
      registers,
    }),
    realtimeChannels: new Gauge({
      name: 'tramite_realtime_occupied_channels',
      help: 'Channels with at least one subscriber, as the realtime server (embedded or hosted Pusher) reports them.',
      registers,
    }),
    realtimeSubscriptions: new Gauge({
      name: 'tramite_realtime_subscriptions',
      help: 'Subscriptions across occupied channels (a browser tab subscribes to its workspace and user channels), as the realtime server reports them.',
      registers,
    }),
    sourceUp: new Gauge({
      name: 'tramite_metrics_source_up',
      help: '1 when the source (event log, queues, realtime) answered during this scrape, 0 when it failed or timed out.',
      labelNames: ['source'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { tramiteMetrics?: Metrics };

/**
 * The process's metrics, created once: on globalThis, because Next may load
 * this module in more than one server bundle and dev reloads evaluate it again.
 */
export function metrics(): Metrics {
  globalForMetrics.tramiteMetrics ??= createMetrics();
  return globalForMetrics.tramiteMetrics;
}
