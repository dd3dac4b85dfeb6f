import { withTimeout } from '../realtimeProbe';
import { logger } from '../logger';
import { refreshLogMetrics, type ObservedWorkflow } from './logMetrics';
import { refreshQueueMetrics } from './queueMetrics';
import { refreshRealtimeMetrics } from './realtimeMetrics';
import { metrics, type Metrics } from './registry';

/** Keeps a scrape well inside Prometheus's default 10 s scrape timeout. */
const budgetMs = { log: 4_000, queues: 3_000, realtime: 2_000 };

/**
 * Everything this process knows, in Prometheus's text format. The sources
 * outside the process (the log, pg-boss, the realtime server) are read now;
 * one that fails or is slow reports `tramite_metrics_source_up{source} 0`
 * and keeps its last values, rather than failing the scrape. Scrapes that
 * arrive together share one refresh, so the log is never counted twice.
 */
export async function collectMetrics(workflows: readonly ObservedWorkflow[]): Promise<{ contentType: string; body: string }> {
  const target = metrics();
  target.refreshing ??= refreshSources(target, workflows).finally(() => (target.refreshing = undefined));
  await target.refreshing;
  return { contentType: target.registry.contentType, body: await target.registry.metrics() };
}

async function refreshSources(target: Metrics, workflows: readonly ObservedWorkflow[]): Promise<void> {
  const sources: Record<string, () => Promise<void>> = {
    log: () => refreshLogMetrics(target, workflows, budgetMs.log),
    queues: () => withTimeout(refreshQueueMetrics(target), budgetMs.queues, 'pg-boss'),
    realtime: () => refreshRealtimeMetrics(target, budgetMs.realtime),
  };
  await Promise.all(
    Object.entries(sources).map(async ([source, refresh]) => {
      try {
        await refresh();
        target.sourceUp.set({ source }, 1);
      } catch (error) {
        target.sourceUp.set({ source }, 0);
        logger.warn({ err: error, source }, 'metrics source failed');
      }
    }),
  );
}
