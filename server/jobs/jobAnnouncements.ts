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

/** Names `queues` on the channel, outside any transaction: call it after the inserting one has committed. */
export async function announceJobs(boss: PgBoss, queues: string[]): Promise<void> {
  if (queues.length === 0) return;
  await boss.getDb().executeSql(`select pg_notify('${channel}', queue) from unnest($1::text[]) as queue`, [queues]);
}

/** A queue's workers in this process, as announcements wake them. */
export type QueueWorkers = {
  /** For one announced job: wakes an idle worker, if any. */
  wake: () => void;
  /** Wakes them all (announcements may have been missed). */
  wakeAll: () => void;
};

/**
 * Wakes the workers of each announced queue, on pg-boss's self-healing
 * listener connection; all of them after it reconnects, as announcements
 * made while it was away are lost. Closed when `boss` stops.
 */
export async function wakeWorkersOnAnnouncements(boss: PgBoss, workers: ReadonlyMap<string, QueueWorkers>): Promise<void> {
  const db = boss.getDb();
  if (!db.listen) throw new Error("pg-boss's database connection cannot LISTEN");
  const handle = await db.listen(
    channel,
    (queue) => workers.get(queue)?.wake(),
    () => workers.forEach((queueWorkers) => queueWorkers.wakeAll()),
  );
  boss.once('stopped', () => void handle.close().catch(() => {}));
}
