/**
 * The pipeline benchmark's baseline worker, a child process like the real
 * worker: the document workflow's hops as bare pg-boss jobs that do no work.
 * One queue per step, created and worked with the same settings as the real
 * handler queues (retry policy, heartbeat, NOTIFY, fetch options); each job
 * enqueues the next hop, and the hop standing for the step that appends
 * DocumentReady announces it on the channel the benchmark listens to.
 *
 * Env: DATABASE_URL (the app role), BENCH_READY_HOP (0-based).
 */
import pg from 'pg';
import { documentWorkflow } from '@/server/documents';
import type { AsyncSubscription } from '@/server/events/handlers';
import { ensureHandlerQueue } from '@/server/events/handlerQueues';
import { workHandlerQueue } from '@/server/events/asyncHandlers';
import { announceJobs, createBoss, wakeWorkersOnAnnouncements, type QueueWorkers } from '@/server/jobs';
import { baselineQueue, readyChannel } from './pipelineChannels';

type HopJob = { documentId: string; tenantId: string };

async function main() {
  const databaseUrl = process.env.DATABASE_URL!;
  const readyHop = Number(process.env.BENCH_READY_HOP);
  const boss = createBoss(databaseUrl);
  boss.on('error', (error) => console.error('pg-boss error', error));
  await boss.start();
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const hops: AsyncSubscription[] = documentWorkflow.steps.map((step, index) => ({
    name: baselineQueue(index),
    mode: 'async',
    events: [],
    retry: step.retry,
    timeoutSeconds: step.timeoutSeconds,
    handle: async () => {},
  }));
  for (const hop of hops) await ensureHandlerQueue(boss, hop);
  const workers = new Map<string, QueueWorkers>();
  for (const [index, hop] of hops.entries()) {
    const next = hops[index + 1];
    const queueWorkers = await workHandlerQueue(boss, hop, async (job) => {
      const data = job.data as unknown as HopJob;
      if (next) {
        await boss.insert(`event-handler.${next.name}`, [{ data, group: { id: data.tenantId } }]);
        await announceJobs(boss, [`event-handler.${next.name}`]);
      }
      if (index === readyHop) await notifier.query('select pg_notify($1, $2)', [readyChannel, `document-${data.documentId}`]);
      return { id: job.id, status: 'completed' };
    });
    workers.set(`event-handler.${hop.name}`, queueWorkers);
  }
  await wakeWorkersOnAnnouncements(boss, workers);
  console.log('baseline worker started');
  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 5_000 });
    await notifier.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
