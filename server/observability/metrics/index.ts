import 'server-only';
// The Prometheus metrics: their own entry point, so that the modules they read (db, jobs, realtime) can import the logger without a cycle.
export { collectMetrics } from './collectMetrics';
export { bearerMatches } from './bearerMatches';
export type { ObservedWorkflow } from './logMetrics';
