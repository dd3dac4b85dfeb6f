import { getBoss } from '@/server/jobs';
import type { Metrics } from './registry';

/** Jobs per queue and state, and the oldest ready job's wait, from pg-boss's own counts (kept by its monitor, every 10 s). */
export async function refreshQueueMetrics(target: Metrics): Promise<void> {
  const queues = await (await getBoss()).getQueues();
  target.queueJobs.reset();
  target.queueOldestReady.reset();
  // pg-boss's own queues (`__pgboss__…`) are its plumbing, not Tramite's work.
  for (const queue of queues.filter((candidate) => !candidate.name.startsWith('__pgboss__'))) {
    target.queueJobs.set({ queue: queue.name, state: 'ready' }, queue.readyCount);
    target.queueJobs.set({ queue: queue.name, state: 'deferred' }, queue.deferredCount);
    target.queueJobs.set({ queue: queue.name, state: 'active' }, queue.activeCount);
    target.queueJobs.set({ queue: queue.name, state: 'failed' }, queue.failedCount);
    if (queue.readyOldestSeconds != null) target.queueOldestReady.set({ queue: queue.name }, queue.readyOldestSeconds);
  }
}
