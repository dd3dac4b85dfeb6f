import type { PgBoss } from 'pg-boss';

/**
 * How a worker hears that jobs are waiting sooner than its poll: once the
 * transaction that inserted them has committed, the enqueuing process names
 * their queues on this channel. pg-boss's own wake-up (a queue's `notify`)
 * sends the NOTIFY inside the inserting transaction, and Postgres serialises
 * the commits of all transactions that notified, each holding that lock
 * through its WAL flush: with a job per workflow step, that one lock capped
 * the pipeline. An announcement on its own writes nothing, so it waits for no
 * flush. One lost (the process died between the commit and it) costs a poll.
 */
const channel = 'tramite_jobs';

/** A queue's workers in this process, as announcements wake them. */
export type QueueWorkers = {
  /** For one announced job: wakes an idle worker and says so, or says there was none. */
  wake: () => boolean;
  /** Wakes them all (announcements may have been missed). */
  wakeAll: () => void;
};

/** The queues each pg-boss in this process works, as wakeWorkersOnAnnouncements registered them. */
const localWorkers = new WeakMap<PgBoss, ReadonlyMap<string, QueueWorkers>>();

/**
 * Tells the workers of `queues` that jobs are waiting: call it once the
 * inserting transaction has committed. A queue this process works itself,
 * with a worker idle, wakes that worker directly (a workflow's worker
 * enqueues the next step for itself); the rest are named on the channel,
 * outside any transaction, for every worker process to hear. Skipping the
 * channel spares a round trip to Postgres and a notification to each
 * listener per step, which on a small machine is a good share of a step's
 * cost.
 */
export async function announceJobs(boss: PgBoss, queues: string[]): Promise<void> {
  const local = localWorkers.get(boss);
  const unheard = queues.filter((queue) => !local?.get(queue)?.wake());
  if (unheard.length === 0) return;
  await boss.getDb().executeSql(`select pg_notify('${channel}', queue) from unnest($1::text[]) as queue`, [unheard]);
}

/**
 * Wakes the workers of each announced queue, on pg-boss's self-healing
 * listener connection; all of them after it reconnects, as announcements
 * made while it was away are lost. Closed when `boss` stops.
 */
export async function wakeWorkersOnAnnouncements(boss: PgBoss, workers: ReadonlyMap<string, QueueWorkers>): Promise<void> {
  const db = boss.getDb();
  if (!db.listen) throw new Error("pg-boss's database connection cannot LISTEN");
  localWorkers.set(boss, workers);
  const handle = await db.listen(
    channel,
    (queue) => workers.get(queue)?.wake(),
    () => workers.forEach((queueWorkers) => queueWorkers.wakeAll()),
  );
  boss.once('stopped', () => {
    localWorkers.delete(boss);
    void handle.close().catch(() => {});
  });
}
